import { beforeAll, describe, expect, it } from 'vitest';
import { type CiteMatch, citeMessage, findSource } from '../../src/cite/cite.ts';
import type { Library } from '../../src/library.ts';
import { inlineLibrary, seedLibrary } from './fixtures.ts';

const CADRES = 'china-trains-cadres';
const HOSTILE = 'hostile-forces';

let library: Library;
beforeAll(async () => {
  library = await seedLibrary();
});

async function best(text: string): Promise<CiteMatch | undefined> {
  return (await findSource(text, library))[0];
}

function expectVerbatimSlice(match: CiteMatch) {
  expect(match.span.text).toBe(match.article.body.slice(match.span.start, match.span.end));
  expect(match.passage.articleId).toBe(match.article.id);
  expect(match.passage.start).toBeLessThanOrEqual(match.span.start);
}

describe('finding the source of a quote in the seed articles', () => {
  describe('verbatim', () => {
    it('finds an exact sentence, with the span cut from the body', async () => {
      const match = await best('Political opposition is not allowed.');
      expect(match?.kind).toBe('verbatim');
      expect(match?.similarity).toBe(1);
      expect(match?.article.id).toBe(HOSTILE);
      expect(match?.span.text).toBe('Political opposition is not allowed');
      expect(match?.passage.paragraph).toBe(2);
      if (match) expectVerbatimSlice(match);
    });

    it('ignores case, punctuation, straight vs curly quotes and dashes', async () => {
      const match = await best('IT RAINS IN BEIJING - HANOI HOLDS UP AN UMBRELLA!');
      expect(match?.kind).toBe('verbatim');
      expect(match?.span.text).toBe('It rains in Beijing, Hanoi holds up an umbrella');
      const quoted = await best('Vietnam\'s "escape from China," it did somewhat improve the image');
      expect(quoted?.kind).toBe('verbatim');
      expect(quoted?.span.text).toBe('Vietnam’s “escape from China,” it did somewhat improve the image');
    });

    it('ignores diacritics: "Nguyễn Phú Trọng" is "Nguyen Phu Trong"', async () => {
      const match = await best('Mr. Nguyễn Phú Trọng has visited China 3 times');
      expect(match?.kind).toBe('verbatim');
      expect(match?.span.text).toBe('Mr. Nguyen Phu Trong has visited China 3 times');
      expect(match?.differences).toEqual([]);
    });

    it('links to the exact span with a text fragment, and cites the paragraph', async () => {
      const match = await best('the third time was in January 2017');
      expect(match?.citation.link).toBe(
        `${match?.article.url}#:~:text=the%20third%20time%20was%20in%20January%202017`,
      );
      expect(match?.citation.paragraph).toBe(7);
    });
  });

  describe('close', () => {
    it('accepts typos and marks them', async () => {
      const match = await best(
        'Vietnam used to be beter recognised for its abilty to remain quietly in the strategic shadows',
      );
      expect(match?.kind).toBe('close');
      expect(match?.article.id).toBe(HOSTILE);
      // Neighbouring differences of one kind are reported as one run.
      expect(match?.differences.map((d) => [d.kind, d.yours?.text, d.source?.text])).toEqual([
        ['typo', 'beter recognised', 'better recognized'],
        ['typo', 'abilty', 'ability'],
      ]);
      expect(match?.similarity).toBeGreaterThan(0.9);
      expect(match?.similarity).toBeLessThan(1);
    });

    it('accepts dropped words and reports them as left out', async () => {
      const match = await best(
        'Vietnam used to be recognized for its ability to remain quietly in the strategic shadows, with its leaders mostly unknown to the world',
      );
      expect(match?.kind).toBe('close');
      expect(match?.differences.map((d) => [d.kind, d.source?.text])).toEqual([
        ['missing', 'better'],
        ['missing', 'outside'],
      ]);
      expect(match?.span.text.endsWith('unknown to the outside world')).toBe(true);
    });

    it('accepts a changed word and shows both sides', async () => {
      const match = await best(
        'Mr. Nguyen Phu Trong has visited China three times, the third time was in January 2017',
      );
      expect(match?.kind).toBe('close');
      expect(match?.differences).toHaveLength(1);
      expect(match?.differences[0]).toMatchObject({
        kind: 'changed',
        yours: { text: 'three' },
        source: { text: '3' },
      });
    });

    it('accepts an ellipsis for omitted words, in any spelling', async () => {
      for (const ellipsis of ['...', '…', '[...]', '[…]']) {
        const match = await best(
          `Prison sentences for dissidents are common ${ellipsis} the repression has been even worse.`,
        );
        expect(match?.kind, ellipsis).toBe('close');
        expect(match?.span.text).toBe(
          'Prison sentences for dissidents are common, and in recent years, the repression has been even worse',
        );
        expect(match?.differences).toEqual([
          expect.objectContaining({
            kind: 'omitted',
            source: expect.objectContaining({ text: 'and in recent years' }),
          }),
        ]);
        expect(match?.similarity).toBeLessThan(1);
      }
    });

    it('accepts an ellipsis that skips across sentences of a paragraph', async () => {
      const match = await best(
        'Vietnam is undoubtedly enjoying its moment in the sun … it is being courted by everyone.',
      );
      expect(match?.kind).toBe('close');
      expect(match?.span.text.startsWith('Vietnam is undoubtedly enjoying')).toBe(true);
      expect(match?.span.text.endsWith('it is being courted by everyone')).toBe(true);
    });
  });

  describe('related', () => {
    it('labels a paraphrase as related, never as a match', async () => {
      const matches = await findSource(
        'A leaked Politburo paper warns that hostile and reactionary forces threaten national security through foreign ties.',
        library,
      );
      expect(matches.length).toBeGreaterThan(0);
      expect(matches.every((m) => m.kind === 'related')).toBe(true);
      expect(matches[0]?.span.text).toContain('hostile and reactionary forces');
      for (const match of matches) expectVerbatimSlice(match);
    });

    it('finds related passages for a claim about cadre training', async () => {
      const matches = await findSource(
        'China has been training the senior officials of the Vietnamese Communist Party under an agreement signed in 2017.',
        library,
      );
      expect(matches[0]?.kind).toBe('related');
      expect(matches[0]?.article.id).toBe(CADRES);
    });
  });

  describe('not found', () => {
    // Sentences written for this test: not in the seed articles, but full of their words.
    const outside = [
      'The Communist Party of Vietnam held its congress in Hanoi and elected a new General Secretary for the next five years.',
      'Vietnam and the United States signed a free trade agreement on rice exports in the previous year.',
      'China and Vietnam agreed to build a high-speed railway between Hanoi and Beijing by 2030.',
      'For a long time, the story of the Vietnamese football team trying to win the regional cup has been a source of pride.',
      'Recently, Vietnam upgraded its trade relations with Japan to the highest level of cooperation.',
      'Participating in the class were 30 students who were young teachers from schools in the city and districts.',
      'It is seen as the finest place for tourism in Asia and as a crucial destination for travellers.',
      'There are currently just five permanent members of the security council in the world.',
      'Prison sentences for thieves are common, and in recent years, the crime rate has been even lower.',
    ];
    it.each(outside)('finds nothing for %s', async (sentence) => {
      expect(await findSource(sentence, library)).toEqual([]);
    });

    it('never calls outside text close, even when it shares a run of words with an article', async () => {
      const matches = await findSource(
        'Several party publications have made references to the new economic plan, indicating that it is real.',
        library,
      );
      expect(matches.every((m) => m.kind === 'related')).toBe(true);
    });
  });

  describe('whole messages', () => {
    it('looks up each quote of a message separately', async () => {
      const report = await citeMessage(
        'Both are in there: "Political opposition is not allowed" and “It rains in Beijing, Hanoi holds up an umbrela”, but not "the moon is made of green cheese".',
        library,
      );
      expect(report.lookups.map((r) => r.matches[0]?.kind ?? 'none')).toEqual(['verbatim', 'close', 'none']);
    });

    it('cuts a long message into sentences and matches each', async () => {
      const hostile = library.articles.get(HOSTILE)?.body ?? '';
      const paragraph = hostile.split('\n\n')[1] ?? '';
      expect(paragraph.length).toBeGreaterThan(300);
      const report = await citeMessage(paragraph, library);
      expect(report.lookups.length).toBeGreaterThan(3);
      for (const result of report.lookups) {
        expect(result.matches[0]?.kind, result.lookup.text).toBe('verbatim');
        expect(result.matches[0]?.passage.paragraph).toBe(2);
      }
    });
  });
});

