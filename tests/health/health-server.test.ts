import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { botHealthChecks, libraryLoaded, storeReachable } from '../../src/health/checks.ts';
import { type HealthServer, runHealthChecks, startHealthServer } from '../../src/health/health-server.ts';
import { type BotMetrics, createBotMetrics } from '../../src/health/metrics.ts';
import type { Library } from '../../src/library.ts';
import { openBotStore } from '../../src/store/bot-store.ts';
import { inlineLibrary } from '../support/library-files.ts';
import { sample } from './prometheus.ts';

let server: HealthServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

let library: Library | undefined;
async function tinyLibrary(): Promise<Library> {
  library ??= await inlineLibrary([
    {
      id: 'rice',
      title: 'Rice',
      body: 'Farmers reported a record rice harvest.\n\nThe delta flooded in May.',
    },
  ]);
  return library;
}

async function serve(checks: Parameters<typeof startHealthServer>[0]['checks'], metrics?: BotMetrics) {
  const lib = await tinyLibrary();
  const registry = (metrics ?? createBotMetrics({ library: () => lib, processMetrics: false })).registry;
  server = await startHealthServer({ host: '127.0.0.1', port: 0, checks, registry });
  return server.url;
}

describe('the health and metrics server', () => {
  describe('/healthz', () => {
    it('is 200 with every check in a JSON body when all pass', async () => {
      const url = await serve({ gateway: () => true, library: () => true, store: async () => true });
      const response = await fetch(`${url}/healthz`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/u);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toEqual({
        status: 'ok',
        checks: { gateway: true, library: true, store: true },
      });
    });

    it('is 503 naming the failed check when one fails or throws', async () => {
      let gateway = false;
      const url = await serve({
        gateway: () => gateway,
        library: () => true,
        store: () => {
          throw new Error('database closed');
        },
      });
      const response = await fetch(`${url}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        status: 'unavailable',
        checks: { gateway: false, library: true, store: false },
      });
      gateway = true;
      expect((await fetch(`${url}/healthz`)).status).toBe(503);
    });

    it('answers HEAD with the status and no body', async () => {
      const url = await serve({ gateway: () => false });
      const response = await fetch(`${url}/healthz`, { method: 'HEAD' });
      expect(response.status).toBe(503);
      expect(await response.text()).toBe('');
    });
  });

  describe('/metrics', () => {
    it('serves the registry in the Prometheus text format, with what was recorded', async () => {
      const lib = await tinyLibrary();
      const metrics = createBotMetrics({ library: () => lib, processMetrics: false });
      metrics.interaction('ask', 'command', 'ok');
      metrics.interaction('ask', 'command', 'ok');
      metrics.interaction('ask', 'button', 'cooldown');
      metrics.startAnswer()({ abstained: true });
      metrics.dailyPost('failed');
      metrics.watchShards(
        () =>
          new Map([
            [0, true],
            [1, false],
          ]),
      );
      const url = await serve({}, metrics);
      const response = await fetch(`${url}/metrics?ignored=1`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/u);
      const body = await response.text();
      expect(body).toContain('# TYPE footnote_interactions_total counter');
      const interactions = (labels: Record<string, string>) =>
        sample(body, 'footnote_interactions_total', labels);
      expect(interactions({ command: 'ask', kind: 'command', outcome: 'ok' })).toBe(2);
      expect(interactions({ command: 'ask', kind: 'button', outcome: 'cooldown' })).toBe(1);
      expect(sample(body, 'footnote_answer_duration_seconds_count')).toBe(1);
      expect(sample(body, 'footnote_abstentions_total')).toBe(1);
      expect(sample(body, 'footnote_daily_posts_total', { outcome: 'sent' })).toBe(0);
      expect(sample(body, 'footnote_daily_posts_total', { outcome: 'failed' })).toBe(1);
      expect(sample(body, 'footnote_library_articles')).toBe(1);
      expect(sample(body, 'footnote_library_passages')).toBe(lib.passages.size);
      expect(sample(body, 'footnote_gateway_shard_ready', { shard: '0' })).toBe(1);
      expect(sample(body, 'footnote_gateway_shard_ready', { shard: '1' })).toBe(0);
      expect(sample(body, 'footnote_library_reloads_total', { outcome: 'ok' })).toBe(0);
      // Without process metrics asked for, none are there (the bot asks for them).
      expect(body).not.toContain('footnote_process_');
    });

    it("includes Node's process metrics by default, under the same prefix", async () => {
      const lib = await tinyLibrary();
      const url = await serve({}, createBotMetrics({ library: () => lib }));
      const body = await (await fetch(`${url}/metrics`)).text();
      expect(sample(body, 'footnote_process_resident_memory_bytes')).toBeGreaterThan(0);
      expect(body).toContain('footnote_nodejs_eventloop_lag_seconds');
    });
  });

  describe('anything else', () => {
    it('is 404 for other paths and 405 for other methods', async () => {
      const url = await serve({ gateway: () => true });
      expect((await fetch(`${url}/`)).status).toBe(404);
      expect((await fetch(`${url}/healthz/extra`)).status).toBe(404);
      expect((await fetch(`${url}/metric`)).status).toBe(404);
      for (const path of ['/healthz', '/metrics']) {
        const response = await fetch(`${url}${path}`, { method: 'POST', body: 'x' });
        expect(response.status, path).toBe(405);
        expect(response.headers.get('allow')).toBe('GET, HEAD');
      }
    });

    it('is a 500, not a crash, when the registry fails', async () => {
      const broken = createBotMetrics({
        library: () => {
          throw new Error('no library');
        },
        processMetrics: false,
      });
      const url = await serve({ gateway: () => true }, broken);
      expect((await fetch(`${url}/metrics`)).status).toBe(500);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    });
  });

  describe('starting and stopping', () => {
    it('refuses a port in use, and stops listening once closed', async () => {
      const blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const port = (blocker.address() as { port: number }).port;
      const lib = await tinyLibrary();
      const registry = createBotMetrics({ library: () => lib, processMetrics: false }).registry;
      await expect(
        startHealthServer({ host: '127.0.0.1', port, checks: {}, registry }),
      ).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
      blocker.close();
      const url = await serve({});
      await server?.close();
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    });
  });
});

describe('the bot health checks', () => {
  it('reports a closed database as unreachable, and an open one as reachable', async () => {
    const store = openBotStore(':memory:');
    const libraries = { current: await tinyLibrary() };
    const checks = botHealthChecks({ gateway: () => true, libraries, store });
    expect(await storeReachable(store)).toBe(true);
    expect(await runHealthChecks(checks)).toEqual({
      status: 'ok',
      checks: { gateway: true, library: true, store: true },
    });
    await store.close();
    expect(await runHealthChecks(checks)).toEqual({
      status: 'unavailable',
      checks: { gateway: true, library: true, store: false },
    });
  });

  it('counts a library with no articles as not loaded', async () => {
    expect(libraryLoaded({ current: await tinyLibrary() })).toBe(true);
    expect(libraryLoaded({ current: await inlineLibrary([]) })).toBe(false);
  });
});
