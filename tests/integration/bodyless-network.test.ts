// Rule 4 and HEAD as a client on the network sees them: what Node puts on the socket, not inject's view.
import { Controller, createApp, Get, Param, Res, type Response } from '@arobase/core';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { headerValues, listen, rawRequest } from '../helpers/server';

@Controller()
class StatusController {
  @Get('/status/:code')
  byStatus(@Res() res: Response, @Param('code') code: number) {
    res.status = code;
    res.headers.set('X-Status', String(code));
    return { ignored: true };
  }
}

describe('body-less statuses and HEAD over a real socket', () => {
  let app: FastifyInstance;
  let target: { host: string; port: number };
  before(async () => {
    app = await createApp({ controllers: [StatusController] });
    target = await listen(app);
  });
  after(() => app.close());

  for (const status of [204, 304]) {
    it(`${status}: no body, no content-type, no content-length`, async () => {
      const answer = await rawRequest(target, 'GET', `/status/${status}`);
      expect(answer.status).to.equal(status);
      expect(answer.body.length).to.equal(0);
      expect(headerValues(answer, 'content-type')).to.deep.equal([]);
      expect(headerValues(answer, 'content-length')).to.deep.equal([]);
      expect(headerValues(answer, 'x-status')).to.deep.equal([String(status)]);
    });
  }

  for (const status of [100, 103, 199]) {
    it(`${status} cannot end a request: a logged 500, not a hung client`, async () => {
      const answer = await rawRequest(target, 'GET', `/status/${status}`);
      expect(answer.status).to.equal(500);
      expect(answer.body.toString()).to.equal('{"detail":"Internal Server Error"}');
      expect(headerValues(answer, 'x-status')).to.deep.equal([]);
    });
  }

  it('a 1xx route status is refused at start-up', async () => {
    @Controller()
    class Informational {
      @Get('/', { status: 103 })
      early() {
        return {};
      }
    }
    let error: unknown;
    try {
      await createApp({ controllers: [Informational] });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(TypeError);
    expect((error as Error).message).to.match(/informational/);
  });

  it('205: no body, no content-type, content-length 0', async () => {
    const answer = await rawRequest(target, 'GET', '/status/205');
    expect(answer.status).to.equal(205);
    expect(answer.body.length).to.equal(0);
    expect(headerValues(answer, 'content-type')).to.deep.equal([]);
    expect(headerValues(answer, 'content-length')).to.deep.equal(['0']);
  });

  it('HEAD: the GET status and headers with no body', async () => {
    const get = await rawRequest(target, 'GET', '/status/200');
    const head = await rawRequest(target, 'HEAD', '/status/200');
    expect(head.status).to.equal(200);
    expect(head.body.length).to.equal(0);
    expect(headerValues(head, 'content-type')).to.deep.equal(headerValues(get, 'content-type'));
    expect(headerValues(head, 'content-length')).to.deep.equal(headerValues(get, 'content-length'));
    expect(headerValues(head, 'x-status')).to.deep.equal(['200']);
  });
});
