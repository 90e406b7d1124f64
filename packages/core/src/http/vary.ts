/**
 * `existing` with the names of `value` it lacks appended (compared case-insensitively): each name
 * in a Vary tells caches what the answer depends on, so dropping one lets a cache hand a
 * cookie- or origin-dependent answer to someone else.
 */
export function mergeVary(existing: unknown, value: string): string {
  // Node takes a header as a list of values too (`reply.header('vary', ['Origin', 'Cookie'])`).
  if (Array.isArray(existing)) existing = existing.join(', ');
  if (typeof existing !== 'string' || existing === '') return value;
  const names = new Set(existing.split(',').map((v) => v.trim().toLowerCase()));
  const added = value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '' && !names.has(v.toLowerCase()));
  return added.length === 0 ? existing : `${existing}, ${added.join(', ')}`;
}
