import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_INDEX_OPTIONS,
  type IndexedPassage,
  type IndexOptions,
  miniSearchOptions,
  PassageIndex,
} from '../../src/search/passage-index.ts';
import { searchIndex } from '../../src/search/passage-search.ts';
import { loadOrBuildIndex, readIndexFile, writeIndexFile } from '../../src/search/saved-index.ts';
import { cachedAnalyzer, tokenize } from '../../src/search/text.ts';

const WORDS = [
  'alpha',
  'beta',
  'gamma',
  'delta',
  'cells',
  'cell',
  'protein',
  'the',
  'of',
  'río',
  'rio',
  'bone',
];

const passageArbitrary = fc.record({
  text: fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 12 }).map((w) => w.join(' ')),
  title: fc.array(fc.constantFrom(...WORDS), { maxLength: 4 }).map((w) => w.join(' ')),
  meta: fc.array(fc.constantFrom(...WORDS), { maxLength: 2 }).map((w) => w.join(' ')),
  article: fc.integer({ min: 0, max: 3 }),
});

function toPassages(
  records: readonly { text: string; title: string; meta: string; article: number }[],
): IndexedPassage[] {
  return records.map((record, i) => ({
    id: `a${record.article}#${i}`,
    articleId: `a${record.article}`,
    text: record.text,
    title: record.title,
    meta: record.meta,
  }));
}

/** BM25F written the slow, obvious way, straight from the definition. */
function bruteForce(passages: readonly IndexedPassage[], terms: readonly string[], options: IndexOptions) {
  const analyze = cachedAnalyzer(options.text);
  const fields = passages.map((p) => [analyze(p.text), analyze(p.title), analyze(p.meta)]);
  const boosts = [options.boost.text, options.boost.title, options.boost.meta];
  // A field's length is MiniSearch's: its distinct words as tokenized, before stop words and stemming.
  const lengths = passages.map((p) =>
    [p.text, p.title, p.meta].map((field) => new Set(tokenize(field)).size),
  );
  const n = passages.length;
  const average = boosts.map((_, f) => lengths.reduce((sum, doc) => sum + (doc[f] ?? 0), 0) / n || 1e-9);
  const { k, b, d } = options.bm25;
  return passages
    .map((passage, doc) => {
      let score = 0;
      const matched: string[] = [];
      for (const term of new Set(terms)) {
        const df = fields.filter((doc) => doc.some((words) => words.includes(term))).length;
        if (df === 0) continue;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        let tfw = 0;
        (fields[doc] ?? []).forEach((words, f) => {
          const tf = words.filter((w) => w === term).length;
          if (tf === 0) return;
          tfw += ((boosts[f] ?? 0) * tf) / (1 - b + (b * (lengths[doc]?.[f] ?? 0)) / (average[f] ?? 1));
        });
        if (tfw > 0) {
          score += idf * (d + (tfw * (k + 1)) / (tfw + k));
          matched.push(term);
        }
      }
      return { passage, doc, score, matched };
    })
    .filter((result) => result.score > 0);
}

const optionsArbitrary = fc.record({
  k: fc.double({ min: 0.5, max: 2, noNaN: true }),
  b: fc.double({ min: 0, max: 1, noNaN: true }),
  d: fc.constantFrom(0, 0.5),
  title: fc.constantFrom(0.4, 1, 2),
});

