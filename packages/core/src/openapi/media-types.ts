import { FileResponse } from '../http/file-response';
import { HTMLResponse } from '../http/html-response';
import { JSONResponse } from '../http/json-response';
import { PlainTextResponse } from '../http/plain-text-response';
import { RedirectResponse } from '../http/redirect-response';
import { Response, type ResponseClass } from '../http/response';
import { StreamingResponse } from '../http/streaming-response';
import type { JsonSchema } from '../models/json-schema/components';

/** How a response class's body appears in the document: its media type and schema, or no body. */
export interface BodyKind {
  readonly mediaType: string | undefined;
  readonly schema: JsonSchema;
}

const JSON_BODY: BodyKind = { mediaType: 'application/json', schema: {} };
const NO_BODY: BodyKind = { mediaType: undefined, schema: {} };

// Most specific first: a subclass of one of these answers as its nearest ancestor here, unless it
// says otherwise with a static `mediaType`.
const KINDS: readonly [ResponseClass, BodyKind][] = [
  [JSONResponse, JSON_BODY],
  [HTMLResponse, { mediaType: 'text/html', schema: { type: 'string' } }],
  [PlainTextResponse, { mediaType: 'text/plain', schema: { type: 'string' } }],
  [RedirectResponse, NO_BODY],
  [
    FileResponse,
    {
      mediaType: 'application/octet-stream',
      schema: { type: 'string', contentMediaType: 'application/octet-stream' },
    },
  ],
  [
    StreamingResponse,
    {
      mediaType: 'application/octet-stream',
      schema: { type: 'string', contentMediaType: 'application/octet-stream' },
    },
  ],
];

/** What a route's response class sends; undefined (no class) is JSON. */
export function bodyKind(cls: ResponseClass | undefined): BodyKind {
  if (cls === undefined) return JSON_BODY;
  const own = (cls as { mediaType?: unknown }).mediaType;
  if (typeof own === 'string')
    return { mediaType: own, schema: own.includes('json') ? {} : { type: 'string' } };
  for (const [known, kind] of KINDS) {
    if (cls === known || cls.prototype instanceof known) return kind;
  }
  // A bare `Response` says nothing of its body.
  return cls === Response ? { mediaType: '*/*', schema: {} } : JSON_BODY;
}
