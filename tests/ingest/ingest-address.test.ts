import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { fetch as undiciFetch } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.ts';
import type { HostResolver } from '../../src/ingest/address.ts';
import type { FetchFunction, FetchLimits } from '../../src/ingest/fetch.ts';
import { type IngestOptions, type IngestResult, ingest } from '../../src/ingest/pipeline.ts';
import { articlePage, filler, runIngestCli, useFixtureSite } from './fixtures.ts';

const LIMITS: FetchLimits = { timeoutMs: 2000, maxBytes: 64 * 1024, maxRedirects: 5 };
/** A public address for names the fake network answers for: nothing ever connects to it. */
const PUBLIC = '93.184.215.14';

const site = useFixtureSite('footnote-ingest-address-');

/** A resolver from a fixed table (every call recorded); names not in it do not exist. */
function resolver(table: Record<string, string[]>): HostResolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (!addresses)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({
      address,
      family: address.includes(':') ? (6 as const) : (4 as const),
    }));
  };
  return Object.assign(resolve, { calls });
}

function page(title: string, topic: string): () => Response {
  const html = articlePage({
    title,
    paragraphs: filler(topic),
    head: '<meta property="og:site_name" content="News Example"><meta property="article:published_time" content="2024-05-01">',
  });
  return () => new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
}

function redirect(location: string): () => Response {
  return () => new Response(null, { status: 302, headers: { location } });
}

/**
 * The network beyond this machine, faked: `pages` answer for public-looking URLs, the fixture site on
 * 127.0.0.1 is reached for real, and any other address "answers" with an article page without any traffic
 * leaving the machine. Every URL asked for is recorded: a refused one must never be asked for.
 */
function fakeNetwork(pages: Record<string, () => Response> = {}): {
  fetchImpl: FetchFunction;
  asked: string[];
} {
  const asked: string[] = [];
  const fetchImpl: FetchFunction = async (url, init) => {
    asked.push(url.href);
    const answer = pages[url.href];
    if (answer) return answer();
    if (url.hostname === '127.0.0.1') return undiciFetch(url, init);
    return page('An internal page', 'intranet')();
  };
  return { fetchImpl, asked };
}

function run(inputs: string[], options: Partial<IngestOptions> = {}): Promise<IngestResult[]> {
  return ingest(inputs, { dataDir: site.dataDir, limits: LIMITS, ...options });
}

async function only(input: string, options: Partial<IngestOptions> = {}): Promise<IngestResult> {
  const [result, ...rest] = await run([input], options);
  expect(rest).toEqual([]);
  if (!result) throw new Error('no result');
  return result;
}

async function articleFiles(): Promise<string[]> {
  return (await readdir(join(site.dataDir, 'articles'))).sort();
}

function cli(...argv: string[]) {
  return runIngestCli([...argv, '--data', site.dataDir, '--timeout', '2']);
}

const HINT = '(--allow-private or INGEST_ALLOW_PRIVATE=true allows it)';

