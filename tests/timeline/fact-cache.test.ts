import { describe, expect, it } from 'vitest';
import { splitIntoPassages } from '../../src/corpus/passages.ts';
import type { Article, Passage } from '../../src/corpus/types.ts';
import { buildTimeline } from '../../src/timeline/extract.ts';
import { FactCache } from '../../src/timeline/fact-cache.ts';
import { factKeys } from '../../src/timeline/fact-search.ts';
import { LibraryTimeline } from '../../src/timeline/library-timeline.ts';
import { article } from './helpers.ts';

function library(articles: readonly Article[]): {
  articles: readonly Article[];
  passagesByArticle: Map<string, readonly Passage[]>;
} {
  return { articles, passagesByArticle: new Map(articles.map((a) => [a.id, splitIntoPassages(a)])) };
}

const dams = article('The dam was finished in March 2020. It opened on 5 April 2021.', '2024-03-01', 'dams');
const rivers = article(
  'The river flooded in 1998. Since the 1990 Chengdu Conference, little changed.',
  '2024-03-01',
  'rivers',
);

describe('FactCache', () => {
  it('gives the timeline buildTimeline gives, in the same order', () => {
    const { articles, passagesByArticle } = library([dams, rivers]);
    const { facts, extracted } = new FactCache().timeline(articles, passagesByArticle);
    expect(extracted).toBe(2);
    expect(facts).toEqual(
      buildTimeline({ articles: new Map(articles.map((a) => [a.id, a])), passagesByArticle }),
    );
    expect(facts.map((f) => f.date)).toEqual(['1990', '1998', '2020-03', '2021-04-05']);
  });

  describe('across versions of a library', () => {
    it('extracts only new and changed articles, and forgets removed ones', () => {
      const cache = new FactCache();
      const first = library([dams, rivers]);
      cache.timeline(first.articles, first.passagesByArticle);

      const same = library([dams, rivers]);
      expect(cache.timeline(same.articles, same.passagesByArticle).extracted).toBe(0);

      const changed = { ...dams, body: `${dams.body} It closed in June 2022.` };
      const second = library([changed]);
      const { facts, extracted } = cache.timeline(second.articles, second.passagesByArticle);
      expect(extracted).toBe(1);
      expect(facts.map((f) => f.date)).toEqual(['2020-03', '2021-04-05', '2022-06']);

      // "rivers" was forgotten: it comes back extracted again.
      const third = library([changed, rivers]);
      expect(cache.timeline(third.articles, third.passagesByArticle).extracted).toBe(1);
    });

    it('extracts an article again when what its facts cite changes (publication date, title)', () => {
      const cache = new FactCache();
      const first = library([dams]);
      cache.timeline(first.articles, first.passagesByArticle);
      const retitled = library([{ ...dams, title: 'Dams, updated' }]);
      const { facts, extracted } = cache.timeline(retitled.articles, retitled.passagesByArticle);
      expect(extracted).toBe(1);
      expect(facts[0]?.citation.title).toBe('Dams, updated');
      const redated = library([{ ...dams, title: 'Dams, updated', published: '2020-01-01' }]);
      // Both dates are after publication now: no facts.
      expect(cache.timeline(redated.articles, redated.passagesByArticle).facts).toEqual([]);
    });
  });
});

describe('LibraryTimeline', () => {
  it('is ready when computed with the library', () => {
    const timeline = LibraryTimeline.of([]);
    expect(timeline.ready).toBe(true);
    expect(timeline.facts).toEqual([]);
  });

  it('computes a lazy timeline once, on first read', () => {
    let computed = 0;
    const { articles, passagesByArticle } = library([dams]);
    const timeline = LibraryTimeline.lazy(() => {
      computed++;
      return buildTimeline({ articles: new Map(articles.map((a) => [a.id, a])), passagesByArticle });
    });
    expect(timeline.ready).toBe(false);
    expect(computed).toBe(0);
    expect(timeline.facts).toHaveLength(2);
    expect(timeline.facts).toHaveLength(2);
    expect(timeline.ready).toBe(true);
    expect(computed).toBe(1);
    // Its search keys are computed on the first query, once.
    expect(timeline.searchReady).toBe(false);
    expect(timeline.search.find({ query: 'dam' })).toEqual(timeline.search.find({ query: 'dam' }));
    expect(timeline.searchReady).toBe(true);
    expect(computed).toBe(1);
  });

  it('takes the search keys the build worker computed: searching computes nothing', () => {
    const { articles, passagesByArticle } = library([dams]);
    const facts = buildTimeline({ articles: new Map(articles.map((a) => [a.id, a])), passagesByArticle });
    const keys = facts.map(factKeys);
    const timeline = LibraryTimeline.of(facts, new Map(articles.map((a) => [a.id, a])), keys);
    expect(timeline.searchReady).toBe(true);
    expect(timeline.search.find({}).map((fact) => fact.id)).toEqual(facts.map((fact) => fact.id));
  });
});
