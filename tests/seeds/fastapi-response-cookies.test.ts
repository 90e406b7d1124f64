// Seed "Response Cookies" (FastAPI docs): cookies through the injected Response, through a dependency,
// and through a returned JSONResponse.
import {
  Controller,
  createApp,
  Depends,
  JSONResponse,
  Post,
  Res,
  type Response,
  ResponseModel,
} from '@arobase/core';
import { expect } from 'chai';
import { Expose } from 'class-transformer';
import type { FastifyInstance } from 'fastify';
import { cookieNamed, parseSetCookies } from '../helpers/set-cookie';

class Message {
  @Expose() message!: string;
}

class SessionCookie {
  resolve(@Res() res: Response) {
    res.setCookie('from_dependency', 'yes');
    return 'ok';
  }
}

@Controller()
class CookieController {
  @Post('/cookie-and-object/')
  createCookie(@Res() response: Response) {
    response.setCookie('fakesession', 'fake-cookie-session-value');
    return { message: 'Come to the dark side, we have cookies' };
  }

  // "If you declared a response_model, it will still be used to filter and convert the object."
  @Post('/cookie-and-model/')
  @ResponseModel(Message)
  createCookieFiltered(@Res() response: Response) {
    response.setCookie('fakesession', 'fake-cookie-session-value');
    return { message: 'Come to the dark side, we have cookies', secret: 'never sent' };
  }

  // "You can also declare the Response parameter in dependencies, and set cookies (and headers) in them."
  @Post('/cookie-from-dependency/')
  fromDependency(@Depends(SessionCookie) _session: string) {
    return { message: 'Come to the dark side, we have cookies' };
  }

  @Post('/cookie/')
  createCookieOnResponse() {
    const content = { message: 'Come to the dark side, we have cookies' };
    const response = new JSONResponse(content);
    response.setCookie('fakesession', 'fake-cookie-session-value');
    return response;
  }
}

describe('seed: FastAPI Response Cookies', () => {
  let app: FastifyInstance;
  before(async () => {
    app = await createApp({ controllers: [CookieController] });
  });
  after(() => app.close());

  const fakeSession = {
    name: 'fakesession',
    value: 'fake-cookie-session-value',
    path: '/',
    domain: null,
    maxAge: null,
    expires: null,
    secure: true,
    httpOnly: true,
    sameSite: 'lax',
    partitioned: false,
    priority: null,
  };

  it('POST /cookie-and-object/ returns the data and the cookie set on the injected Response', async () => {
    const res = await app.inject({ method: 'POST', url: '/cookie-and-object/' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(res.json()).to.deep.equal({ message: 'Come to the dark side, we have cookies' });
    const cookies = parseSetCookies(res.headers);
    expect(cookies).to.have.length(1);
    expect(cookies[0]).to.deep.include(fakeSession);
  });

  it('a response model still filters the data while the cookie goes out', async () => {
    const res = await app.inject({ method: 'POST', url: '/cookie-and-model/' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ message: 'Come to the dark side, we have cookies' });
    expect(cookieNamed(res.headers, 'fakesession')).to.deep.include(fakeSession);
  });

  it('a dependency sets a cookie on the same Response', async () => {
    const res = await app.inject({ method: 'POST', url: '/cookie-from-dependency/' });
    expect(res.statusCode).to.equal(200);
    expect(cookieNamed(res.headers, 'from_dependency')).to.include({
      value: 'yes',
      httpOnly: true,
      secure: true,
    });
  });

  it('POST /cookie/ sends the cookie set on a returned JSONResponse', async () => {
    const res = await app.inject({ method: 'POST', url: '/cookie/' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ message: 'Come to the dark side, we have cookies' });
    const cookies = parseSetCookies(res.headers);
    expect(cookies).to.have.length(1);
    expect(cookies[0]).to.deep.include(fakeSession);
  });
});
