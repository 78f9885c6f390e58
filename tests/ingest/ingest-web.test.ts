import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer/answer.ts';
import { loadArticles } from '../../src/corpus/load.ts';
import { splitIntoPassages } from '../../src/corpus/passages.ts';
import type { FetchLimits } from '../../src/ingest/fetch.ts';
import { type IngestResult, ingest } from '../../src/ingest/pipeline.ts';
import { openLibrary } from '../../src/library.ts';
import { FURNITURE, POLITBURO_PARAGRAPHS, useFixtureSite } from './fixtures.ts';

const LIMITS: FetchLimits = { timeoutMs: 400, maxBytes: 64 * 1024, maxRedirects: 5 };

const site = useFixtureSite('footnote-ingest-');

/** The fixture site is on 127.0.0.1, which ingest refuses unless private addresses are allowed. */
function run(...paths: string[]): Promise<IngestResult[]> {
  return ingest(
    paths.map((path) => (path.startsWith('/') ? site.server.url(path) : path)),
    { dataDir: site.dataDir, limits: LIMITS, allowPrivate: true },
  );
}

async function only(path: string): Promise<IngestResult> {
  const [result, ...rest] = await run(path);
  expect(rest).toEqual([]);
  if (!result) throw new Error('no result');
  return result;
}

async function articleFiles(): Promise<string[]> {
  return (await readdir(join(site.dataDir, 'articles'))).sort();
}

