// In `u` mode a surrogate pair is one code point: only an unpaired half matches.
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Whether `text` is well-formed Unicode: a lone surrogate cannot be encoded as UTF-8, so
 * `encodeURIComponent` (and every encoder built on it) throws a URIError on it.
 */
export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}
