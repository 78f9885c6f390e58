import { describe, expect, it } from 'vitest';
import { TitleIndex } from '../../src/search/titles.ts';

const ARTICLES = [
  {
    id: 'leak',
    title: 'Communist Party document that was leaked alerts Vietnam to “hostile forces”',
    published: '2024-03-01',
  },
  {
    id: 'cadres',
    title: 'Upgrading relations with US, why does Vietnam still let China train its senior cadres?',
    published: '2023-09-30',
  },
  { id: 'rice', title: 'Rice harvests in the Mekong delta', published: '2022-01-10' },
  { id: 'hanoi', title: 'Hà Nội’s new metro line', published: '2024-05-05' },
];

describe('title autocomplete', () => {
  const titles = TitleIndex.build(ARTICLES);

  it('matches word prefixes as they are typed', () => {
    expect(titles.suggest('upgr', 5)).toEqual(['cadres']);
    expect(titles.suggest('mekong del', 5)).toEqual(['rice']);
  });

  it('tolerates a typo in a longer word', () => {
    expect(titles.suggest('Vietnm', 5).sort()).toEqual(['cadres', 'leak']);
    expect(titles.suggest('comunist', 5)).toEqual(['leak']);
  });

  it('ignores accents and curly quotes', () => {
    expect(titles.suggest('ha noi', 5)).toEqual(['hanoi']);
    expect(titles.suggest('"hostile', 5)).toEqual(['leak']);
  });

  it('prefers every typed word, and falls back to any word rather than nothing', () => {
    expect(titles.suggest('vietnam china', 5)).toEqual(['cadres']);
    expect(titles.suggest('rice zebra', 5)).toEqual(['rice']);
  });

  it('puts titles that start with the typed text first', () => {
    expect(titles.suggest('rice', 5)[0]).toBe('rice');
  });

  it('lists the newest articles for an empty query, up to the limit', () => {
    expect(titles.suggest('', 3)).toEqual(['hanoi', 'leak', 'cadres']);
  });

  it('suggests nothing for words in no title', () => {
    expect(titles.suggest('quantum', 5)).toEqual([]);
  });
});
