import { STATUS_CODES } from 'node:http';
import { Controller, createApp, HttpException, Post, status } from '@arobase/core';
import { expect } from 'chai';

// A compile-time check: each constant is its number literal, so it fits where a literal is expected.
const created: 201 = status.HTTP_201_CREATED;
const teapot: 418 = status.HTTP_418_IM_A_TEAPOT;

describe('status: FastAPI’s named constants', () => {
  it('each name carries its own code, and Node knows a reason phrase for every one', () => {
    expect([created, teapot]).to.deep.equal([201, 418]);
    const entries = Object.entries(status);
    expect(entries.length).to.be.greaterThan(60);
    for (const [name, code] of entries) {
      expect(name, name).to.match(/^HTTP_(\d{3})_[A-Z_]+$/);
      expect(Number(name.slice(5, 8)), name).to.equal(code);
      // 306 is reserved: Node names no phrase for it.
      if (code !== 306) expect(STATUS_CODES[code], name).to.be.a('string');
    }
  });

  it('names both the current and the older names FastAPI keeps', () => {
    expect(status.HTTP_422_UNPROCESSABLE_ENTITY).to.equal(422);
    expect(status.HTTP_422_UNPROCESSABLE_CONTENT).to.equal(422);
    expect(status.HTTP_413_CONTENT_TOO_LARGE).to.equal(413);
    expect(status.HTTP_416_REQUESTED_RANGE_NOT_SATISFIABLE).to.equal(416);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(status)).to.equal(true);
  });

  it('serves as a route status and an exception status', async () => {
    @Controller('/s')
    class StatusController {
      @Post('/', { status: status.HTTP_201_CREATED })
      create() {
        return { ok: true };
      }

      @Post('/gone')
      gone() {
        throw new HttpException(status.HTTP_410_GONE, 'Gone for good');
      }
    }
    const app = await createApp({ controllers: [StatusController] });
    try {
      expect((await app.inject({ method: 'POST', url: '/s' })).statusCode).to.equal(201);
      const gone = await app.inject({ method: 'POST', url: '/s/gone' });
      expect(gone.statusCode).to.equal(410);
      expect(gone.json()).to.deep.equal({ detail: 'Gone for good' });
    } finally {
      await app.close();
    }
  });
});
