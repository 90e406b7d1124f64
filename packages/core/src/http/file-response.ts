import { createReadStream, type Stats } from 'node:fs';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { basename, dirname, extname, resolve } from 'node:path';
import { Readable } from 'node:stream';
import type * as FastifySend from '@fastify/send';
import type { SendOptions, SendResult } from '@fastify/send';
import { create as contentDisposition } from 'content-disposition';
import type { FastifyRequest } from 'fastify';
import { clampSuffixRanges, isRangeFresh, multipartByteRanges, parseByteRanges } from './byte-ranges';
import { CONDITIONAL_HEADERS, checkConditions, type Validators } from './conditional';
import { HttpException } from './http-exception';
import type { Payload } from './payload';
import { kPayload } from './payload';
import { Response, type ResponseInit } from './response';
import { isWellFormed } from './unicode';

/** `init` of a `FileResponse`. */
export interface FileResponseInit extends ResponseInit {
  /** The name the client saves the file as; sets `Content-Disposition` (RFC 6266). */
  filename?: string;
  /** `'attachment'` (save, the default when a filename is given) or `'inline'` (show in the browser). */
  disposition?: 'attachment' | 'inline';
}

/**
 * Sends a file from disk, served by `@fastify/send`: Content-Length, Last-Modified, ETag,
 * Accept-Ranges, Range requests (one range: 206 with Content-Range; several: 206
 * `multipart/byteranges`; none satisfiable: 416), conditional GET (304), HEAD. A missing file or a
 * directory answers 404 `{"detail":"Not Found"}`.
 *
 * The media type comes from the extension of `filename`, else of `path`, else
 * `application/octet-stream`; text types get `; charset=utf-8`. With a `filename`, the client is told
 * to save it (`Content-Disposition: attachment`), with `filename*=UTF-8''…` for names beyond ASCII.
 *
 * @example
 * ```ts
 * @Get('/export.csv')
 * export() {
 *   return new FileResponse('/srv/posts.csv', { filename: 'posts.csv' });
 * }
 *
 * @Get('/avatar')
 * avatar() {
 *   return new FileResponse('/srv/avatars/42.png', { disposition: 'inline' });
 * }
 * ```
 */
export class FileResponse extends Response {
  /** The absolute path of the file. */
  readonly path: string;
  /** The file name given for Content-Disposition. */
  readonly filename: string | undefined;
  /** @internal What `@fastify/send` is asked for, fixed at construction. */
  readonly _send: { name: string; options: SendOptions };

  constructor(path: string, init: FileResponseInit = {}) {
    if (typeof path !== 'string' || path.length === 0) {
      throw new TypeError('FileResponse: path must be a non-empty string');
    }
    if (path.includes('\0')) throw new TypeError('FileResponse: path must not contain a NUL character');
    const { filename, disposition, ...rest } = init;
    if (filename !== undefined && (typeof filename !== 'string' || !isWellFormed(filename))) {
      throw new TypeError(
        `FileResponse: filename must be a string of well-formed Unicode (no lone surrogate), got ${typeof filename === 'string' ? JSON.stringify(filename) : typeof filename}`,
      );
    }
    if (disposition !== undefined && disposition !== 'attachment' && disposition !== 'inline') {
      throw new TypeError(
        `FileResponse: disposition must be 'attachment' or 'inline', got ${String(disposition)}`,
      );
    }
    const absolute = resolve(path);
    super(null, { ...rest, mediaType: rest.mediaType ?? guessMediaType(filename, absolute) });
    this.path = absolute;
    this.filename = filename;
    // send takes a URL path under `root`: the name is percent-encoded so `%`, `#`, `?` or spaces in it
    // are read as themselves. Dotfiles are ordinary files here: the handler chose this path.
    this._send = {
      name: encodeURIComponent(basename(absolute)),
      options: {
        root: dirname(absolute),
        dotfiles: 'allow',
        index: false,
        cacheControl: false,
        contentType: false,
      },
    };
    if ((filename !== undefined || disposition !== undefined) && !this.headers.has('content-disposition')) {
      this.headers.set(
        'Content-Disposition',
        quotedDisposition(contentDisposition(filename, { type: disposition ?? 'attachment' })),
      );
    }
  }

  /** @internal */
  override async [kPayload](request: FastifyRequest): Promise<Payload> {
    const raw = request.raw;
    // A copy: the Range header may be adjusted, and the conditions answered here are removed.
    const headers: IncomingHttpHeaders = { ...raw.headers };
    const given = this.givenValidators();
    if (given !== undefined) {
      // send would compare the conditions with validators of its own: compare with those sent.
      const verdict = checkConditions(headers, given);
      if (verdict === 412) throw new HttpException(412);
      if (verdict === 304) return { body: null, status: 304 };
      if (!isRangeFresh(headers, given.etag, given.lastModified)) delete headers.range;
      for (const name of CONDITIONAL_HEADERS) delete headers[name];
    }
    const asked = { method: raw.method, headers } as IncomingMessage;
    const options: SendOptions = {
      ...this._send.options,
      etag: given === undefined,
      lastModified: given === undefined,
      onFile: (_path, stat) => checkFile(stat, headers),
    };
    try {
      // @fastify/send answers one range itself but sends the whole file for several.
      const range = headers.range;
      if (range?.includes(',')) return await this.ranges(asked, range, options);
      return fromSend(await fastifySend().send(asked, this._send.name, options));
    } catch (error) {
      if (error !== UNKNOWN_SIZE) throw error;
      // stat says 0 for a file under /proc that has content: read it to its end, without a length.
      return { body: raw.method === 'HEAD' ? empty() : createReadStream(this.path) };
    }
  }

