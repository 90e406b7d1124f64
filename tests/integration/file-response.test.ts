import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Controller, createApp, FileResponse, Get, Query, Res, type Response } from '@arobase/core';
import { expect } from 'chai';
import { parse as parseDisposition } from 'content-disposition';
import type { FastifyInstance } from 'fastify';

const dir = mkdtempSync(join(tmpdir(), 'arobase-files-'));
const CONTENT = Array.from({ length: 1000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
const MTIME = new Date('2024-03-01T12:00:00Z');
const data = join(dir, 'data.txt');
const blob = join(dir, 'blob');
const odd = join(dir, 'odd %23 name #?.txt');
const dotfile = join(dir, '.env');
const sub = join(dir, 'sub');
const large = join(dir, 'large.bin');

/** A response kept in a constant and returned to every request. */
const SHARED = new FileResponse(data);

@Controller('/files')
class FileController {
  @Get('/data')
  data() {
    return new FileResponse(data);
  }

  @Get('/download')
  download(@Query('name') name: string = 'data.txt') {
    return new FileResponse(data, { filename: name });
  }

  @Get('/blob-as-csv')
  blobAsCsv() {
    return new FileResponse(blob, { filename: 'report.csv' });
  }

  @Get('/blob')
  blob() {
    return new FileResponse(blob);
  }

  @Get('/inline')
  inline() {
    return new FileResponse(data, { filename: 'notes.txt', disposition: 'inline' });
  }

  @Get('/inline-anonymous')
  inlineAnonymous() {
    return new FileResponse(data, { disposition: 'inline' });
  }

  @Get('/typed')
  typed() {
    return new FileResponse(data, {
      mediaType: 'text/csv',
      status: 203,
      headers: { 'Cache-Control': 'no-store' },
    });
  }

  @Get('/odd')
  odd() {
    return new FileResponse(odd);
  }

  @Get('/dotfile')
  dotfile() {
    return new FileResponse(dotfile);
  }

  @Get('/missing')
  missing(@Res() res: Response) {
    res.setCookie('tried', '1');
    return new FileResponse(join(dir, 'nope.txt'));
  }

  @Get('/directory')
  directory() {
    return new FileResponse(sub);
  }

  @Get('/with-res')
  withRes(@Res() res: Response) {
    res.setCookie('seen', 'yes', { maxAge: 60 });
    res.headers.set('X-Trace', 'abc');
    res.headers.set('Content-Type', 'application/x-ignored');
    return new FileResponse(data, { filename: 'data.txt' });
  }

  @Get('/large')
  large() {
    return new FileResponse(large);
  }

  @Get('/shared')
  shared() {
    return SHARED;
  }

  @Get('/as-class', { responseClass: FileResponse })
  asClass(@Res() res: Response) {
    res.headers.set('X-From', 'res');
    return data;
  }
}

describe('FileResponse', () => {
  let app: FastifyInstance;

  before(async () => {
    writeFileSync(data, CONTENT);
    writeFileSync(blob, 'a,b\n1,2\n');
    writeFileSync(odd, 'odd');
    writeFileSync(dotfile, 'SECRET=1');
    mkdirSync(sub);
    utimesSync(data, MTIME, MTIME);
    app = await createApp({ controllers: [FileController] });
  });

  after(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers });

  describe('a whole file', () => {
    it('sends the bytes with length, validators, Accept-Ranges and a media type from the extension', async () => {
      const res = await get('/files/data');
      expect(res.statusCode).to.equal(200);
      expect(res.body).to.equal(CONTENT);
      expect(res.headers['content-type']).to.equal('text/plain; charset=utf-8');
      expect(res.headers['content-length']).to.equal('1000');
      expect(res.headers['accept-ranges']).to.equal('bytes');
      expect(res.headers['last-modified']).to.equal(MTIME.toUTCString());
      expect(res.headers.etag).to.match(/^W\/"[0-9a-f]+-[0-9a-f]+"$/);
      expect(res.headers).to.not.have.property('content-disposition');
      expect(res.headers).to.not.have.property('cache-control');
    });

    it('takes the media type from the filename first, and octet-stream when nothing tells', async () => {
      const csv = await get('/files/blob-as-csv');
      expect(csv.headers['content-type']).to.equal('text/csv; charset=utf-8');
      expect(csv.body).to.equal('a,b\n1,2\n');
      const bare = await get('/files/blob');
      expect(bare.headers['content-type']).to.equal('application/octet-stream');
    });

    it('keeps an explicit media type (with charset), status and headers', async () => {
      const res = await get('/files/typed');
      expect(res.statusCode).to.equal(203);
      expect(res.headers['content-type']).to.equal('text/csv; charset=utf-8');
      expect(res.headers['cache-control']).to.equal('no-store');
      expect(res.body).to.equal(CONTENT);
    });

    it('serves names with %, #, ? and spaces, and dotfiles, as the handler named them', async () => {
      expect((await get('/files/odd')).body).to.equal('odd');
      const dot = await get('/files/dotfile');
      expect(dot.statusCode).to.equal(200);
      expect(dot.body).to.equal('SECRET=1');
    });
  });

  describe('Content-Disposition', () => {
    it('is an attachment with the filename when one is given', async () => {
      const res = await get('/files/download');
      const disposition = parseDisposition(res.headers['content-disposition'] as string);
      expect(disposition.type).to.equal('attachment');
      expect(disposition.parameters).to.deep.equal({ filename: 'data.txt' });
    });

    for (const name of [
      'résumé.pdf',
      '日本語 ファイル.txt',
      'my "quoted" file.txt',
      'two  spaces.txt',
      "l'été.csv",
    ]) {
      it(`round-trips ${JSON.stringify(name)} in an ASCII-only header`, async () => {
        const res = await get(`/files/download?name=${encodeURIComponent(name)}`);
        expect(res.statusCode).to.equal(200);
        const header = res.headers['content-disposition'] as string;
        expect(header).to.match(/^[\x20-\x7e]+$/);
        const disposition = parseDisposition(header);
        expect(disposition.type).to.equal('attachment');
        expect(disposition.parameters.filename).to.equal(name);
        if (/[^\x20-\x7e]/.test(name)) expect(header).to.include("filename*=UTF-8''");
      });
    }

    it('is inline when asked, with or without a filename', async () => {
      const named = parseDisposition((await get('/files/inline')).headers['content-disposition'] as string);
      expect(named).to.deep.equal({ type: 'inline', parameters: { filename: 'notes.txt' } });
      const anonymous = await get('/files/inline-anonymous');
      expect(anonymous.headers['content-disposition']).to.equal('inline');
    });

    it('refuses a disposition other than attachment or inline', () => {
      expect(() => new FileResponse(data, { disposition: 'evil' as 'inline' })).to.throw(
        TypeError,
        /disposition/,
      );
      expect(() => new FileResponse('')).to.throw(TypeError, /path/);
    });
  });

  describe('Range', () => {
    it('answers one range with 206 and Content-Range', async () => {
      const res = await get('/files/data', { range: 'bytes=0-9' });
      expect(res.statusCode).to.equal(206);
      expect(res.headers['content-range']).to.equal('bytes 0-9/1000');
      expect(res.headers['content-length']).to.equal('10');
      expect(res.body).to.equal(CONTENT.slice(0, 10));
      const suffix = await get('/files/data', { range: 'bytes=-5' });
      expect(suffix.headers['content-range']).to.equal('bytes 995-999/1000');
      expect(suffix.body).to.equal(CONTENT.slice(995));
    });

    it('answers several ranges with a multipart/byteranges body of the right length', async () => {
      const res = await get('/files/data', { range: 'bytes=0-4, 100-109,-3' });
      expect(res.statusCode).to.equal(206);
      expect(res.headers).to.not.have.property('content-range');
      expect(res.headers['accept-ranges']).to.equal('bytes');
      expect(res.headers.etag).to.match(/^W\//);
      expect(res.headers['content-length']).to.equal(String(res.rawPayload.length));
      const parts = parseMultipart(res.headers['content-type'] as string, res.rawPayload);
      expect(parts).to.deep.equal([
        { type: 'text/plain; charset=utf-8', range: 'bytes 0-4/1000', body: CONTENT.slice(0, 5) },
        { type: 'text/plain; charset=utf-8', range: 'bytes 100-109/1000', body: CONTENT.slice(100, 110) },
        { type: 'text/plain; charset=utf-8', range: 'bytes 997-999/1000', body: CONTENT.slice(997) },
      ]);
    });

    it('uses a new boundary for every answer', async () => {
      const a = await get('/files/data', { range: 'bytes=0-1,5-6' });
      const b = await get('/files/data', { range: 'bytes=0-1,5-6' });
      expect(a.headers['content-type']).to.not.equal(b.headers['content-type']);
    });

    it('merges overlapping ranges and drops unsatisfiable ones', async () => {
      const merged = await get('/files/data', { range: 'bytes=0-4,3-8' });
      expect(merged.statusCode).to.equal(206);
      expect(merged.headers['content-range']).to.equal('bytes 0-8/1000');
      expect(merged.headers['content-length']).to.equal('9');
      expect(merged.body).to.equal(CONTENT.slice(0, 9));
      const partly = await get('/files/data', { range: 'bytes=0-1,5000-6000' });
      expect(partly.headers['content-range']).to.equal('bytes 0-1/1000');
      expect(partly.body).to.equal(CONTENT.slice(0, 2));
    });

    for (const range of ['bytes=5000-6000', 'bytes=2000-3000,4000-5000']) {
      it(`answers ${range} with 416 and Content-Range: bytes */size`, async () => {
        const res = await get('/files/data', { range });
        expect(res.statusCode).to.equal(416);
        expect(res.headers['content-range']).to.equal('bytes */1000');
        expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
        expect(res.json()).to.deep.equal({ detail: 'Range Not Satisfiable' });
      });
    }

    it('sends the whole file for a malformed multi-range header or too many ranges', async () => {
      const malformed = await get('/files/data', { range: 'bytes=0-1,x' });
      expect(malformed.statusCode).to.equal(200);
      expect(malformed.body).to.equal(CONTENT);
      const many = Array.from({ length: 65 }, (_, i) => `${i * 10}-${i * 10 + 1}`).join(',');
      const tooMany = await get('/files/data', { range: `bytes=${many}` });
      expect(tooMany.statusCode).to.equal(200);
      expect(tooMany.headers['content-length']).to.equal('1000');
      expect(tooMany.body).to.equal(CONTENT);
    });

    it('honours If-Range: ranges while the validator matches, the whole file once it does not', async () => {
      const { headers } = await get('/files/data');
      const etag = headers.etag as string;
      const lastModified = headers['last-modified'] as string;
      for (const range of ['bytes=0-1', 'bytes=0-1,5-6']) {
        expect((await get('/files/data', { range, 'if-range': etag })).statusCode).to.equal(206);
        expect((await get('/files/data', { range, 'if-range': lastModified })).statusCode).to.equal(206);
        const stale = await get('/files/data', { range, 'if-range': 'W/"0-0"' });
        expect(stale.statusCode).to.equal(200);
        expect(stale.body).to.equal(CONTENT);
        const old = await get('/files/data', { range, 'if-range': new Date(0).toUTCString() });
        expect(old.statusCode).to.equal(200);
      }
    });

    it('serves different ranges of one shared response to concurrent requests', async () => {
      const ranges = Array.from({ length: 40 }, (_, i) => [i * 20, i * 20 + 9 + (i % 3)]);
      const answers = await Promise.all(
        ranges.map(([start, end], i) =>
          get('/files/shared', { range: i % 2 ? `bytes=${start}-${end}` : `bytes=${start}-${end},990-999` }),
        ),
      );
      answers.forEach((res, i) => {
        const [start, end] = ranges[i];
        expect(res.statusCode).to.equal(206);
        if (i % 2) expect(res.body).to.equal(CONTENT.slice(start, end + 1));
        else
          expect(parseMultipart(res.headers['content-type'] as string, res.rawPayload)[0].body).to.equal(
            CONTENT.slice(start, end + 1),
          );
      });
    });
  });

  describe('conditional GET', () => {
    it('answers If-None-Match with the ETag by 304, without body or content headers', async () => {
      const { headers } = await get('/files/data');
      const res = await get('/files/data', { 'if-none-match': headers.etag as string });
      expect(res.statusCode).to.equal(304);
      expect(res.body).to.equal('');
      expect(res.headers.etag).to.equal(headers.etag);
      expect(res.headers).to.not.have.property('content-type');
      expect(res.headers).to.not.have.property('content-length');
      const other = await get('/files/data', { 'if-none-match': '"something-else"' });
      expect(other.statusCode).to.equal(200);
    });

    it('answers If-Modified-Since by 304 when the file is not newer, 200 when it is', async () => {
      const same = await get('/files/data', { 'if-modified-since': MTIME.toUTCString() });
      expect(same.statusCode).to.equal(304);
      expect(same.headers['last-modified']).to.equal(MTIME.toUTCString());
      const earlier = new Date(MTIME.getTime() - 60_000).toUTCString();
      const newer = await get('/files/data', { 'if-modified-since': earlier });
      expect(newer.statusCode).to.equal(200);
      expect(newer.body).to.equal(CONTENT);
    });

    it('answers a failed If-Match with 412', async () => {
      const res = await get('/files/data', { 'if-match': '"nope"' });
      expect(res.statusCode).to.equal(412);
      expect(res.json()).to.deep.equal({ detail: 'Precondition Failed' });
    });
  });

  describe('HEAD', () => {
    it('sends the headers of GET without a body', async () => {
      const res = await app.inject({ method: 'HEAD', url: '/files/data' });
      expect(res.statusCode).to.equal(200);
      expect(res.body).to.equal('');
      expect(res.headers['content-length']).to.equal('1000');
      expect(res.headers['content-type']).to.equal('text/plain; charset=utf-8');
      expect(res.headers.etag).to.match(/^W\//);
    });

    it('sends the length of one range, and of the multipart body for several', async () => {
      const one = await app.inject({ method: 'HEAD', url: '/files/data', headers: { range: 'bytes=0-9' } });
      expect(one.statusCode).to.equal(206);
      expect(one.headers['content-length']).to.equal('10');
      expect(one.body).to.equal('');
      const range = 'bytes=0-4,100-109';
      const several = await app.inject({ method: 'HEAD', url: '/files/data', headers: { range } });
      const full = await get('/files/data', { range });
      expect(several.statusCode).to.equal(206);
      expect(several.body).to.equal('');
      expect(several.headers['content-type']).to.match(/^multipart\/byteranges; boundary=/);
      // The boundary is random but of fixed length, so the lengths agree.
      expect(several.headers['content-length']).to.equal(full.headers['content-length']);
    });
  });

  describe('errors', () => {
    it('answers a missing file with 404 {"detail":"Not Found"}, keeping the injected cookie', async () => {
      const res = await get('/files/missing');
      expect(res.statusCode).to.equal(404);
      expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(res.json()).to.deep.equal({ detail: 'Not Found' });
      expect(res.headers['set-cookie']).to.match(/^tried=1; /);
    });

    it('answers a directory with 404', async () => {
      const res = await get('/files/directory');
      expect(res.statusCode).to.equal(404);
      expect(res.json()).to.deep.equal({ detail: 'Not Found' });
    });
  });

  it('still sends cookies and headers set on the injected Response (rule 2)', async () => {
    const res = await get('/files/with-res');
    expect(res.statusCode).to.equal(200);
    expect(res.body).to.equal(CONTENT);
    expect(res.headers['x-trace']).to.equal('abc');
    // The file's own type wins over the injected one.
    expect(res.headers['content-type']).to.equal('text/plain; charset=utf-8');
    expect(res.cookies).to.have.length(1);
    const [cookie] = res.cookies as Array<Record<string, unknown>>;
    expect(cookie).to.include({
      name: 'seen',
      value: 'yes',
      maxAge: 60,
      path: '/',
      httpOnly: true,
      secure: true,
    });
    expect(cookie.sameSite).to.equal('Lax');
    expect(parseDisposition(res.headers['content-disposition'] as string).parameters.filename).to.equal(
      'data.txt',
    );
  });

  it('renders a returned path as a file with responseClass: FileResponse', async () => {
    const res = await get('/files/as-class', { range: 'bytes=0-2' });
    expect(res.statusCode).to.equal(206);
    expect(res.body).to.equal(CONTENT.slice(0, 3));
    expect(res.headers['content-type']).to.equal('text/plain; charset=utf-8');
    expect(res.headers['x-from']).to.equal('res');
  });

  describe('on a real socket', () => {
    let port: number;

    before(async () => {
      writeFileSync(large, Buffer.alloc(16 * 1024 * 1024, 'z'));
      await app.listen({ port: 0, host: '127.0.0.1' });
      port = (app.server.address() as AddressInfo).port;
    });

    it('sends a multipart body whose Content-Length matches the bytes', async () => {
      const { headers, body } = await fetchAll(port, '/files/data', { range: 'bytes=1-2,500-599,900-' });
      expect(headers['content-length']).to.equal(String(body.length));
      expect(headers).to.not.have.property('transfer-encoding');
      const parts = parseMultipart(headers['content-type'] as string, body);
      expect(parts.map((p) => p.body)).to.deep.equal([
        CONTENT.slice(1, 3),
        CONTENT.slice(500, 600),
        CONTENT.slice(900),
      ]);
    });

    for (const range of [undefined, 'bytes=0-8388607', 'bytes=0-8388607,8388700-']) {
      it(`closes the file when the client leaves midway (range: ${range ?? 'none'})`, async () => {
        const headers: Record<string, string> = range === undefined ? {} : { range };
        const req = httpRequest({ host: '127.0.0.1', port, path: '/files/large', headers });
        const response = await new Promise<IncomingMessage>((resolve, reject) => {
          req.on('response', resolve);
          req.on('error', reject);
          req.end();
        });
        // Stop reading after the first bytes: the server is then mid-body. A multipart body starts
        // with its boundary text, before the first part's file is opened, so wait for the open.
        await new Promise((resolve) => response.once('data', resolve));
        response.pause();
        const opened = Date.now() + 10_000;
        while (openDescriptorsOf(large) === 0 && Date.now() < opened) await sleep(10);
        expect(openDescriptorsOf(large), 'the file is open while its body is being sent').to.be.above(0);
        req.destroy();
        // Generous: on a loaded machine the server may take a while to see the socket close.
        const deadline = Date.now() + 10_000;
        while (openDescriptorsOf(large) > 0 && Date.now() < deadline) await sleep(10);
        expect(openDescriptorsOf(large)).to.equal(0);
      });
    }
  });
});

/** How many of this process's file descriptors point at `path` (Linux). */
function openDescriptorsOf(path: string): number {
  let count = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === path) count++;
    } catch {
      // closed between the listing and the read
    }
  }
  return count;
}