describe('ingest refuses non-public addresses by default', () => {
  describe('a URL given directly', () => {
    it('refuses a loopback URL with a short reason, fetching and writing nothing', async () => {
      const url = site.server.url('/opengraph-only');
      const result = await only(url);
      expect(result).toEqual({
        input: url,
        status: 'failed',
        code: 'private-address',
        reason: `refused ${url}: 127.0.0.1 is a loopback address ${HINT}`,
      });
      expect(site.server.requests).toEqual([]);
      expect(await articleFiles()).toEqual([]);
    });

    const literals: [string, string][] = [
      ['http://10.0.0.8/wiki/page', 'a private address'],
      ['http://172.16.5.4/', 'a private address'],
      ['http://192.168.1.1/admin', 'a private address'],
      ['http://169.254.169.254/latest/meta-data/', 'a link-local address'],
      ['http://100.64.0.1/', 'a shared (carrier-grade NAT) address'],
      ['http://0.0.0.0/', 'the unspecified address'],
      ['http://224.0.0.1/', 'a multicast address'],
      ['http://2130706433/', 'a loopback address'],
      ['http://[::1]/x', 'a loopback address'],
      ['http://[::ffff:127.0.0.1]/x', 'a loopback address'],
      ['http://[::ffff:10.1.1.1]/x', 'a private address'],
      ['http://[64:ff9b::a00:1]/x', 'a private address'],
      ['http://[fe80::1]/', 'a link-local address'],
      ['http://[fd12:3456::1]/', 'a unique-local (private IPv6) address'],
      ['http://[::]/', 'the unspecified address'],
    ];
    for (const [url, words] of literals) {
      it(`refuses ${url} as ${words} without asking for it`, async () => {
        const network = fakeNetwork();
        const result = await only(url, { fetchImpl: network.fetchImpl });
        expect(result).toMatchObject({ status: 'failed', code: 'private-address' });
        expect(result.reason).toContain(`is ${words} ${HINT}`);
        expect(network.asked).toEqual([]);
      });
    }
  });

  describe('a host name, checked after DNS resolution', () => {
    it('refuses a name that resolves to a private address', async () => {
      const network = fakeNetwork();
      const resolveHost = resolver({ 'intranet.example': ['10.1.2.3'] });
      const result = await only('http://intranet.example/memo', {
        fetchImpl: network.fetchImpl,
        resolveHost,
      });
      expect(result).toMatchObject({
        status: 'failed',
        code: 'private-address',
        reason: `refused http://intranet.example/memo: intranet.example resolves to 10.1.2.3, a private address ${HINT}`,
      });
      expect(network.asked).toEqual([]);
    });

    it('refuses a name when any of its addresses is not public', async () => {
      const network = fakeNetwork();
      const resolveHost = resolver({ 'mixed.example': [PUBLIC, '::1'] });
      const result = await only('https://mixed.example/', { fetchImpl: network.fetchImpl, resolveHost });
      expect(result).toMatchObject({ status: 'failed', code: 'private-address' });
      expect(result.reason).toContain('mixed.example resolves to ::1, a loopback address');
      expect(network.asked).toEqual([]);
    });

    it('refuses localhost through the system resolver', async () => {
      const result = await only(site.server.url('/opengraph-only').replace('127.0.0.1', 'localhost'));
      expect(result).toMatchObject({ status: 'failed', code: 'private-address' });
      expect(result.reason).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
      expect(site.server.requests).toEqual([]);
    });

    it('connects to the address it checked, resolving once per hop', async () => {
      // site.test exists only in this resolver: the fetch can reach it only through the checked address.
      const resolveHost = resolver({ 'site.test': ['127.0.0.1'] });
      const url = site.server.url('/redirect').replace('127.0.0.1', 'site.test');
      const result = await only(url, { allowPrivate: true, resolveHost });
      expect(result).toMatchObject({ status: 'added', id: 'trade-talks-resume-in-hanoi' });
      expect(resolveHost.calls).toEqual(['site.test', 'site.test']);
      expect(site.server.requests).toEqual(['/redirect', '/opengraph-only']);
    });

    it('reports a name that does not resolve as a network failure', async () => {
      const result = await only('https://nowhere.example/', { resolveHost: resolver({}) });
      expect(result).toMatchObject({
        status: 'failed',
        code: 'network',
        reason: 'network error: ENOTFOUND for nowhere.example',
      });
    });
  });

  describe('redirects', () => {
    it('refuses a public page redirecting to a loopback address, at that hop', async () => {
      const target = site.server.url('/opengraph-only');
      const network = fakeNetwork({ 'https://news.example/story': redirect(target) });
      const resolveHost = resolver({ 'news.example': [PUBLIC] });
      const result = await only('https://news.example/story', { fetchImpl: network.fetchImpl, resolveHost });
      expect(result).toMatchObject({
        status: 'failed',
        code: 'private-address',
        reason: `refused a redirect to ${target}: 127.0.0.1 is a loopback address ${HINT}`,
      });
      expect(network.asked).toEqual(['https://news.example/story']);
      expect(site.server.requests).toEqual([]);
    });

    it('logs the hop, the host and every address it resolved to', async () => {
      const lines: string[] = [];
      const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
      const network = fakeNetwork({ 'https://news.example/story': redirect('http://intranet.example/memo') });
      const resolveHost = resolver({ 'news.example': [PUBLIC], 'intranet.example': [PUBLIC, '10.0.0.2'] });
      await only('https://news.example/story', { fetchImpl: network.fetchImpl, resolveHost, logger });
      expect(lines.map((line) => JSON.parse(line))).toMatchObject([
        {
          msg: 'ingest failed',
          input: 'https://news.example/story',
          code: 'private-address',
          url: 'http://intranet.example/memo',
          redirectedFrom: 'https://news.example/story',
          host: 'intranet.example',
          addresses: [PUBLIC, '10.0.0.2'],
        },
      ]);
    });

    it('refuses a redirect to a name that resolves to a private address', async () => {
      const network = fakeNetwork({ 'https://news.example/story': redirect('http://intranet.example/memo') });
      const resolveHost = resolver({ 'news.example': [PUBLIC], 'intranet.example': ['192.168.0.10'] });
      const result = await only('https://news.example/story', { fetchImpl: network.fetchImpl, resolveHost });
      expect(result).toMatchObject({ status: 'failed', code: 'private-address' });
      expect(result.reason).toContain(
        'a redirect to http://intranet.example/memo: intranet.example resolves to 192.168.0.10',
      );
      expect(network.asked).toEqual(['https://news.example/story']);
    });
  });

  describe('feeds', () => {
    it('skips feed items that link to private addresses, saying why, and keeps the others', async () => {
      const feedUrl = 'https://news.example/feed.rss';
      const loopbackItem = site.server.url('/feed-one');
      const feed = `<?xml version="1.0"?><rss version="2.0"><channel><title>News Example</title>
<item><title>One</title><link>https://news.example/one</link></item>
<item><title>Loopback</title><link>${loopbackItem}</link></item>
<item><title>Intranet</title><link>http://intranet.example/memo</link></item>
<item><title>Two</title><link>https://news.example/two</link></item>
</channel></rss>`;
      const network = fakeNetwork({
        [feedUrl]: () => new Response(feed, { headers: { 'content-type': 'application/rss+xml' } }),
        'https://news.example/one': page('Harbour story', 'harbour'),
        'https://news.example/two': page('Railway story', 'railway'),
      });
      const resolveHost = resolver({ 'news.example': [PUBLIC], 'intranet.example': ['10.9.8.7'] });
      const results = await run([feedUrl], { fetchImpl: network.fetchImpl, resolveHost });
      expect(results.map((r) => [r.input, r.status, r.code])).toEqual([
        ['https://news.example/one', 'added', undefined],
        [loopbackItem, 'failed', 'private-address'],
        ['http://intranet.example/memo', 'failed', 'private-address'],
        ['https://news.example/two', 'added', undefined],
      ]);
      expect(results[1]?.reason).toBe(`refused ${loopbackItem}: 127.0.0.1 is a loopback address ${HINT}`);
      expect(results.every((r) => r.feed === feedUrl)).toBe(true);
      expect(site.server.requests).toEqual([]);
      expect(network.asked).not.toContain('http://intranet.example/memo');
      expect(await articleFiles()).toEqual(['one.md', 'two.md']);
    });
  });
});

