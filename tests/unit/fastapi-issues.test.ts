import { Body, Controller, createApp, Post } from '@arobase/core';
import { shapeIssues } from '@arobase/core/internal';
import { expect } from 'chai';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

class SignupIn {
  @IsEmail() @MaxLength(200) email!: string;
  @IsString() @MinLength(8) @MaxLength(200) password!: string;
}

@Controller('/f')
class FormController {
  @Post('/signup')
  signup(@Body() body: SignupIn) {
    return { email: body.email };
  }
}

describe('422 issues in FastAPI’s shape', () => {
  it('an absent field is one `missing` issue, without input', () => {
    const shaped = shapeIssues(
      [
        { loc: ['body', 'email'], msg: 'email must be an email', type: 'isEmail' },
        {
          loc: ['body', 'email'],
          msg: 'email must be shorter than or equal to 200 characters',
          type: 'maxLength',
        },
      ],
      {},
      ['body'],
    );
    expect(shaped).to.deep.equal([{ loc: ['body', 'email'], msg: 'Field required', type: 'missing' }]);
  });

  it('a value of the wrong type is one issue, its type’s, with the input', () => {
    const shaped = shapeIssues(
      [
        {
          loc: ['body', 'title'],
          msg: 'title must be shorter than or equal to 200 characters',
          type: 'maxLength',
        },
        {
          loc: ['body', 'title'],
          msg: 'title must be longer than or equal to 1 characters',
          type: 'minLength',
        },
        { loc: ['body', 'title'], msg: 'title must be a string', type: 'isString' },
      ],
      { title: 5 },
      ['body'],
    );
    expect(shaped).to.deep.equal([
      { loc: ['body', 'title'], msg: 'title must be a string', type: 'isString', input: 5 },
    ]);
  });

  it('other rule failures are all listed, each with the input', () => {
    const shaped = shapeIssues(
      [
        { loc: ['body', 'name'], msg: 'too short', type: 'minLength' },
        { loc: ['body', 'name'], msg: 'no match', type: 'matches' },
      ],
      { name: 'a' },
      ['body'],
    );
    expect(shaped).to.deep.equal([
      { loc: ['body', 'name'], msg: 'too short', type: 'minLength', input: 'a' },
      { loc: ['body', 'name'], msg: 'no match', type: 'matches', input: 'a' },
    ]);
  });

  it('a key on Object.prototype is absent, not present', () => {
    const shaped = shapeIssues([{ loc: ['body', 'constructor'], msg: 'x', type: 'isString' }], {}, ['body']);
    expect(shaped).to.deep.equal([{ loc: ['body', 'constructor'], msg: 'Field required', type: 'missing' }]);
  });

  it('through the app: an empty signup is one missing issue per field', async () => {
    const app = await createApp({ controllers: [FormController] });
    try {
      const empty = await app.inject({ method: 'POST', url: '/f/signup', payload: {} });
      expect(empty.statusCode).to.equal(422);
      expect(empty.json()).to.deep.equal({
        detail: [
          { loc: ['body', 'email'], msg: 'Field required', type: 'missing' },
          { loc: ['body', 'password'], msg: 'Field required', type: 'missing' },
        ],
      });
      const wrong = await app.inject({
        method: 'POST',
        url: '/f/signup',
        payload: { email: 'a@b.co', password: 5 },
      });
      expect(wrong.json()).to.deep.equal({
        detail: [{ loc: ['body', 'password'], msg: 'password must be a string', type: 'isString', input: 5 }],
      });
    } finally {
      await app.close();
    }
  });
});
