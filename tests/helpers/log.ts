/** One pino log line, parsed. */
export interface LogLine {
  level: number;
  msg?: string;
  reqId?: string;
  err?: { type?: string; message?: string; stack?: string };
  [key: string]: unknown;
}

/**
 * A pino destination that keeps every line, to pass as `createApp({ fastify: { logger: { stream } } })`.
 *
 * @example
 * ```ts
 * const log = captureLog();
 * const app = await createApp({ controllers, fastify: { logger: { stream: log.stream } } });
 * expect(log.lines.some((l) => l.level === 50)).to.equal(true);
 * ```
 */
export function captureLog() {
  const lines: LogLine[] = [];
  return {
    lines,
    stream: {
      write(line: string) {
        lines.push(JSON.parse(line) as LogLine);
      },
    },
    /** Lines at level error (50) or above. */
    errors: () => lines.filter((l) => l.level >= 50),
  };
}
