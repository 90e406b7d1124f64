/** The fields of one server-sent event; every one is optional. */
export interface ServerSentEventInit {
  /** The payload: a string is sent as it is (one `data:` line per line), anything else as JSON. */
  data?: unknown;
  /** The event type (`addEventListener(type)` on the client); default `message`. */
  event?: string;
  /** The event id: the client sends the last one back as `Last-Event-ID` when it reconnects. */
  id?: string | number;
  /** How long the client waits before reconnecting, in milliseconds. */
  retry?: number;
  /** A `: comment` line, which the client ignores (keeps proxies from closing an idle stream). */
  comment?: string;
}

/**
 * One event of an `EventSourceResponse`, written in the HTML Living Standard's `text/event-stream`
 * format. A plain value yielded to the stream is sent as `new ServerSentEvent({ data: value })`.
 * A line break in `event` or `id` would start another field a client could be fooled by, so it is
 * refused here with a `TypeError`, where the value is given.
 *
 * @example
 * ```ts
 * yield new ServerSentEvent({ event: 'post', id: post.id, data: post });
 * yield new ServerSentEvent({ retry: 5000, comment: 'reconnect after 5 s' });
 * ```
 */
export class ServerSentEvent {
  readonly data: unknown;
  readonly event: string | undefined;
  readonly id: string | undefined;
  readonly retry: number | undefined;
  readonly comment: string | undefined;

  constructor(init: ServerSentEventInit = {}) {
    const { data, event, id, retry, comment } = init;
    this.data = data;
    this.event = event === undefined ? undefined : field('event', event);
    // A number has no line break to check for.
    this.id = id === undefined ? undefined : typeof id === 'number' ? String(id) : field('id', id);
    if (retry !== undefined && !(Number.isSafeInteger(retry) && retry >= 0)) {
      throw new TypeError(`ServerSentEvent: retry must be a non-negative integer (ms), got ${String(retry)}`);
    }
    this.retry = retry;
    if (comment !== undefined && typeof comment !== 'string') {
      throw new TypeError(`ServerSentEvent: comment must be a string, got ${typeof comment}`);
    }
    this.comment = comment;
  }
}

function field(name: 'event' | 'id', value: unknown): string {
  if (typeof value !== 'string') {
    throw new TypeError(`ServerSentEvent: ${name} must be a string, got ${typeof value}`);
  }
  if (/[\r\n]/.test(value)) {
    throw new TypeError(`ServerSentEvent: ${name} cannot contain CR or LF: ${JSON.stringify(value)}`);
  }
  // A client ignores an id with a NUL in it, so the reconnection would resume from the wrong place.
  if (name === 'id' && value.includes('\0')) {
    throw new TypeError(`ServerSentEvent: id cannot contain NUL: ${JSON.stringify(value)}`);
  }
  return value;
}

const LINE_BREAK = /\r\n|\r|\n/;

/**
 * The text of one event: fields, then one `data:` line per line of `data` (already text), then the
 * blank line that dispatches it. A space follows every colon, so data starting with a space keeps it.
 */
export function encodeEvent(event: ServerSentEvent, data: string | undefined): string {
  let out = '';
  if (event.comment !== undefined) {
    for (const line of event.comment.split(LINE_BREAK)) out += `: ${line}\n`;
  }
  if (event.event !== undefined) out += `event: ${event.event}\n`;
  if (event.id !== undefined) out += `id: ${event.id}\n`;
  if (event.retry !== undefined) out += `retry: ${event.retry}\n`;
  if (data !== undefined) {
    // JSON text never holds a raw line break: most data is one line.
    if (data.indexOf('\n') === -1 && data.indexOf('\r') === -1) out += `data: ${data}\n`;
    else for (const line of data.split(LINE_BREAK)) out += `data: ${line}\n`;
  }
  return `${out}\n`;
}

/** Plain data as an event's text: a string as it is, anything else as JSON. */
export function eventData(data: unknown): string {
  return typeof data === 'string' ? data : (JSON.stringify(data) ?? 'null');
}
