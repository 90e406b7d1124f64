import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import parseRange from 'range-parser';

/** A satisfiable byte range, both ends inclusive. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * More ranges than this (after overlapping ones are merged) and the Range header is ignored, as
 * RFC 9110 §14.2 allows: a request for thousands of tiny ranges costs the server far more than the
 * client.
 */
export const MAX_RANGES = 64;

/**
 * What a Range header asks of a file of `size` bytes: the ranges to send, `'unsatisfiable'` (416),
 * or `'ignore'` (a malformed header, another unit, too many ranges: the whole file).
 */
export function parseByteRanges(size: number, header: string): ByteRange[] | 'unsatisfiable' | 'ignore' {
  const ranges = parseRange(size, clampSuffixRanges(header, size), { combine: true });
  if (ranges === -1) return 'unsatisfiable';
  if (ranges === -2 || ranges.type !== 'bytes' || ranges.length > MAX_RANGES) return 'ignore';
  return ranges;
}

/**
 * `bytes=-N` with N at least the file's size asks for the whole file (RFC 9110 §14.1.2: "the entire
 * representation is used"), which range-parser and @fastify/send find unsatisfiable: it becomes `0-`.
 */
export function clampSuffixRanges(header: string, size: number): string {
  return header.replace(/(^\s*bytes\s*=|,)(\s*)-(\d+)(?=\s*(?:,|$))/g, (whole, lead, space, digits) =>
    Number(digits) > size ? `${lead}${space}0-` : whole,
  );
}

/**
 * If-Range (RFC 9110 §13.1.5): the ranges are sent only while the file still is the version the
 * client holds. Compared as `@fastify/send` compares for a single range, so one and several ranges
 * answer alike.
 */
export function isRangeFresh(request: IncomingHttpHeaders, etag?: string, lastModified?: string): boolean {
  const ifRange = request['if-range'];
  if (ifRange === undefined) return true;
  if (typeof ifRange !== 'string') return false;
  if (ifRange.includes('"')) return etag !== undefined && ifRange.includes(etag);
  const since = Date.parse(ifRange);
  const modified = lastModified === undefined ? Number.NaN : Date.parse(lastModified);
  return !Number.isNaN(since) && (Number.isNaN(modified) || modified <= since);
}

/** A `multipart/byteranges` body (RFC 9110 §14.6): its content type, exact length and a stream factory. */
export interface Multipart {
  contentType: string;
  length: number;
  /** Reads the parts one after the other, each from its own file stream, at the reader's pace. */
  open(): Readable;
}

export function multipartByteRanges(
  path: string,
  size: number,
  ranges: ByteRange[],
  type: string,
): Multipart {
  // Random, so no file content can contain the delimiter by chance or by design.
  const boundary = randomBytes(16).toString('hex');
  const heads = ranges.map((range, i) =>
    Buffer.from(
      `${i === 0 ? '' : '\r\n'}--${boundary}\r\nContent-Type: ${type}\r\n` +
        `Content-Range: bytes ${range.start}-${range.end}/${size}\r\n\r\n`,
    ),
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  let length = tail.length;
  for (let i = 0; i < ranges.length; i++) length += heads[i].length + ranges[i].end - ranges[i].start + 1;
  return {
    contentType: `multipart/byteranges; boundary=${boundary}`,
    length,
    open: () => Readable.from(parts(path, ranges, heads, tail), { objectMode: false }),
  };
}

async function* parts(path: string, ranges: ByteRange[], heads: Buffer[], tail: Buffer) {
  for (let i = 0; i < ranges.length; i++) {
    yield heads[i];
    // Leaving the loop early (client gone) destroys the file stream and closes its descriptor.
    for await (const chunk of createReadStream(path, ranges[i])) yield chunk as Buffer;
  }
  yield tail;
}