describe('quotes across passage boundaries', () => {
  // One long paragraph (over 900 characters) is cut into several passages; a quote may straddle two.
  const sentences = Array.from(
    { length: 14 },
    (_, i) =>
      `Sentence ${i + 1} tells of harbour number ${i + 101}, where fishermen mend nets beside lantern-lit warehouses.`,
  );
  const long = inlineLibrary({
    long: sentences.join(' '),
    other: 'An unrelated article about mountains and rivers.',
  });

  it('splits the paragraph into several passages', () => {
    expect(long.passagesByArticle.get('long')?.length).toBeGreaterThan(1);
  });

  it('matches a quote that starts in one passage and ends in the next', async () => {
    const passages = long.passagesByArticle.get('long') ?? [];
    const second = passages[1];
    if (!second) throw new Error('expected two passages');
    const body = long.articles.get('long')?.body ?? '';
    // The last sentence of passage 1 and the first of passage 2.
    const before = body.slice(0, second.start).trimEnd();
    const lastSentenceStart = before.lastIndexOf('Sentence');
    const quote = body.slice(lastSentenceStart, second.sentences[0]?.end);
    const match = (await findSource(quote, long))[0];
    expect(match?.kind).toBe('verbatim');
    expect(match?.span.start).toBe(lastSentenceStart);
    // The span ends with the last word: the sentence's period is not part of the match.
    expect(match?.span.end).toBe((second.sentences[0]?.end ?? 0) - 1);
    expect(match?.passage.id).toBe('long#1');
    expect(match?.span.text).toBe(quote.replace(/[.]$/u, ''));
  });
});