describe('ingest from the web', () => {
  describe('an article page with furniture', () => {
    const path = '/2024/03/01/leaked-document-hostile-forces/';

    it('keeps the article text, paragraph by paragraph, and nothing else', async () => {
      const result = await only(path);
      expect(result).toMatchObject({
        status: 'added',
        id: 'leaked-party-document-warns-vietnam-of-hostile-forces',
      });
      const { articles, problems } = await loadArticles(join(site.dataDir, 'articles'));
      expect(problems).toEqual([]);
      const [article] = articles;
      expect(article?.body).toBe(POLITBURO_PARAGRAPHS.join('\n\n'));
      for (const furniture of FURNITURE) expect(article?.body).not.toContain(furniture);
    });

    it('takes title, publisher, date, author and language from the metadata', async () => {
      await only(path);
      const [article] = (await loadArticles(join(site.dataDir, 'articles'))).articles;
      expect(article).toMatchObject({
        title: 'Leaked party document warns Vietnam of “hostile forces”',
        // The page's canonical link is on another site than it was fetched from: see ingest-address.test.ts.
        url: site.server.url(path),
        publisher: 'Mekong Monitor',
        published: '2024-03-01',
        author: 'Lan Nguyen',
        language: 'en',
      });
    });

    it('stores text that passages and answers quote verbatim', async () => {
      await only(path);
      const library = await openLibrary({ dataDir: site.dataDir });
      const article = [...library.articles.values()][0];
      if (!article) throw new Error('no article');
      const passages = splitIntoPassages(article);
      expect(passages).toHaveLength(POLITBURO_PARAGRAPHS.length);
      for (const passage of passages)
        expect(article.body.slice(passage.start, passage.end)).toBe(passage.text);
      const answer = await answerQuestion(
        'What did the Politburo directive warn about peaceful evolution?',
        library,
      );
      expect(answer.abstained).toBe(false);
      const top = answer.results[0];
      expect(top?.article.id).toBe(article.id);
      expect(top?.quote.pieces.length).toBeGreaterThan(0);
      for (const piece of top?.quote.pieces ?? []) {
        expect(article.body).toContain(piece.text);
        expect(article.body.slice(piece.start, piece.end)).toBe(piece.text);
      }
    });
  });

  describe('idempotency', () => {
    it('reports the same page twice as added, then unchanged, with one file', async () => {
      expect((await only('/opengraph-only')).status).toBe('added');
      const before = await readFile(join(site.dataDir, 'articles', 'trade-talks-resume-in-hanoi.md'), 'utf8');
      expect(await only('/opengraph-only')).toMatchObject({
        status: 'unchanged',
        id: 'trade-talks-resume-in-hanoi',
      });
      expect(await articleFiles()).toEqual(['trade-talks-resume-in-hanoi.md']);
      expect(await readFile(join(site.dataDir, 'articles', 'trade-talks-resume-in-hanoi.md'), 'utf8')).toBe(
        before,
      );
    });

    it('matches a redirecting URL to the article it lands on', async () => {
      await only('/opengraph-only');
      expect(await only('/redirect')).toMatchObject({
        status: 'unchanged',
        id: 'trade-talks-resume-in-hanoi',
      });
    });

    it('matches the same URL with tracking parameters and a fragment', async () => {
      await only('/opengraph-only');
      expect(await only('/opengraph-only?utm_source=x&utm_medium=y#comments')).toMatchObject({
        status: 'unchanged',
      });
    });

    it('updates a changed page in place, keeping its id', async () => {
      const first = await only('/changing');
      site.server.state.changingVersion = 2;
      const second = await only('/changing');
      expect(first.status).toBe('added');
      expect(second).toMatchObject({ status: 'updated', id: first.id });
      expect(await articleFiles()).toEqual([`${first.id}.md`]);
      const [article] = (await loadArticles(join(site.dataDir, 'articles'))).articles;
      expect(article?.body).toContain('Update: the ministry confirmed the meeting took place.');
      expect(await only('/changing')).toMatchObject({ status: 'unchanged', id: first.id });
    });

    it('leaves no temporary files behind', async () => {
      await run('/opengraph-only', '/changing', '/feed.rss');
      expect((await articleFiles()).filter((name) => !name.endsWith('.md'))).toEqual([]);
    });
  });

  describe('metadata fallbacks', () => {
    it('uses Open Graph, meta author and html lang when there is no JSON-LD', async () => {
      await only('/opengraph-only');
      const [article] = (await loadArticles(join(site.dataDir, 'articles'))).articles;
      expect(article).toMatchObject({
        title: 'Trade talks resume in Hanoi',
        url: site.server.url('/opengraph-only'),
        publisher: 'Delta Daily',
        published: '2024-02-10',
        author: 'Minh Tran',
        language: 'en-GB',
      });
    });

    it('takes the publisher from the feed title when the page names none, without a default note', async () => {
      const [item] = await run('/feed.rss');
      expect(item).toMatchObject({ status: 'added', id: 'feed-story-one' });
      expect(item?.notes).toBeUndefined();
    });

    it('decodes a page whose <meta charset> declares Latin-1, defaulting the publisher to the host', async () => {
      const result = await only('/latin1-meta');
      expect(result.status).toBe('added');
      const [article] = (await loadArticles(join(site.dataDir, 'articles'))).articles;
      expect(article?.title).toBe('Café society');
      expect(article?.body).toContain('The café report');
      expect(result.notes?.[0]).toMatch(/publisher defaulted to "127\.0\.0\.1"/);
    });
  });

  describe('feeds', () => {
    it('ingests each RSS item, with dates and authors from the feed when the page has none', async () => {
      const results = await run('/feed.rss');
      expect(results.map((r) => [r.status, r.id ?? r.code])).toEqual([
        ['added', 'feed-story-one'],
        ['added', 'feed-story-two'],
        ['failed', 'http-status'],
      ]);
      expect(results[2]?.reason).toBe('HTTP 404 Not Found');
      expect(results.every((r) => r.feed === site.server.url('/feed.rss'))).toBe(true);
      const articles = (await loadArticles(join(site.dataDir, 'articles'))).articles;
      expect(articles.map((a) => [a.id, a.published, a.author, a.publisher])).toEqual([
        ['feed-story-one', '2024-03-05', 'Hoa Le', 'Delta Daily'],
        ['feed-story-two', '2024-03-06', undefined, 'Delta Daily'],
      ]);
    });

    it('ingests Atom entries through their alternate link', async () => {
      const results = await run('/feed.atom');
      expect(results).toMatchObject([
        { status: 'added', id: 'atom-story', input: site.server.url('/atom-one') },
      ]);
      const [article] = (await loadArticles(join(site.dataDir, 'articles'))).articles;
      expect(article).toMatchObject({
        published: '2024-03-09',
        author: 'Bao Pham',
        publisher: 'Delta Daily',
      });
    });

    it('reports a second run of the feed as unchanged', async () => {
      await run('/feed.rss');
      const again = await run('/feed.rss');
      expect(again.map((r) => r.status)).toEqual(['unchanged', 'unchanged', 'failed']);
    });
  });

  describe('failures and limits', () => {
    const cases: [string, string, RegExp][] = [
      ['/missing', 'http-status', /^HTTP 404/],
      ['/redirect-ftp', 'not-http', /ftp:/],
      ['/redirect-loop', 'too-many-redirects', /more than 5 redirects/],
      ['/slow', 'timeout', /within 400 ms/],
      ['/image.png', 'not-an-article', /image\/png/],
      ['/paper.pdf', 'not-an-article', /application\/pdf/],
      ['/huge', 'too-large', /65536-byte limit/],
      ['/huge-declared', 'too-large', /65536-byte limit/],
      ['/wrong-charset', 'bad-encoding', /not valid utf-8/],
      ['/homepage', 'not-an-article', /does not look like an article/],
      ['/blank', 'no-text', /no text/],
    ];
    for (const [path, code, reason] of cases) {
      it(`${path} fails with ${code}`, async () => {
        const result = await only(path);
        expect(result).toMatchObject({ status: 'failed', code });
        expect(result.reason).toMatch(reason);
        expect(result.id).toBeUndefined();
      });
    }

    it('refuses non-http schemes without fetching', async () => {
      const results = await ingest(['ftp://files.example/a.txt', 'javascript:alert(1)'], {
        dataDir: site.dataDir,
        limits: LIMITS,
        allowPrivate: true,
      });
      expect(results.map((r) => r.code)).toEqual(['not-http', 'not-http']);
    });

    it('reports a refused connection as a network failure', async () => {
      const result = (
        await ingest(['http://127.0.0.1:1/x'], { dataDir: site.dataDir, limits: LIMITS, allowPrivate: true })
      )[0];
      expect(result).toMatchObject({ status: 'failed', code: 'network' });
    });

    it('keeps going after a failure and writes nothing for failed inputs', async () => {
      const results = await run('/missing', '/opengraph-only', '/image.png');
      expect(results.map((r) => r.status)).toEqual(['failed', 'added', 'failed']);
      expect(await articleFiles()).toEqual(['trade-talks-resume-in-hanoi.md']);
    });
  });
});
