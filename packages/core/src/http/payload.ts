/**
 * What a response puts on the wire for one request. File and stream responses compute it per
 * request (ranges, conditional GET), so it is kept apart from the response's own fields.
 */
export interface Payload {
  body: string | Uint8Array | NodeJS.ReadableStream | null;
  /** Overrides the response's status (a 206, a 304). */
  status?: number;
  /** Headers that describe this body (length, range, validators); they win over the response's own. */
  headers?: Record<string, string>;
}

/** Computes a response's payload; the pipeline calls it once, right before writing the reply. */
export const kPayload: unique symbol = Symbol('arobase.payload');
