/** RFC 9110: 1xx, 204, 205 and 304 answers carry no content. */
export function isBodyless(status: number): boolean {
  return status < 200 || status === 204 || status === 205 || status === 304;
}

/**
 * The status of a response, an exception or a route: an integer from 200 to 599. An HTTP/1.1 client
 * reads a 1xx as an interim answer and waits for the final one, so sent as the final status it would
 * hang the client.
 */
export function assertResponseStatus(status: unknown, where: string): asserts status is number {
  if (!Number.isInteger(status) || (status as number) < 100 || (status as number) > 599) {
    throw new TypeError(`${where}: status must be an integer from 200 to 599, got ${String(status)}`);
  }
  if ((status as number) < 200) {
    throw new TypeError(`${where}: status ${status} is informational (1xx) and cannot end a request`);
  }
}
