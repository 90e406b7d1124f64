/** A value's kind for a message: `null`, `an array`, `string`, `object`... */
export function describeValue(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}
