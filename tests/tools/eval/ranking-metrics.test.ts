import { describe, expect, it } from 'vitest';
import {
  mean,
  ndcgAtK,
  percentile,
  recallAtK,
  reciprocalRankAtK,
} from '../../../tools/eval/ranking-metrics.ts';

const judged = new Map([
  ['a', 1],
  ['b', 2],
  ['z', 0],
]);

describe('metrics', () => {
  describe('ndcgAtK', () => {
    it('is 1 for the ideal order', () => {
      expect(ndcgAtK(['b', 'a', 'x'], judged, 10)).toBeCloseTo(1, 12);
    });
    it('matches a hand-computed value for a worse order', () => {
      // DCG = 1/log2(3) + 2/log2(4) = 0.63093 + 1; IDCG = 2/1 + 1/log2(3) = 2.63093
      expect(ndcgAtK(['x', 'a', 'b'], judged, 10)).toBeCloseTo(
        (1 / Math.log2(3) + 1) / (2 + 1 / Math.log2(3)),
        12,
      );
    });
    it('counts only the first k ranks and ignores documents judged 0', () => {
      expect(ndcgAtK(['z', 'x', 'b'], judged, 2)).toBe(0);
    });
    it('is 0 when nothing is relevant', () => {
      expect(ndcgAtK(['a'], new Map([['a', 0]]), 10)).toBe(0);
    });
  });

  describe('recallAtK', () => {
    it('is the share of relevant documents found', () => {
      expect(recallAtK(['a', 'x', 'z'], judged, 100)).toBe(0.5);
      expect(recallAtK(['x', 'a', 'b'], judged, 2)).toBe(0.5);
      expect(recallAtK(['b', 'a'], judged, 2)).toBe(1);
    });
  });

  describe('reciprocalRankAtK', () => {
    it('is one over the rank of the first relevant document, within k', () => {
      expect(reciprocalRankAtK(['x', 'z', 'a'], judged, 10)).toBeCloseTo(1 / 3, 12);
      expect(reciprocalRankAtK(['x', 'z', 'a'], judged, 2)).toBe(0);
    });
  });

  describe('percentile and mean', () => {
    it('uses the nearest rank', () => {
      const values = Array.from({ length: 100 }, (_, i) => 100 - i);
      expect(percentile(values, 0.5)).toBe(50);
      expect(percentile(values, 0.99)).toBe(99);
      expect(percentile([7], 0.99)).toBe(7);
      expect(mean([1, 2, 6])).toBe(3);
    });
  });
});
