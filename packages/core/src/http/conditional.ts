import type { IncomingHttpHeaders } from 'node:http';

/** The validators a response is sent with, compared with a request's conditional headers. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

/** The conditional request headers (RFC 9110 §13.1), which `checkConditions` answers itself. */
export const CONDITIONAL_HEADERS = [
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'if-range',
] as const;

/**
 * RFC 9110 §13.2.2's order for a GET or HEAD: If-Match, then If-Unmodified-Since (412), then
 * If-None-Match, else If-Modified-Since (304). `undefined` when the answer is the content.
 */
export function checkConditions(request: IncomingHttpHeaders, sent: Validators): 304 | 412 | undefined {
  const ifMatch = request['if-match'];
  if (ifMatch !== undefined) {
    if (!matches(ifMatch, sent.etag, true)) return 412;
  } else {
    const since = dateOf(request['if-unmodified-since']);
    const modified = dateOf(sent.lastModified);
    if (since !== undefined && (modified === undefined || modified > since)) return 412;
  }
  const ifNoneMatch = request['if-none-match'];
  if (ifNoneMatch !== undefined) return matches(ifNoneMatch, sent.etag, false) ? 304 : undefined;
  const since = dateOf(request['if-modified-since']);
  const modified = dateOf(sent.lastModified);
  return since !== undefined && modified !== undefined && modified <= since ? 304 : undefined;
}

/** `*` or a list of entity tags; weak comparison ignores the `W/` prefix, strong needs both strong. */
function matches(header: string, etag: string | undefined, strong: boolean): boolean {
  if (header.trim() === '*') return etag !== undefined;
  if (etag === undefined || (strong && etag.startsWith('W/'))) return false;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => {
    const t = tag.trim();
    if (strong && t.startsWith('W/')) return false;
    return t.replace(/^W\//, '') === opaque;
  });
}

function dateOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}
