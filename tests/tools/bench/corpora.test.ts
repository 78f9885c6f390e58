import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/seeded-random.ts';
import { syntheticPassages, syntheticQueries, zipfSampler } from '../../../tools/bench/corpora.ts';

const options = {
  seed: 7,
  baseVocabulary: ['the', 'cell', 'protein'],
  vocabularySize: 1000,
  exponent: 1.05,
  passagesPerArticle: 4,
};

describe('synthetic corpora', () => {
  it('are the same for the same seed', () => {
    expect([...syntheticPassages(20, options)]).toEqual([...syntheticPassages(20, options)]);
    expect(syntheticQueries(5, options)).toEqual(syntheticQueries(5, options));
  });

  it('differ for another seed', () => {
    expect([...syntheticPassages(5, { ...options, seed: 8 })]).not.toEqual([
      ...syntheticPassages(5, options),
    ]);
  });

  it('group passages into articles that share a title', () => {
    const passages = [...syntheticPassages(8, options)];
    expect(passages.map((passage) => passage.id).slice(0, 5)).toEqual([
      'syn0#1',
      'syn0#2',
      'syn0#3',
      'syn0#4',
      'syn1#1',
    ]);
    expect(new Set(passages.slice(0, 4).map((passage) => passage.title)).size).toBe(1);
  });

  it('draw words with a Zipfian distribution: the first rank is the most frequent', () => {
    const draw = zipfSampler(100, 1, seededRandom(1));
    const counts = new Array<number>(100).fill(0);
    for (let i = 0; i < 20000; i++) {
      const rank = draw();
      counts[rank] = (counts[rank] ?? 0) + 1;
    }
    expect(counts[0]).toBeGreaterThan((counts[1] ?? 0) * 1.5);
    expect(counts[1]).toBeGreaterThan(counts[50] ?? 0);
  });
});
