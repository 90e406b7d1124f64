import cluster from 'node:cluster';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { openapiJson } from './openapi';
import {
  parseGrace,
  parseHost,
  parsePool,
  parsePort,
  parseSeconds,
  parseTrustProxy,
  parseWorkers,
} from './options';
import { routesJson, routesTable } from './routes';
import { CliError, type ServeOptions, serve } from './serve';

/** The `blog` command line, built fresh so tests can parse argv without exiting the process. */
export function buildProgram(): Command {
  const { version } = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));
  const program = new Command('blog')
    .description('A small blog API on arobase, on an embedded SQLite file or a PostgreSQL server.')
    .version(version)
    .showHelpAfterError('(run blog --help for usage)');

  program
    .command('serve')
    .description('serve the API; the database file is created and migrated on first start')
    .option('-p, --port <port>', 'port to listen on, 0 for any free port', parsePort, 3000)
    .option('--host <host>', 'interface to bind', parseHost, '127.0.0.1')
    .addOption(
      new Option('--db <path|url>', 'a SQLite file, or a postgres:// URL')
        .env('DATABASE_URL')
        .default('./data/blog.db'),
    )
    .option('-w, --workers <n>', 'processes sharing the port through node:cluster', parseWorkers, 1)
    .option('--pool <n>', 'PostgreSQL connections per process (each worker has its own pool)', parsePool, 10)
    .option('--grace <seconds>', 'time in-flight requests get after SIGTERM', parseGrace, 30)
    .option('--request-timeout <seconds>', 'time a client has to send its whole request', parseSeconds, 30)
    .option('--keep-alive-timeout <seconds>', 'how long an idle connection stays open', parseSeconds, 65)
    .addOption(
      new Option(
        '--trust-proxy <hops|addresses>',
        "trust X-Forwarded-* from a proxy: a hop count, addresses or 'true'",
      )
        .env('BLOG_TRUST_PROXY')
        .argParser(parseTrustProxy),
    )
    .addHelpText(
      'after',
      `
Environment:
  DATABASE_URL         the database when --db is not given (postgres://user:password@host:5432/blog)
  BLOG_COOKIE_SECRET   signs session cookies; comma-separated to rotate, newest first
                       (default: a secret generated once, kept in the database)
  BLOG_TRUST_PROXY     as --trust-proxy
  BLOG_LOG_LEVEL       Fastify's log level (default: warn)
  BLOG_EXPORT_THROTTLE_MS  a pause between batches of the streamed CSV export (demos and tests)

Examples:
  blog serve
  blog serve --port 8080 --db /var/lib/blog/blog.db --workers 4
  DATABASE_URL=postgres://blog@db.internal/blog blog serve --host 0.0.0.0 --trust-proxy 1`,
    )
    .action(async (options: ServeOptions) => {
      try {
        await serve(options);
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        process.stderr.write(`error: ${error.message}\n`);
        process.exitCode = 1;
        // A worker's IPC channel to the primary would keep it alive: closing it lets it exit.
        cluster.worker?.disconnect();
      }
    });

  program
    .command('routes')
    .description('print every route: method, path, status, response model, response class')
    .option('--json', 'print JSON instead of a table')
    .action((options: { json?: boolean }) => {
      process.stdout.write(options.json ? routesJson() : routesTable());
    });

  program
    .command('openapi')
    .description('print the OpenAPI 3.1 document that /openapi.json serves')
    .option('-o, --out <file>', 'write it to a file instead')
    .action(async (options: { out?: string }) => {
      const text = await openapiJson();
      if (options.out === undefined) process.stdout.write(text);
      else writeFileSync(options.out, text);
    });

  return program;
}

/** Runs the CLI with `argv` (as `process.argv`). */
export async function main(argv: readonly string[]): Promise<void> {
  await buildProgram().parseAsync(argv as string[]);
}
