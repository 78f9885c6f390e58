import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/corpus/load.ts';
import type { FetchLimits } from '../../src/ingest/fetch.ts';
import { type IngestResult, ingest } from '../../src/ingest/pipeline.ts';
import { useFixtureSite } from './fixtures.ts';

const LIMITS: FetchLimits = { timeoutMs: 2000, maxBytes: 64 * 1024, maxRedirects: 5 };

const site = useFixtureSite('footnote-ingest-canonical-');

/** Ingests from the fixture site on 127.0.0.1 (so private addresses are allowed). */
function run(inputs: string[]): Promise<IngestResult[]> {
  return ingest(inputs, { dataDir: site.dataDir, limits: LIMITS, allowPrivate: true });
}

async function only(input: string): Promise<IngestResult> {
  const [result, ...rest] = await run([input]);
  expect(rest).toEqual([]);
  if (!result) throw new Error('no result');
  return result;
}

describe('canonical URLs', () => {
  const politburo = '/2024/03/01/leaked-document-hostile-forces/';
  const claimed = 'https://mekong.example/2024/03/01/leaked-document-hostile-forces/';

  it('cites the fetched URL when the page claims one on another site, keeping the claim as canonical', async () => {
    const result = await only(site.server.url(politburo));
    expect(result.status).toBe('added');
    expect(result.notes).toContain(
      `its canonical URL ${claimed} is on another site: cited ${site.server.url(politburo)} (kept as canonical)`,
    );
    const { articles, problems } = await loadArticles(join(site.dataDir, 'articles'));
    expect(problems).toEqual([]);
    expect(articles[0]?.url).toBe(site.server.url(politburo));
    const raw = await readFile(join(site.dataDir, 'articles', `${result.id}.md`), 'utf8');
    expect(raw).toContain(`\ncanonical: ${claimed}\n`);
  });

  it('never lets a foreign canonical URL update the article stored under that URL', async () => {
    const original = join(site.dataDir, 'original.md');
    await writeFile(
      original,
      `---\ntitle: The real report\nurl: ${claimed}\npublisher: Mekong Monitor\npublished: 2024-03-01\n---\nThe real text.\n`,
    );
    const [first] = await run([original]);
    const before = await readFile(join(site.dataDir, 'articles', `${first?.id}.md`), 'utf8');
    const result = await only(site.server.url(politburo));
    expect(result.status).toBe('added');
    expect(result.id).not.toBe(first?.id);
    expect(await readFile(join(site.dataDir, 'articles', `${first?.id}.md`), 'utf8')).toBe(before);
  });

  it('treats a fetched Markdown file claiming another site in its front matter the same way', async () => {
    const result = await only(site.server.url('/notes.md'));
    expect(result.status).toBe('added');
    const [article] = (await loadArticles(join(site.dataDir, 'articles'))).articles;
    expect(article?.url).toBe(site.server.url('/notes.md'));
    const raw = await readFile(join(site.dataDir, 'articles', `${result.id}.md`), 'utf8');
    expect(raw).toContain('\ncanonical: https://elsewhere.example/notes\n');
  });

  it('still cites a canonical URL on the same site', async () => {
    const result = await only(site.server.url('/same-site-canonical?utm_source=rss'));
    expect(result).toMatchObject({ status: 'added' });
    expect(result.notes).toBeUndefined();
    const [article] = (await loadArticles(join(site.dataDir, 'articles'))).articles;
    expect(article?.url).toBe(site.server.url('/stories/port-authority-expands'));
    const raw = await readFile(join(site.dataDir, 'articles', `${result.id}.md`), 'utf8');
    expect(raw).not.toContain('canonical:');
  });
});