function fetchAll(port: number, path: string, headers: Record<string, string>) {
  return new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

interface Part {
  type: string;
  range: string;
  body: string;
}

/** A strict reader of multipart/byteranges (RFC 9110 §14.6 and RFC 2046 §5.1.1). */
function parseMultipart(contentType: string, payload: Buffer): Part[] {
  const match = /^multipart\/byteranges; boundary=([0-9a-f]{32})$/.exec(contentType);
  expect(match, contentType).to.not.equal(null);
  const boundary = match![1];
  const text = payload.toString('latin1');
  expect(text.startsWith(`--${boundary}\r\n`)).to.equal(true);
  expect(text.endsWith(`\r\n--${boundary}--\r\n`)).to.equal(true);
  const inner = text.slice(`--${boundary}\r\n`.length, -`\r\n--${boundary}--\r\n`.length);
  return inner.split(`\r\n--${boundary}\r\n`).map((part) => {
    const split = part.indexOf('\r\n\r\n');
    const headers = Object.fromEntries(
      part
        .slice(0, split)
        .split('\r\n')
        .map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
        }),
    );
    expect(Object.keys(headers).sort()).to.deep.equal(['content-range', 'content-type']);
    return { type: headers['content-type'], range: headers['content-range'], body: part.slice(split + 4) };
  });
}
