import { describe, expect, it } from 'vitest';
import { TitleWords } from '../../src/search/title-words.ts';

describe('title words', () => {
  const titles = [
    'Vietnam trains its cadres in China',
    'Việt Nam and the Mekong delta',
    'Vietnam and its neighbours: Vietnam, Laos, Cambodia',
    'Chopin in Paris',
  ];

  it('counts the titles that hold each word, once per title, folded as search folds it', () => {
    const words = TitleWords.build(titles);
    expect(words.titles).toBe(4);
    // Written twice in one title: that title counts once.
    expect(words.count('Vietnam')).toBe(2);
    expect(words.count('viet')).toBe(1);
    expect(words.count('Việt')).toBe(1);
    expect(words.count('chopin')).toBe(1);
    expect(words.count('banana')).toBe(0);
  });

  it('a word in one title (or none) is wholly specific; one that more titles share, less so', () => {
    const words = TitleWords.build(titles);
    expect(words.specificity('Chopin')).toBe(1);
    expect(words.specificity('banana')).toBe(1);
    const vietnam = words.specificity('Vietnam');
    const and = words.specificity('and');
    expect(vietnam).toBeLessThan(1);
    expect(and).toBeLessThan(1);
    expect(vietnam).toBeGreaterThan(0);
    // In every title of a larger library, a word says almost nothing.
    const many = TitleWords.build(Array.from({ length: 1000 }, (_, i) => `Health report ${i}`));
    expect(many.specificity('health')).toBeLessThan(0.01);
    expect(many.specificity('17')).toBe(1);
  });

  it('survives the trip from the build worker as JSON', () => {
    const words = TitleWords.build(titles);
    const back = TitleWords.fromJSON(JSON.parse(JSON.stringify(words.toJSON())));
    expect(back.toJSON()).toEqual(words.toJSON());
    expect(back.specificity('Vietnam')).toBe(words.specificity('Vietnam'));
  });

  it('with no titles, every word is specific', () => {
    expect(TitleWords.build([]).specificity('anything')).toBe(1);
  });
});
