import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alignQuote,
  editDistance,
  keyedTokens,
  queryTokens,
  TYPO_COST,
  wordCost,
} from '../../src/cite/align.ts';

function align(quote: string, source: string) {
  const result = alignQuote(queryTokens(quote), keyedTokens(source));
  if (!result) throw new Error('no alignment');
  const tokens = keyedTokens(source);
  return { ...result, text: source.slice(tokens[result.first]?.start, tokens[result.last]?.end) };
}

/** Plain, unbanded optimal-string-alignment distance, as the reference. */
function referenceDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(
        at(i - 1, j) + 1,
        at(i, j - 1) + 1,
        at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = v;
    }
  }
  return at(a.length, b.length);
}

describe('word comparison', () => {
  it('computes the bounded distance exactly (banded computation agrees with the full one)', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 10 });
    fc.assert(
      fc.property(word, word, fc.integer({ min: 1, max: 3 }), (a, b, max) => {
        const expected = referenceDistance(a, b);
        expect(editDistance(a, b, max)).toBe(expected <= max ? expected : max + 1);
      }),
      { numRuns: 3000 },
    );
  });

  it('counts edits and adjacent swaps', () => {
    expect(editDistance('umbrella', 'umbrela', 2)).toBe(1);
    expect(editDistance('form', 'from', 2)).toBe(1);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });
  it('treats a small misspelling of a long word as a typo', () => {
    expect(wordCost('umbrella', 'umbrela')).toBe(TYPO_COST);
    expect(wordCost('determination', 'determinatoin')).toBe(TYPO_COST);
  });
  it('never treats different numbers or short words as typos', () => {
    expect(wordCost('2015', '2017')).toBe(1);
    expect(wordCost('cat', 'car')).toBe(1);
    expect(wordCost('china', 'chile')).toBe(1);
  });
  it('folds case, diacritics and apostrophes in keys', () => {
    expect(keyedTokens('Nguyễn Phú Trọng’s').map((t) => t.key)).toEqual(['nguyen', 'phu', 'trongs']);
    expect(keyedTokens("U.S. trong's").map((t) => t.key)).toEqual(['us', 'trongs']);
  });
});

describe('aligning a quote inside source text', () => {
  const source = 'Before that. It rains in Beijing, Hanoi holds up an umbrella honestly, he said. After.';

  it('finds an identical word sequence with no cost', () => {
    const result = align('it rains in beijing hanoi holds up an umbrella', source);
    expect(result.cost).toBe(0);
    expect(result.similarity).toBe(1);
    expect(result.text).toBe('It rains in Beijing, Hanoi holds up an umbrella');
  });

  it('reports changed, added and missing words', () => {
    const changed = align('It rains in Paris, Hanoi holds up an umbrella', source);
    expect(changed.counts.changed).toBe(1);
    const added = align('It rains in Beijing and Hanoi holds up an umbrella', source);
    expect(added.counts.added).toBe(1);
    const missing = align('It rains in Beijing, Hanoi holds an umbrella', source);
    expect(missing.counts.missing).toBe(1);
    expect(missing.similarity).toBeCloseTo(1 - 1 / 9);
  });

  it('skips source words for free where the quote has an ellipsis, in every spelling', () => {
    for (const ellipsis of ['...', '…', '[...]', '[…]', '. . .']) {
      const result = align(`It rains in Beijing ${ellipsis} an umbrella`, source);
      expect(result.cost, ellipsis).toBe(0);
      expect(result.counts.omitted, ellipsis).toBe(3);
      expect(result.text).toBe('It rains in Beijing, Hanoi holds up an umbrella');
    }
  });

  it('charges for skipped words where there is no ellipsis', () => {
    const result = align('It rains in Beijing an umbrella', source);
    expect(result.counts.omitted).toBe(0);
    expect(result.cost).toBeGreaterThanOrEqual(2);
  });

  it('ends on a matching word when a cheaper end does not exist', () => {
    const result = align('holds up an umbrella he said', 'holds up an umbrella honestly, he said');
    expect(result.text).toBe('holds up an umbrella honestly, he said');
  });

  it('returns null for empty input', () => {
    expect(alignQuote(queryTokens(''), keyedTokens('words here'))).toBeNull();
    expect(alignQuote(queryTokens('words here'), [])).toBeNull();
  });
});
