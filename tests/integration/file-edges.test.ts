// FileResponse at its edges: validators given by the handler, a suffix range longer than the file,
// a file whose size stat does not know, and paths that are not regular files.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, createApp, FileResponse, Get, Query } from '@arobase/core';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { listen } from '../helpers/server';

const dir = mkdtempSync(join(tmpdir(), 'arobase-file-edges-'));
const BIG = join(dir, 'big.bin');
const FIFO = join(dir, 'pipe');
const CONTENT = Buffer.from(Array.from({ length: 100_000 }, (_, i) => i % 251));
const ETAG = '"v42"';
const MODIFIED = 'Tue, 01 Dec 2026 10:00:00 GMT';

@Controller()
class FileController {
  @Get('/big')
  big() {
    return new FileResponse(BIG);
  }

  @Get('/tagged')
  tagged() {
    return new FileResponse(BIG, { headers: { ETag: ETAG } });
  }

  @Get('/dated')
  dated() {
    return new FileResponse(BIG, { headers: { 'Last-Modified': MODIFIED } });
  }

  @Get('/path')
  path(@Query('p') p: string) {
    return new FileResponse(p);
  }
}

describe('FileResponse edges', () => {
  let app: FastifyInstance;

  before(async () => {
    writeFileSync(BIG, CONTENT);
    execFileSync('mkfifo', [FIFO]);
    app = await createApp({ controllers: [FileController] });
  });

  after(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('an ETag or Last-Modified given in init.headers', () => {
    it('is the one sent, in place of the generated one', async () => {
      const res = await app.inject({ url: '/tagged' });
      expect(res.statusCode).to.equal(200);
      expect(res.headers.etag).to.equal(ETAG);
      expect(res.headers['last-modified']).to.equal(undefined);
      expect(res.rawPayload.equals(CONTENT)).to.equal(true);
    });

    it('answers If-None-Match with the given tag by a 304, and another tag by the file', async () => {
      const hit = await app.inject({ url: '/tagged', headers: { 'if-none-match': ETAG } });
      expect(hit.statusCode).to.equal(304);
      expect(hit.body).to.equal('');
      expect(hit.headers.etag).to.equal(ETAG);
      expect(
        (await app.inject({ url: '/tagged', headers: { 'if-none-match': '"v41"' } })).statusCode,
      ).to.equal(200);
      expect(
        (await app.inject({ url: '/tagged', headers: { 'if-none-match': `W/${ETAG}` } })).statusCode,
      ).to.equal(304);
    });

    it('sends the range for an If-Range with the given tag, and the whole file for a stale one', async () => {
      const fresh = await app.inject({ url: '/tagged', headers: { range: 'bytes=0-9', 'if-range': ETAG } });
      expect(fresh.statusCode).to.equal(206);
      expect(fresh.headers['content-range']).to.equal('bytes 0-9/100000');
      expect(fresh.rawPayload.equals(CONTENT.subarray(0, 10))).to.equal(true);
      const stale = await app.inject({
        url: '/tagged',
        headers: { range: 'bytes=0-9', 'if-range': '"v41"' },
      });
      expect(stale.statusCode).to.equal(200);
      expect(stale.rawPayload.length).to.equal(CONTENT.length);
      const several = await app.inject({
        url: '/tagged',
        headers: { range: 'bytes=0-1,5-6', 'if-range': ETAG },
      });
      expect(several.statusCode).to.equal(206);
      expect(several.headers['content-type']).to.match(/^multipart\/byteranges/);
    });

    it('checks If-Match against the given tag (412 otherwise)', async () => {
      expect((await app.inject({ url: '/tagged', headers: { 'if-match': ETAG } })).statusCode).to.equal(200);
      const failed = await app.inject({ url: '/tagged', headers: { 'if-match': '"v41"' } });
      expect(failed.statusCode).to.equal(412);
      expect(failed.json()).to.deep.equal({ detail: 'Precondition Failed' });
    });

    it('answers If-Modified-Since against the given Last-Modified', async () => {
      const res = await app.inject({ url: '/dated', headers: { 'if-modified-since': MODIFIED } });
      expect(res.statusCode).to.equal(304);
      expect(res.headers['last-modified']).to.equal(MODIFIED);
      expect(res.headers.etag).to.equal(undefined);
      const older = await app.inject({
        url: '/dated',
        headers: { 'if-modified-since': 'Mon, 30 Nov 2026 10:00:00 GMT' },
      });
      expect(older.statusCode).to.equal(200);
      const range = await app.inject({
        url: '/dated',
        headers: { range: 'bytes=0-3', 'if-range': MODIFIED },
      });
      expect(range.statusCode).to.equal(206);
    });
  });

  describe('a suffix range longer than the file', () => {
    for (const range of ['bytes=-99999999999', 'bytes=-100001', 'bytes=-99999999999, 0-1']) {
      it(`${range} is the whole file`, async () => {
        const res = await app.inject({ url: '/big', headers: { range } });
        expect(res.statusCode).to.equal(206);
        expect(res.headers['content-range']).to.equal('bytes 0-99999/100000');
        expect(res.rawPayload.equals(CONTENT)).to.equal(true);
      });
    }

    it('a suffix within the file is still the last bytes', async () => {
      const res = await app.inject({ url: '/big', headers: { range: 'bytes=-10' } });
      expect(res.headers['content-range']).to.equal('bytes 99990-99999/100000');
    });
  });

  describe('a file whose size stat does not know (/proc)', () => {
    it('is sent whole without a Content-Length, and the next answer on the socket is intact', async () => {
      const server = await listen(app);
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const get = (path: string) =>
          new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
            (resolve, reject) => {
              httpRequest({ ...server, path, agent }, (res) => {
                let body = '';
                res.setEncoding('latin1');
                res.on('data', (c: string) => {
                  body += c;
                });
                res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
              })
                .on('error', reject)
                .end();
            },
          );
        const proc = await get('/path?p=/proc/self/status');
        expect(proc.status).to.equal(200);
        expect(proc.headers['content-length']).to.equal(undefined);
        expect(proc.body)
          .to.match(/^Name:/)
          .and.include('Pid:');
        const next = await get('/big');
        expect(next.status).to.equal(200);
        expect(Buffer.from(next.body, 'latin1').equals(CONTENT)).to.equal(true);
      } finally {
        agent.destroy();
        await app.close();
        app = await createApp({ controllers: [FileController] });
      }
    });
  });

  describe('a path that is not a regular file', () => {
    it('a FIFO is a 404 at once, and never takes a libuv thread (more than the pool size of them)', async () => {
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => app.inject({ url: `/path?p=${encodeURIComponent(FIFO)}` })),
      );
      for (const res of answers) {
        expect(res.statusCode).to.equal(404);
        expect(res.json()).to.deep.equal({ detail: 'Not Found' });
      }
      // Had they opened the FIFO, the four threads of libuv's pool would be stuck and this would hang.
      expect((await app.inject({ url: '/big' })).statusCode).to.equal(200);
    });

    it('a character device (/dev/zero) is a 404, not an endless body', async () => {
      const res = await app.inject({ url: '/path?p=/dev/zero' });
      expect(res.statusCode).to.equal(404);
    });
  });
});
