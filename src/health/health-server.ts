import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { HealthCheck } from './checks.ts';

export interface HealthRoutesOptions {
  /** Run on every `/healthz`; all true → 200, any false or throwing → 503. */
  readonly checks: Readonly<Record<string, HealthCheck>>;
  /** Served on `/metrics` in the Prometheus text format (a registry, or several shards' merged per scrape). */
  readonly registry: Pick<Registry, 'metrics' | 'contentType'>;
  readonly logger?: Logger;
}

export interface HealthServerOptions extends HealthRoutesOptions {
  /** Interface to listen on, e.g. 127.0.0.1 (only this machine) or 0.0.0.0 (every interface). */
  readonly host: string;
  /** TCP port; 0 picks a free one (see {@link HealthServer.url}). */
  readonly port: number;
}

/** A listening health server. */
export interface HealthServer {
  /** Where it listens, e.g. `http://127.0.0.1:9464`. */
  readonly url: string;
  close(): Promise<void>;
}

/** The body of `/healthz`: each check's result and the verdict. */
export interface HealthReport {
  readonly status: 'ok' | 'unavailable';
  readonly checks: Readonly<Record<string, boolean>>;
}

/** Runs every check (a throw counts as failing) and gives the verdict. */
export async function runHealthChecks(checks: Readonly<Record<string, HealthCheck>>): Promise<HealthReport> {
  const results: Record<string, boolean> = {};
  for (const [name, check] of Object.entries(checks)) {
    try {
      results[name] = (await check()) === true;
    } catch {
      results[name] = false;
    }
  }
  const ok = Object.values(results).every(Boolean);
  return { status: ok ? 'ok' : 'unavailable', checks: results };
}

interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const json = (status: number, value: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: `${JSON.stringify(value)}\n`,
});

async function route(method: string, path: string, options: HealthRoutesOptions): Promise<Reply> {
  if (path !== '/healthz' && path !== '/metrics') return json(404, { error: 'not found' });
  if (method !== 'GET' && method !== 'HEAD')
    return json(405, { error: 'method not allowed' }, { allow: 'GET, HEAD' });
  if (path === '/healthz') {
    const report = await runHealthChecks(options.checks);
    return json(report.status === 'ok' ? 200 : 503, report);
  }
  const body = await options.registry.metrics();
  return { status: 200, headers: { 'content-type': options.registry.contentType }, body };
}

/**
 * The request handler: `GET`/`HEAD` `/healthz` (200 or 503 with a JSON report of the checks) and `/metrics`
 * (Prometheus text format); any other path 404, any other method 405. Never throws: a failure is a 500.
 */
export function healthRequestHandler(
  options: HealthRoutesOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const method = request.method ?? 'GET';
    route(method, path, options)
      .catch((err: unknown): Reply => {
        options.logger?.error({ err, path }, 'health endpoint failed');
        return json(500, { error: 'internal error' });
      })
      .then((reply) => {
        response.writeHead(reply.status, {
          ...reply.headers,
          'cache-control': 'no-store',
          'content-length': String(Buffer.byteLength(reply.body)),
        });
        response.end(method === 'HEAD' ? undefined : reply.body);
      });
  };
}

/** Starts the health and metrics server (`FOOTNOTE_HTTP_PORT`); resolves once it listens. */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server: Server = createServer(healthRequestHandler(options));
  // Scrapers keep connections alive: do not let an idle one hold the process open at shutdown.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => options.logger?.error({ err }, 'health server error'));
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  const url = `http://${host}:${port}`;
  options.logger?.info({ url }, 'health server listening');
  let closed: Promise<void> | undefined;
  return {
    url,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