describe('decomposed Unicode (NFD) in the article', () => {
  const body = [
    'Nguyễn Phú Trọng visited Beijing in October 2011 and met Hồ Cẩm Đào at the Great Hall.',
    'The two leaders signed six agreements on trade, fishing and the border.',
  ]
    .join('\n\n')
    .normalize('NFD');
  const library = inlineLibrary({ nfd: body });

  it('finds a composed (NFC) quote verbatim, the span cut from the decomposed body', async () => {
    const [match] = await findSource(
      '“Nguyễn Phú Trọng visited Beijing in October 2011 and met Hồ Cẩm Đào”',
      library,
    );
    expect(match?.kind).toBe('verbatim');
    if (!match) return;
    expectVerbatimSlice(match);
    expect(match.span.text).toBe(body.slice(0, match.span.end));
    expect(match.span.text.normalize('NFC')).toBe(
      'Nguyễn Phú Trọng visited Beijing in October 2011 and met Hồ Cẩm Đào',
    );
  });

  it('finds an unaccented claim with a changed word as a close match that ends on a whole word', async () => {
    const [match] = await findSource(
      'Nguyen Phu Trong visited Beijing in November 2011 and met Ho Cam Dao at the Great Hall.',
      library,
    );
    expect(match?.kind).toBe('close');
    if (!match) return;
    expectVerbatimSlice(match);
    expect(match.span.text.normalize('NFC')).toBe(
      'Nguyễn Phú Trọng visited Beijing in October 2011 and met Hồ Cẩm Đào at the Great Hall',
    );
    expect(match.differences.map((d) => [d.kind, d.yours?.text, d.source?.text])).toEqual([
      ['changed', 'November', 'October'],
    ]);
  });
});
