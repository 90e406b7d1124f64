import { Controller, createApp, Get, Param, Res, type Response } from '@arobase/core';
import { expect } from 'chai';

@Controller('/items')
class ItemController {
  @Get('/:id')
  get(@Param('id') id: number, @Res() res: Response) {
    res.headers.set('X-Item', String(id));
    return { id };
  }
}

describe('smoke: a controller on Fastify', () => {
  it('serves a route with a coerced parameter and an injected header', async () => {
    const app = await createApp({ controllers: [ItemController] });
    const res = await app.inject({ url: '/items/42' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['x-item']).to.equal('42');
    expect(res.json()).to.deep.equal({ id: 42 });
  });
});
