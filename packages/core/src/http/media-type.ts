/** `text/*` types get `; charset=utf-8` unless they name a charset already. */
export function withCharset(mediaType: string): string {
  if (mediaType.startsWith('text/') && !/;\s*charset=/i.test(mediaType)) {
    return `${mediaType}; charset=utf-8`;
  }
  return mediaType;
}

export const JSON_MEDIA_TYPE = 'application/json; charset=utf-8';
