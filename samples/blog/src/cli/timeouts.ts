import type { BlogServerOptions } from '../app';

/**
 * The server's timeouts, each with its reason (docs/deploy.md says more):
 * - `requestTimeout`: a client has this long to send its whole request. Without it, one that
 *   announces a Content-Length and sends less holds its connection (and its memory) until it gives up.
 * - `headersTimeout`: the headers alone, at most 10 s (a slowloris sends them a byte at a time).
 * - `keepAliveTimeout`: longer than a proxy's own idle timeout for upstream connections (nginx and
 *   most load balancers use 60 s), so the proxy closes an idle connection first and never sends a
 *   request on one the server is closing.
 * - `connectionTimeout`: a socket with no byte either way for two minutes is dead; a streamed
 *   response that pings (SSE) or sends stays well inside it.
 * Node checks the first two once per `connectionsCheckingInterval`, one second here, so a cut
 * comes within a second of the limit instead of within Node's default 30 s.
 */
export function serverTimeouts(options: {
  requestTimeout: number;
  keepAliveTimeout: number;
}): BlogServerOptions {
  const request = options.requestTimeout * 1000;
  return {
    requestTimeout: request,
    keepAliveTimeout: options.keepAliveTimeout * 1000,
    connectionTimeout: 120_000,
    http: { headersTimeout: Math.min(10_000, request), connectionsCheckingInterval: 1000 },
  };
}
