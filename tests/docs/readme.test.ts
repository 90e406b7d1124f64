// The README's first controller and its test snippet, run as written.
// biome-ignore-all lint/suspicious/noExportsInTest: the README exports its controller

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Cookie, createApp, Get, Param, Res, type Response } from '@arobase/core';
import { arobaseChai, TestClient } from '@arobase/testing';
import * as chai from 'chai';
import { expect } from 'chai';

chai.use(arobaseChai);

@Controller('/hello')
export class HelloController {
  @Get('/:name')
  greet(@Param('name') name: string, @Cookie('visits') visits = '0', @Res() res: Response) {
    const count = Number(visits) + 1;
    res.setCookie('visits', String(count), { maxAge: 3600 }); // HttpOnly; Secure; SameSite=Lax by default
    res.headers.set('Cache-Control', 'no-store');
    return { hello: name, visits: count }; // plain data, sent as JSON
  }
}

// The README's test snippet, at the top level as it is written there.
it('greets and counts visits', async () => {
  const client = new TestClient(await createApp({ controllers: [HelloController] }));
  const res = await client.get('/hello/ada');
  expect(res).to.have.status(200).and.cookie('visits', '1').that.is.httpOnly.and.secure;
  expect((await client.get('/hello/ada')).json()).to.deep.equal({ hello: 'ada', visits: 2 }); // the jar sent it back
});

describe('README', () => {
  const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  const source = readFileSync(join(__dirname, '..', '..', '..', 'tests', 'docs', 'readme.test.ts'), 'utf8');

  it('quotes the controller run here', () => {
    const controller = /(@Controller\('\/hello'\)[\s\S]*?\n\}\n)/.exec(source)![1];
    expect(readme).to.contain(controller);
  });

  it('quotes the test snippet run here', () => {
    const snippet = /(it\('greets and counts visits'[\s\S]*?\n\}\);\n)/.exec(source)![1];
    expect(readme).to.contain(snippet);
  });

  it('links every docs page', () => {
    for (const page of readdirSync(join(__dirname, '..', '..', '..', 'docs')).filter((f) =>
      f.endsWith('.md'),
    )) {
      expect(readme).to.contain(`(docs/${page})`);
    }
  });

  it('answers as it says', async () => {
    const client = new TestClient(await createApp({ controllers: [HelloController] }));
    const res = await client.get('/hello/ada');
    expect(res.text).to.equal('{"hello":"ada","visits":1}');
    expect(readme).to.contain(`\`${res.text}\``);
    expect(readme).to.contain(`\`Set-Cookie: ${res.headers['set-cookie']![0]}\``);
  });
});
