import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldText } from '../../src/search/text.ts';

/** Folding as it was written first, over the whole text at once: what folding run by run must equal. */
function foldWhole(text: string): string {
  const undecomposable: Record<string, string> = {
    đ: 'd',
    Đ: 'D',
    ð: 'd',
    Ð: 'D',
    ø: 'o',
    Ø: 'O',
    ł: 'l',
    Ł: 'L',
    ß: 'ss',
    æ: 'ae',
    Æ: 'AE',
    œ: 'oe',
    Œ: 'OE',
    ı: 'i',
    þ: 'th',
    Þ: 'Th',
  };
  return text
    .replace(/[đĐðÐøØłŁßæÆœŒıþÞ]/gu, (ch) => undecomposable[ch] ?? ch)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[‘’‚‛′`´]/gu, "'")
    .replace(/[“”„‟″«»]/gu, '"')
    .replace(/[‐‑‒–—―−]/gu, '-')
    .replace(/…/gu, '...')
    .toLowerCase();
}

/** Text like the library's: mostly ASCII, with accents (composed and decomposed), quotes, dashes, Greek, CJK. */
const mixedText = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 12 }) },
      { weight: 2, arbitrary: fc.constantFrom('é', 'e\u0301', 'Ł', 'ß', '“', '’', '–', '…', '`', 'ﬁ', 'Ａ') },
      { weight: 1, arbitrary: fc.constantFrom('ΑΣ', 'Σ ', 'ς', 'İ', 'ǅ', '\u0301\u0323', '한', '𝔘', '²') },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

describe('foldText', () => {
  it('folds run by run exactly as folding the whole text at once', () => {
    fc.assert(
      fc.property(mixedText, (text) => {
        expect(foldText(text)).toBe(foldWhole(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('only lowercases printable ASCII, except the backquote, which becomes an apostrophe', () => {
    expect(foldText('The Mekong Delta, 2020-2021.')).toBe('the mekong delta, 2020-2021.');
    expect(foldText('the `quoted` Word')).toBe("the 'quoted' word");
  });

  it('folds accents, decomposed or not, quotes and dashes inside ASCII text', () => {
    expect(foldText('Café CAFE\u0301 “Nguyễn” – Łódź… ΟΔΟΣ')).toBe('cafe cafe "nguyen" - lodz... οδος');
  });
});
