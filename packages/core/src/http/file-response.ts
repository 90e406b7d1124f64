// PLACEHOLDER (sample branch only): the real FileResponse (ranges, ETag, 304 via @fastify/send) is
// written by another helper; this file only keeps the contract's constructor so the blog sample builds.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { create as contentDisposition } from 'content-disposition';
import type { FastifyRequest } from 'fastify';
import { HttpException } from './http-exception';
import { kPayload, type Payload } from './payload';
import { Response, type ResponseInit } from './response';

/** Options of `FileResponse`. */
export interface FileResponseInit extends ResponseInit {
  /** Sent in Content-Disposition; default: none (inline without a name). */
  filename?: string;
  /** `attachment` (default when a filename is given) or `inline`. */
  disposition?: 'attachment' | 'inline';
}

/**
 * Sends a file from disk.
 *
 * @example
 * ```ts
 * return new FileResponse('/srv/posts.csv', { filename: 'posts.csv', mediaType: 'text/csv' });
 * ```
 */
export class FileResponse extends Response {
  readonly path: string;

  constructor(path: string, init: FileResponseInit = {}) {
    const { filename, disposition, ...rest } = init;
    super(null, { ...rest, mediaType: rest.mediaType ?? 'application/octet-stream' });
    this.path = path;
    if (filename !== undefined || disposition !== undefined) {
      this.headers.set(
        'Content-Disposition',
        contentDisposition(filename ?? basename(path), { type: disposition ?? 'attachment' }),
      );
    }
  }

  override async [kPayload](_request: FastifyRequest): Promise<Payload> {
    const info = await stat(this.path).catch(() => undefined);
    if (info === undefined || !info.isFile()) throw new HttpException(404, 'File not found');
    return { body: createReadStream(this.path), headers: { 'content-length': String(info.size) } };
  }
}
