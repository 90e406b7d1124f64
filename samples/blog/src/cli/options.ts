import { InvalidArgumentError } from 'commander';

/** `--port`: an integer from 0 (any free port) to 65535. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(port) || port > 65535) {
    throw new InvalidArgumentError('A port is an integer from 0 to 65535 (0 picks a free one).');
  }
  return port;
}

/** `--workers`: how many processes share the port. */
export function parseWorkers(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 64) {
    throw new InvalidArgumentError('Workers is an integer from 1 to 64.');
  }
  return n;
}

/** `--host`: a name or address to bind; refuses what cannot be one (empty, spaces, a URL). */
export function parseHost(value: string): string {
  if (value === '' || /[\s/]/.test(value)) {
    throw new InvalidArgumentError(
      'A host is a name or an address, such as 127.0.0.1, 0.0.0.0 or localhost.',
    );
  }
  return value;
}

/** `--grace`: seconds, more than 0. */
export function parseGrace(value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
    throw new InvalidArgumentError('The grace period is a number of seconds, more than 0 and at most 3600.');
  }
  return seconds;
}

/** `--pool`: PostgreSQL connections per process, from 1 to 100. */
export function parsePool(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 100) {
    throw new InvalidArgumentError('The pool size is an integer from 1 to 100.');
  }
  return n;
}

/** `--request-timeout`, `--keep-alive-timeout`: whole seconds, from 1 to 3600. */
export function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!/^\d+$/.test(value.trim()) || seconds < 1 || seconds > 3600) {
    throw new InvalidArgumentError('A timeout is a whole number of seconds, from 1 to 3600.');
  }
  return seconds;
}

/**
 * `--trust-proxy`: Fastify's `trustProxy`. A number counts the proxies in front; `true` trusts any
 * (only when nothing but the proxy can reach the port); otherwise addresses or CIDR ranges.
 */
export function parseTrustProxy(value: string): boolean | number | string {
  const text = value.trim();
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^\d+$/.test(text)) return Number(text);
  if (text === '' || /[^\w.:/,\s-]/.test(text)) {
    throw new InvalidArgumentError(
      "Trust proxy is a hop count, 'true', or addresses such as 10.0.0.0/8,127.0.0.1.",
    );
  }
  return text;
}