describe('PassageIndex', () => {
  describe('ranking', () => {
    it('scores exactly as a brute-force BM25F over the same terms', () => {
      fc.assert(
        fc.property(
          fc.array(passageArbitrary, { minLength: 1, maxLength: 25 }),
          fc.array(fc.constantFrom(...WORDS, 'missing'), { minLength: 1, maxLength: 5 }),
          optionsArbitrary,
          (records, words, o) => {
            const options: IndexOptions = {
              ...DEFAULT_INDEX_OPTIONS,
              // MiniSearch asked with every term: then every matching passage is a candidate.
              findPostings: Number.POSITIVE_INFINITY,
              boost: { ...DEFAULT_INDEX_OPTIONS.boost, title: o.title },
              bm25: { k: o.k, b: o.b, d: o.d },
            };
            const passages = toPassages(records);
            const index = PassageIndex.build(passages, options);
            const terms = index.analyze(words.join(' '));
            const hits = index.searchTerms(terms, { limit: 1000 });
            const expected = bruteForce(passages, terms, options);
            expect(hits).toHaveLength(expected.length);
            const byId = new Map(expected.map((result) => [result.passage.id, result]));
            for (const hit of hits) {
              const truth = byId.get(hit.passageId);
              expect(truth).toBeDefined();
              expect(hit.score).toBeCloseTo(truth?.score ?? Number.NaN, 4);
              expect([...hit.terms].sort()).toEqual([...(truth?.matched ?? [])].sort());
              expect(hit.articleId).toBe(truth?.passage.articleId);
            }
            for (let i = 1; i < hits.length; i++)
              expect(hits[i - 1]?.score).toBeGreaterThanOrEqual(hits[i]?.score ?? 0);
          },
        ),
        { numRuns: 150 },
      );
    });

    it('with common terms left out of the find step, ranks exactly the passages holding a rarer term', () => {
      fc.assert(
        fc.property(
          fc.array(passageArbitrary, { minLength: 1, maxLength: 30 }),
          fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 5 }),
          fc.constantFrom(1, 3, 8, 20),
          (records, words, budget) => {
            const options: IndexOptions = { ...DEFAULT_INDEX_OPTIONS, findPostings: budget };
            const passages = toPassages(records);
            const index = PassageIndex.build(passages, options);
            const terms = index.analyze(words.join(' '));
            const known = terms
              .map((term) => ({ term, df: index.documentFrequency(term) }))
              .filter(({ df }) => df > 0)
              .sort((a, b) => a.df - b.df || (a.term < b.term ? -1 : 1));
            // The rarest terms whose postings add up to at most the budget, and always the rarest.
            const selective = known
              .filter(
                (_, i) => i === 0 || known.slice(0, i + 1).reduce((sum, { df }) => sum + df, 0) <= budget,
              )
              .map(({ term }) => term);
            const analyze = cachedAnalyzer(options.text);
            const holdsSelective = (p: IndexedPassage) =>
              [p.text, p.title, p.meta].some((field) => analyze(field).some((t) => selective.includes(t)));
            const expected = bruteForce(passages, terms, options)
              .filter((result) => holdsSelective(result.passage))
              .map((result) => result.passage.id)
              .sort();
            const hits = index.searchTerms(terms, { limit: 1000 });
            expect(hits.map((hit) => hit.passageId).sort()).toEqual(expected);
          },
        ),
        { numRuns: 150 },
      );
    });

    it('keeps the best `limit` hits and only the asked article', () => {
      fc.assert(
        fc.property(
          fc.array(passageArbitrary, { minLength: 1, maxLength: 30 }),
          fc.integer({ min: 1, max: 5 }),
          (records, limit) => {
            const index = PassageIndex.build(toPassages(records), {
              ...DEFAULT_INDEX_OPTIONS,
              findPostings: Number.POSITIVE_INFINITY,
            });
            const all = index.search('cells protein bone alpha', { limit: 1000 });
            expect(index.search('cells protein bone alpha', { limit })).toEqual(all.slice(0, limit));
            const only = index.search('cells protein bone alpha', { limit: 1000, articleId: 'a1' });
            expect(only).toEqual(all.filter((hit) => hit.articleId === 'a1'));
          },
        ),
        { numRuns: 100 },
      );
    });

    it('finds folded and stemmed forms and returns nothing for unknown words or an unknown article', () => {
      const index = PassageIndex.build(
        toPassages([
          { text: 'The Río Grande cells', title: 'Rivers', meta: '', article: 0 },
          { text: 'Protein folding', title: 'Biology', meta: '', article: 1 },
        ]),
      );
      expect(index.search('rio grande cell')[0]?.passageId).toBe('a0#0');
      expect(index.search('zzz')).toEqual([]);
      expect(index.search('the of')).toEqual([]);
      expect(index.search('protein', { articleId: 'nope' })).toEqual([]);
      expect(index.documentFrequency('cell')).toBe(1);
      expect(index.idf('never')).toBeGreaterThan(index.idf('cell'));
    });
  });

  describe('spelling', () => {
    const index = PassageIndex.build(
      toPassages([
        {
          text: 'Beyoncé released the album. Advertisements followed.',
          title: 'Music',
          meta: '',
          article: 0,
        },
        { text: 'Beyoncé toured Europe. Her manager approved.', title: 'Tours', meta: '', article: 1 },
        { text: 'The human genome.', title: 'Other', meta: '', article: 2 },
      ]),
    );
    const term = (word: string) => index.analyze(word)[0] as string;

    it("spells a term the library lacks as the library's nearest term, one edit away (two from 9 letters)", () => {
      expect(index.spellingOf(term('Beyonse'))).toBe(term('Beyoncé'));
      expect(index.spellingOf(term('advetisements'))).toBe(term('advertisements'));
      expect(index.spellingOf(term('adveritsmnts'))).toBeNull();
      expect(index.spellingOf(term('Euorpe'))).toBe(term('Europe'));
    });

    it('leaves known, short and numeric terms alone, and never changes the first letter', () => {
      expect(index.spellingOf(term('album'))).toBeNull();
      expect(index.spellingOf('albm')).toBeNull();
      expect(index.spellingOf('2019x')).toBeNull();
      expect(index.spellingOf(term('Shuman'))).toBeNull();
    });

    it('searches only the terms it is asked to correct, and says what it searched them as', () => {
      const asked = [term('Beyonse'), term('tour')];
      const corrected = searchIndex(index, asked, { correct: [term('Beyonse')] });
      expect(corrected.corrections).toEqual({ [term('Beyonse')]: term('Beyoncé') });
      expect(corrected.hits.map((hit) => hit.passageId)[0]).toBe('a1#1');
      expect(corrected.figures.frequencies[term('Beyoncé')]).toBe(2);
      const plain = searchIndex(index, asked);
      expect(plain.corrections).toBeUndefined();
      expect(plain.hits.map((hit) => hit.passageId)).toEqual(['a1#1']);
      expect(plain.hits[0]?.terms).toEqual([term('tour')]);
    });
  });

  describe('saved index', () => {
    const dirs: string[] = [];
    afterAll(async () => {
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    });
    const temporary = async () => {
      const dir = await mkdtemp(join(tmpdir(), 'footnote-index-'));
      dirs.push(dir);
      return dir;
    };

    it('gives the same results after saving and loading', async () => {
      const dir = await temporary();
      await fc.assert(
        fc.asyncProperty(fc.array(passageArbitrary, { minLength: 0, maxLength: 20 }), async (records) => {
          const passages = toPassages(records);
          const index = PassageIndex.build(passages);
          const file = join(dir, 'index.json');
          await writeIndexFile(file, index, {
            fingerprint: 'f',
            builtAt: '2024-01-01T00:00:00.000Z',
            buildMs: 1,
          });
          const loaded = (await readIndexFile(file, DEFAULT_INDEX_OPTIONS)).index;
          expect(loaded.documentCount).toBe(index.documentCount);
          // The file is MiniSearch's own serialisation: MiniSearch loads it with the same options.
          const json = await readFile(file, 'utf8');
          const plain = MiniSearch.loadJSON(json, miniSearchOptions(DEFAULT_INDEX_OPTIONS));
          const direct = new MiniSearch(miniSearchOptions(DEFAULT_INDEX_OPTIONS));
          direct.addAll(passages);
          expect(plain.documentCount).toBe(index.documentCount);
          for (const query of ['cells', 'alpha beta', 'rio bone protein', 'gamma delta the']) {
            expect(loaded.search(query, { limit: 100 })).toEqual(index.search(query, { limit: 100 }));
            expect(plain.search(query).map((r) => r.id)).toEqual(direct.search(query).map((r) => r.id));
          }
        }),
        { numRuns: 30 },
      );
    });

    it('is reused when the fingerprint matches and rebuilt when passages or options change', async () => {
      const file = join(await temporary(), 'cache', 'index.json');
      const passages = toPassages([{ text: 'bone cells', title: 't', meta: '', article: 0 }]);
      const first = await loadOrBuildIndex(file, passages, DEFAULT_INDEX_OPTIONS);
      expect(first.origin.source).toBe('built');
      expect(first.origin.rebuildReason).toBe('no saved index');
      const second = await loadOrBuildIndex(file, passages, DEFAULT_INDEX_OPTIONS);
      expect(second.origin.source).toBe('saved');
      expect(second.index.search('bone')).toEqual(first.index.search('bone'));
      const changed = await loadOrBuildIndex(
        file,
        [...passages, { ...passages[0], id: 'a0#9' } as IndexedPassage],
        DEFAULT_INDEX_OPTIONS,
      );
      expect(changed.origin).toMatchObject({ source: 'built', rebuildReason: 'articles or options changed' });
      const otherOptions = { ...DEFAULT_INDEX_OPTIONS, bm25: { k: 1.2, b: 0.75, d: 0 } };
      expect((await loadOrBuildIndex(file, passages, otherOptions)).origin.source).toBe('built');
    });

    it('rebuilds a corrupt or foreign file instead of failing', async () => {
      const file = join(await temporary(), 'index.json');
      await writeFile(file, '{"format":1}\n{}');
      const result = await loadOrBuildIndex(
        file,
        toPassages([{ text: 'x', title: '', meta: '', article: 0 }]),
        DEFAULT_INDEX_OPTIONS,
      );
      expect(result.origin.source).toBe('built');
      expect(result.origin.rebuildReason).toMatch(/unreadable: not a Footnote index file/);
      expect(
        (
          await loadOrBuildIndex(
            file,
            toPassages([{ text: 'x', title: '', meta: '', article: 0 }]),
            DEFAULT_INDEX_OPTIONS,
          )
        ).origin.source,
      ).toBe('saved');
    });
  });
});
