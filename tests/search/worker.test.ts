import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_INDEX_OPTIONS, type IndexedPassage, PassageIndex } from '../../src/search/passage-index.ts';
import { analyzeQuery, searchIndex } from '../../src/search/passage-search.ts';
import { SearchWorker } from '../../src/search/search-worker-client.ts';

const WORDS = ['rice', 'delta', 'salt', 'harvest', 'steel', 'tariff', 'import', 'river', 'gate', 'farmer'];

/** 1,200 passages (more than one message's slice) of pseudo-random words over 150 articles. */
function passages(seed: number): IndexedPassage[] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state;
  };
  return Array.from({ length: 1200 }, (_, i) => {
    const articleId = `a${Math.floor(i / 8)}`;
    const words = Array.from({ length: 5 + (next() % 20) }, () => WORDS[next() % WORDS.length]);
    return {
      id: `${articleId}#${(i % 8) + 1}`,
      articleId,
      text: words.join(' '),
      title: `Title ${articleId}`,
      meta: '',
    };
  });
}

const QUERIES = ['rice harvest in the delta', 'steel tariffs', 'salt water gates', 'title a3', 'unknownword'];

describe('SearchWorker', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  const temporary = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'footnote-worker-'));
    dirs.push(dir);
    return dir;
  };

  it('answers exactly as the index in this thread, and reuses its saved copy on the next start', async () => {
    const file = join(await temporary(), 'cache', 'index.json');
    const list = passages(7);
    const local = PassageIndex.build(list);
    const first = await SearchWorker.open({ file, passages: list, options: DEFAULT_INDEX_OPTIONS });
    expect(first.origin).toMatchObject({ source: 'built', rebuildReason: 'no saved index' });
    expect(first.search.documentCount).toBe(list.length);
    for (const query of QUERIES) {
      const terms = analyzeQuery(query, DEFAULT_INDEX_OPTIONS);
      expect(await first.search.searchTerms(terms, { limit: 20 })).toEqual(
        searchIndex(local, terms, { limit: 20 }),
      );
      expect(await first.search.searchTerms(terms, { limit: 5, articleId: 'a3' })).toEqual(
        searchIndex(local, terms, { limit: 5, articleId: 'a3' }),
      );
    }
    expect((await first.search.figures(['rice', 'nope'])).frequencies).toEqual({
      rice: local.documentFrequency('rice'),
      nope: 0,
    });
    await first.search.close(0);

    const second = await SearchWorker.open({ file, passages: list, options: DEFAULT_INDEX_OPTIONS });
    expect(second.origin.source).toBe('saved');
    const terms = analyzeQuery(QUERIES[0] as string, DEFAULT_INDEX_OPTIONS);
    expect(await second.search.searchTerms(terms)).toEqual(searchIndex(local, terms));
    await second.search.close(0);
  });

  it('does not use a saved index of other articles or other options', async () => {
    const file = join(await temporary(), 'index.json');
    const list = passages(11);
    await (await SearchWorker.open({ file, passages: list, options: DEFAULT_INDEX_OPTIONS })).search.close(0);
    const otherArticles = list.map((p, i) => (i === 0 ? { ...p, text: `${p.text} river` } : p));
    const changed = await SearchWorker.open({
      file,
      passages: otherArticles,
      options: DEFAULT_INDEX_OPTIONS,
    });
    expect(changed.origin).toMatchObject({ source: 'built', rebuildReason: 'articles or options changed' });
    const terms = analyzeQuery('river', DEFAULT_INDEX_OPTIONS);
    expect((await changed.search.figures(terms)).frequencies.river).toBe(
      PassageIndex.build(otherArticles).documentFrequency('river'),
    );
    await changed.search.close(0);
    const otherOptions = { ...DEFAULT_INDEX_OPTIONS, bm25: { k: 1.2, b: 0.75, d: 0 } };
    const reopened = await SearchWorker.open({ file, passages: otherArticles, options: otherOptions });
    expect(reopened.origin).toMatchObject({ source: 'built', rebuildReason: 'articles or options changed' });
    await reopened.search.close(0);
  });

  it('keeps answering during the grace period after close, and says so after it', async () => {
    const file = join(await temporary(), 'index.json');
    const list = passages(3);
    const { search } = await SearchWorker.open({ file, passages: list, options: DEFAULT_INDEX_OPTIONS });
    const closing = search.close(200);
    const terms = analyzeQuery('rice', DEFAULT_INDEX_OPTIONS);
    expect((await search.searchTerms(terms)).hits.length).toBeGreaterThan(0);
    await closing;
    await expect(search.searchTerms(terms)).rejects.toThrow(/closed/);
  });
});
