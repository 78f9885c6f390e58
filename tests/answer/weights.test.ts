import { describe, expect, it } from 'vitest';
import { englishRarity, libraryRarity, termWeight } from '../../src/answer/weights.ts';
import { DEFAULT_TEXT_OPTIONS, processTerm } from '../../src/search/text.ts';

/** The index term of a word, as questions and passages are analysed. */
function term(word: string): string {
  const processed = processTerm(word, DEFAULT_TEXT_OPTIONS);
  if (processed === null) throw new Error(`"${word}" is not an index term`);
  return processed;
}

const HALF = 2000;
const UNKNOWN = 'zzqxvkwj';

describe('term weights', () => {
  describe('English rarity', () => {
    it('weighs common words less than rare ones', () => {
      expect(englishRarity(term('people'))).toBeLessThan(englishRarity(term('harvest')));
      expect(englishRarity(term('year'))).toBeLessThan(englishRarity(term('sluice')));
      expect(englishRarity(term('said'))).toBeLessThan(englishRarity(term('chromodynamics')));
    });

    it('is between 0 and 1, and 1 for a word English never uses', () => {
      for (const word of ['people', 'rice', 'sluice']) {
        expect(englishRarity(term(word))).toBeGreaterThan(0);
        expect(englishRarity(term(word))).toBeLessThan(1);
      }
      expect(englishRarity(UNKNOWN)).toBe(1);
    });
  });

  describe('library rarity', () => {
    it('is 1 for a term in no passage (or an empty library), and falls as more passages hold it', () => {
      expect(libraryRarity(UNKNOWN, { documentCount: 100, frequencies: {} })).toBe(1);
      expect(libraryRarity('rice', { documentCount: 0, frequencies: {} })).toBe(1);
      const rare = libraryRarity('rice', { documentCount: 100, frequencies: { rice: 2 } });
      const common = libraryRarity('rice', { documentCount: 100, frequencies: { rice: 90 } });
      expect(common).toBeLessThan(rare);
      expect(rare).toBeLessThan(1);
    });
  });

  describe('the blend', () => {
    it('weighs a common term less than a rare one, in a small library', () => {
      const figures = { documentCount: 3, frequencies: { [term('people')]: 1, [term('sluice')]: 1 } };
      expect(termWeight(term('people'), figures, DEFAULT_TEXT_OPTIONS, HALF)).toBeLessThan(
        termWeight(term('sluice'), figures, DEFAULT_TEXT_OPTIONS, HALF),
      );
    });

    it('weighs a term unknown to both English and the library 1 at most', () => {
      for (const documentCount of [0, 2, 2000, 1_000_000]) {
        const weight = termWeight(UNKNOWN, { documentCount, frequencies: {} }, DEFAULT_TEXT_OPTIONS, HALF);
        expect(weight).toBeLessThanOrEqual(1);
        expect(weight).toBeCloseTo(1, 10);
      }
    });

    it('lets English decide in a small library', () => {
      const people = term('people');
      const small = { documentCount: 2, frequencies: { [people]: 0 } };
      expect(termWeight(people, small, DEFAULT_TEXT_OPTIONS, HALF)).toBeCloseTo(englishRarity(people), 2);
    });

    it('lets the library decide when it is large', () => {
      const people = term('people');
      const sluice = term('sluice');
      const large = { documentCount: 1_000_000, frequencies: { [people]: 1, [sluice]: 900_000 } };
      const peopleWeight = termWeight(people, large, DEFAULT_TEXT_OPTIONS, HALF);
      const sluiceWeight = termWeight(sluice, large, DEFAULT_TEXT_OPTIONS, HALF);
      // Common in English but rare in this library: weighs much; the reverse weighs little.
      expect(peopleWeight).toBeGreaterThan(0.9);
      expect(sluiceWeight).toBeLessThan(0.1);
      expect(peopleWeight).toBeCloseTo(libraryRarity(people, large), 2);
    });

    it('counts library and English equally at libraryHalfWeight passages', () => {
      const rice = term('rice');
      const figures = { documentCount: HALF, frequencies: { [rice]: 40 } };
      expect(termWeight(rice, figures, DEFAULT_TEXT_OPTIONS, HALF)).toBeCloseTo(
        (libraryRarity(rice, figures) + englishRarity(rice)) / 2,
        10,
      );
    });
  });
});