  /** An `ETag` or `Last-Modified` given in `init.headers`: then only those are sent. */
  private givenValidators(): Validators | undefined {
    if (!this.hasHeaders) return undefined;
    const etag = this.headers.get('etag') ?? undefined;
    const lastModified = this.headers.get('last-modified') ?? undefined;
    return etag === undefined && lastModified === undefined ? undefined : { etag, lastModified };
  }

  private async ranges(asked: IncomingMessage, range: string, options: SendOptions): Promise<Payload> {
    // Ask send for the file's validators and the conditional-GET verdict without opening it.
    const { range: _, ...headers } = asked.headers;
    const probe = await fastifySend().send({ method: 'HEAD', headers } as never, this._send.name, options);
    if (probe.type !== 'file' || probe.statusCode !== 200) return fromSend(probe);

    const own = stringHeaders(probe.headers);
    const size = probe.metadata.stat.size;
    const head = asked.method === 'HEAD';
    const ranges = isRangeFresh(asked.headers, own.ETag, own['Last-Modified'])
      ? parseByteRanges(size, range)
      : 'ignore';
    if (ranges === 'unsatisfiable') {
      throw new HttpException(416, undefined, { headers: { 'Content-Range': `bytes */${size}` } });
    }
    if (ranges === 'ignore') {
      return { body: head ? empty() : createReadStream(this.path, { end: size - 1 }), headers: own };
    }
    if (ranges.length === 1) {
      const { start, end } = ranges[0];
      own['Content-Range'] = `bytes ${start}-${end}/${size}`;
      own['Content-Length'] = String(end - start + 1);
      return {
        body: head ? empty() : createReadStream(this.path, { start, end }),
        status: 206,
        headers: own,
      };
    }
    const type = this.mediaType!;
    const multipart = multipartByteRanges(this.path, size, ranges, type);
    own['Content-Type'] = multipart.contentType;
    own['Content-Length'] = String(multipart.length);
    return { body: head ? empty() : multipart.open(), status: 206, headers: own };
  }
}

/** Thrown by `checkFile` to leave send for a file whose size stat does not know. */
const UNKNOWN_SIZE = Symbol('arobase.unknownSize');

/**
 * What send is about to open. Anything but a regular file (a FIFO, a socket, a device) is a 404:
 * opening a FIFO blocks a libuv thread until a writer comes. A suffix range longer than the file
 * is the whole file (RFC 9110 §14.1.2), where send and range-parser find it unsatisfiable.
 */
function checkFile(stat: Stats, headers: IncomingHttpHeaders): void {
  if (!stat.isFile()) throw new HttpException(404);
  if (stat.size === 0) throw UNKNOWN_SIZE;
  if (headers.range !== undefined) headers.range = clampSuffixRanges(headers.range, stat.size);
}

function fromSend(result: SendResult): Payload {
  if (result.type === 'file') {
    const status = result.statusCode;
    // A 304 has no body: the empty stream send made for it is left unread.
    const body = status === 304 ? null : result.stream;
    return { body, status: status === 200 ? undefined : status, headers: stringHeaders(result.headers) };
  }
  result.stream.destroy();
  if (result.type === 'directory') throw new HttpException(404);
  const status = result.statusCode;
  if (status === 416) {
    throw new HttpException(416, undefined, {
      headers: { 'Content-Range': result.headers['Content-Range'] },
    });
  }
  // An I/O failure other than "not there" (EACCES, EIO, ...) is the server's: logged, a bare 500.
  if (status >= 500) throw result.metadata.error;
  // 412 from If-Match / If-Unmodified-Since; 400 and 403 cannot come from a path built here.
  throw new HttpException(status === 412 ? 412 : 404);
}

/**
 * `filename="posts.csv"` rather than the bare token content-disposition writes: the form browsers,
 * FastAPI and hand-written headers use, so every Content-Disposition arobase sends looks alike.
 */
function quotedDisposition(header: string): string {
  return header.replace(/; filename=([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?=;|$)/, '; filename="$1"');
}

function guessMediaType(filename: string | undefined, path: string): string {
  // By extension only: mime also reads a bare word ("json") as an extension.
  const ext = (filename !== undefined ? extname(filename) : '') || extname(path);
  return (ext !== '' && fastifySend().mime.getType(ext)) || 'application/octet-stream';
}

let sendModule: typeof FastifySend | undefined;

/** @fastify/send and its mime table, loaded by the first file response, not by every app's start-up. */
function fastifySend(): typeof FastifySend {
  return (sendModule ??= require('@fastify/send') as typeof FastifySend);
}

function stringHeaders(headers: Record<string, string | number>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) out[name] = String(headers[name]);
  return out;
}

function empty(): Readable {
  // HEAD keeps Content-Length only with a stream body: Fastify resets it for an empty one.
  return Readable.from([]);
}
