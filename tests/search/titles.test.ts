import { describe, expect, it } from 'vitest';
import { resolveArticle } from '../../src/discord/titles.ts';
import { openLibrary } from '../../src/library.ts';
import { TitleIndex } from '../../src/search/title-index.ts';
import { inlineLibrary, writeArticle, writeLibrary } from '../support/library-files.ts';

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

describe('finding an article by its title', () => {
  it('finds the exact title ignoring case, accents, quote styles and surrounding spaces', async () => {
    const library = await inlineLibrary([
      { id: 'hanoi', title: 'Hà Nội’s new metro line', body: 'The line opened in August.' },
      { id: 'rice', title: 'Rice harvests', body: 'The harvest was large this year.' },
    ]);
    expect(library.articleTitled("  HA NOI'S NEW METRO LINE ")?.id).toBe('hanoi');
    expect(resolveArticle(library, 'rice HARVESTS')?.id).toBe('rice');
    expect(library.articleTitled('Hà Nội')).toBeUndefined();
  });

  it('takes the first in library order when two titles fold alike', async () => {
    const library = await inlineLibrary([
      { id: 'a-first', title: 'Café hours', body: 'Open at nine.' },
      { id: 'b-second', title: 'Cafe Hours', body: 'Closed on Sundays.' },
    ]);
    expect(library.articleTitled('cafe hours')?.id).toBe('a-first');
  });

  it('is the library’s own: a rebuilt library finds its new titles, the old one keeps its own', async () => {
    const dataDir = await writeLibrary([{ id: 'old', title: 'Old title', body: 'Before the change.' }]);
    const before = await openLibrary({ dataDir });
    expect(before.articleTitled('Old title')?.id).toBe('old');
    await writeArticle(dataDir, { id: 'old', title: 'New title', body: 'After the change.' });
    const after = await openLibrary({ dataDir });
    expect(after.articleTitled('New title')?.id).toBe('old');
    expect(after.articleTitled('Old title')).toBeUndefined();
    expect(before.articleTitled('Old title')?.id).toBe('old');
  });
});