describe('allowing private addresses (intranet use)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('ingests with allowPrivate the loopback page it refuses without', async () => {
    expect(await only(site.server.url('/opengraph-only'))).toMatchObject({ code: 'private-address' });
    expect(await only(site.server.url('/opengraph-only'), { allowPrivate: true })).toMatchObject({
      status: 'added',
      id: 'trade-talks-resume-in-hanoi',
    });
  });

  it('refuses on the command line by default, exit 1 with the reason', async () => {
    vi.stubEnv('INGEST_ALLOW_PRIVATE', '');
    const { code, out } = await cli(site.server.url('/opengraph-only'));
    expect(code).toBe(1);
    expect(out).toContain('private-address: refused');
    expect(out).toContain('127.0.0.1 is a loopback address');
  });

  it('allows with --allow-private', async () => {
    vi.stubEnv('INGEST_ALLOW_PRIVATE', '');
    const { code, out } = await cli(site.server.url('/opengraph-only'), '--allow-private');
    expect(code).toBe(0);
    expect(out).toMatch(/^added +trade-talks-resume-in-hanoi/m);
  });

  it('allows with the setting INGEST_ALLOW_PRIVATE=true, refuses with false', async () => {
    vi.stubEnv('INGEST_ALLOW_PRIVATE', 'false');
    expect((await cli(site.server.url('/opengraph-only'))).code).toBe(1);
    vi.stubEnv('INGEST_ALLOW_PRIVATE', 'true');
    const { code, out } = await cli(site.server.url('/opengraph-only'));
    expect(code).toBe(0);
    expect(out).toMatch(/^added +trade-talks-resume-in-hanoi/m);
  });

  it('stops with a usage error naming a bad INGEST_ALLOW_PRIVATE value', async () => {
    vi.stubEnv('INGEST_ALLOW_PRIVATE', 'yes');
    const { code, err } = await cli(site.server.url('/opengraph-only'));
    expect(code).toBe(2);
    expect(err).toContain('INGEST_ALLOW_PRIVATE: expected true or false (got "yes")');
    expect(site.server.requests).toEqual([]);
  });

  it('reads INGEST_ALLOW_PRIVATE in the configuration, false by default', () => {
    expect(parseConfig({}).INGEST_ALLOW_PRIVATE).toBe(false);
    expect(parseConfig({ INGEST_ALLOW_PRIVATE: 'true' }).INGEST_ALLOW_PRIVATE).toBe(true);
    expect(() => parseConfig({ INGEST_ALLOW_PRIVATE: 'yes' })).toThrow(ConfigError);
    expect(() => parseConfig({ INGEST_ALLOW_PRIVATE: 'yes' })).toThrow(
      /INGEST_ALLOW_PRIVATE: expected true or false/,
    );
  });
});
