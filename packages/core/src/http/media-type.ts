// RFC 9110 §8.3.1: type "/" subtype *( OWS ";" OWS token "=" ( token / quoted-string ) ).
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const QUOTED = '"(?:[\\t\\x20\\x21\\x23-\\x5B\\x5D-\\x7E\\x80-\\xFF]|\\\\[\\t\\x20-\\x7E\\x80-\\xFF])*"';
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:[ \\t]*;[ \\t]*${TOKEN}=(?:${TOKEN}|${QUOTED}))*$`);

/**
 * Refuses, with a `TypeError` naming `where`, a media type that is not one: it becomes a header, and
 * in a multipart body a line of its own, so a CR or LF in it would forge what follows.
 */
export function assertMediaType(mediaType: unknown, where: string): asserts mediaType is string {
  if (typeof mediaType !== 'string' || !MEDIA_TYPE.test(mediaType)) {
    throw new TypeError(
      `${where}: mediaType must be a media type such as 'text/csv' or 'application/json; charset=utf-8', got ${JSON.stringify(String(mediaType))}`,
    );
  }
}

/** `text/*` types get `; charset=utf-8` unless they name a charset already. */
export function withCharset(mediaType: string): string {
  if (mediaType.startsWith('text/') && !/;\s*charset=/i.test(mediaType)) {
    return `${mediaType}; charset=utf-8`;
  }
  return mediaType;
}

export const JSON_MEDIA_TYPE = 'application/json; charset=utf-8';
