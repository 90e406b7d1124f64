/** RFC 9110: 1xx, 204, 205 and 304 answers carry no content. */
export function isBodyless(status: number): boolean {
  return status < 200 || status === 204 || status === 205 || status === 304;
}

export function assertStatus(status: unknown, where: string): asserts status is number {
  if (!Number.isInteger(status) || (status as number) < 100 || (status as number) > 599) {
    throw new TypeError(`${where}: status must be an integer from 100 to 599, got ${String(status)}`);
  }
}
