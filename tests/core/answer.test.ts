import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ABSTAIN_AT_OR_BELOW_COVERAGE, answerQuestion, questionProblem } from '../../src/answer/answer.ts';
import { textFragmentUrl } from '../../src/answer/citation.ts';
import { openLibrary } from '../../src/library.ts';
import { inlineLibrary } from './helpers.ts';

const CORPUS = [
  {
    id: 'rivers',
    title: 'The rivers of the delta',
    published: '2022-05-01',
    body: [
      'The Mekong delta is fed by nine branches of the river. Farmers grow rice on its banks.',
      'In 2019 the river ran low. Salt water reached far inland, and the rice harvest failed in many provinces.',
      'Engineers proposed new sluice gates. The government approved them in March 2020.',
    ].join('\n\n'),
  },
  {
    id: 'trade',
    title: 'Trade agreements',
    published: '2023-02-10',
    body: [
      'Vietnam has signed 18 free trade agreements. Exports of electronics grew quickly.',
      'Rice exports also rose, although the delta suffered from salt water in 2019 and 2020.',
      'Critics say the agreements favour large companies. Small farmers see little of the gains.',
    ].join('\n\n'),
  },
  {
    id: 'copy',
    title: 'Trade agreements (syndicated copy)',
    published: '2023-02-11',
    publisher: 'Another Paper',
    body: 'Vietnam has signed 18 free trade agreements. Exports of electronics grew quickly.',
  },
];

describe('answers', () => {
  describe('ranking', () => {
    it('puts the passage that matches the rare words of the question first', async () => {
      const library = await inlineLibrary(CORPUS);
      const answer = await answerQuestion('When were the sluice gates approved?', library);
      expect(answer.abstained).toBe(false);
      expect(answer.results[0]?.passage.id).toBe('rivers#3');
      // The quote joins the two sentences because together they hold every word of the question.
      expect(answer.results[0]?.quote.text).toBe(
        'Engineers proposed new sluice gates. The government approved them in March 2020.',
      );
    });

    it('quotes the best sentences, marks the matched words and says where the quote is cut', async () => {
      const library = await inlineLibrary(CORPUS);
      const [first] = (await answerQuestion('salt water harvest', library)).results;
      expect(first?.passage.id).toBe('rivers#2');
      const quote = first?.quote;
      expect(quote?.text).toBe(
        'Salt water reached far inland, and the rice harvest failed in many provinces.',
      );
      expect(quote?.cutBefore).toBe(true);
      expect(quote?.cutAfter).toBe(false);
      expect(quote?.highlights.map((range) => quote.text.slice(range.start, range.end))).toEqual([
        'Salt',
        'water',
        'harvest',
      ]);
    });

    it('never quotes the same passage or the same words twice', async () => {
      const library = await inlineLibrary(CORPUS);
      const answer = await answerQuestion('free trade agreements exports electronics', library, {
        limit: 10,
      });
      const ids = answer.results.map((result) => result.passage.id);
      expect(new Set(ids).size).toBe(ids.length);
      const quotes = answer.results.map((result) => result.quote.text);
      expect(new Set(quotes).size).toBe(quotes.length);
      expect(ids.filter((id) => id === 'trade#1' || id === 'copy#1')).toHaveLength(1);
    });

    it('pages through results with offset, and restricts to one article', async () => {
      const library = await inlineLibrary(CORPUS);
      const all = await answerQuestion('rice delta salt', library, { limit: 10 });
      const second = await answerQuestion('rice delta salt', library, { limit: 1, offset: 1 });
      expect(second.results[0]?.passage.id).toBe(all.results[1]?.passage.id);
      expect(second.total).toBe(all.total);
      const onlyTrade = await answerQuestion('rice delta salt', library, { articleId: 'trade' });
      expect(onlyTrade.results.every((result) => result.article.id === 'trade')).toBe(true);
    });

    it('cites title, publisher, date, paragraph and a text-fragment link to the quote', async () => {
      const library = await inlineLibrary(CORPUS);
      const [first] = (await answerQuestion('government approved', library)).results;
      expect(first?.citation).toEqual({
        title: 'The rivers of the delta',
        publisher: 'Example Press',
        published: '2022-05-01',
        paragraph: 3,
        url: 'https://example.org/rivers',
        link: 'https://example.org/rivers#:~:text=The%20government%20approved%20them%20in%20March%202020.',
      });
    });
  });

  describe('abstaining', () => {
    it(`abstains when the best passage covers no more than ${ABSTAIN_AT_OR_BELOW_COVERAGE} of the question's weight`, async () => {
      const library = await inlineLibrary(CORPUS);
      const answer = await answerQuestion('What is the capital of France?', library);
      expect(answer).toMatchObject({ abstained: true, results: [], total: 0 });
    });

    it('names the nearest articles when something matched, but too weakly', async () => {
      const library = await inlineLibrary(CORPUS);
      const answer = await answerQuestion('penguin migration quantum chromodynamics rice', library);
      expect(answer.abstained).toBe(true);
      expect(answer.nearest.map((article) => article.id)).toContain('rivers');
    });

    it('answers a question whose words are all in the library', async () => {
      const library = await inlineLibrary(CORPUS);
      expect((await answerQuestion('rice', library)).abstained).toBe(false);
    });

    it('refuses empty and over-long questions with a message', () => {
      expect(questionProblem('   ')).toMatch(/empty/u);
      expect(questionProblem('x'.repeat(5000))).toMatch(/too long/u);
      expect(questionProblem('Who?')).toBeNull();
    });
  });

  describe('quotes are verbatim', () => {
    it('every quote is the article body cut at its offsets, for arbitrary questions (property)', async () => {
      const library = await inlineLibrary(CORPUS);
      const vocabulary = [...library.passages.values()].flatMap((passage) => passage.text.split(/\s+/u));
      const question = fc.oneof(
        fc.string({ maxLength: 80 }),
        fc
          .array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 12 })
          .map((words) => words.join(' ')),
      );
      await fc.assert(
        fc.asyncProperty(question, fc.integer({ min: 1, max: 5 }), async (text, limit) => {
          if (questionProblem(text)) return;
          for (const result of (await answerQuestion(text, library, { limit })).results) {
            expect(result.article.body.slice(result.quote.start, result.quote.end)).toBe(result.quote.text);
            expect(result.article.body.includes(result.quote.text)).toBe(true);
            for (const range of result.quote.highlights) {
              expect(range.start).toBeGreaterThanOrEqual(0);
              expect(range.end).toBeLessThanOrEqual(result.quote.text.length);
            }
          }
        }),
        { numRuns: 300 },
      );
    });
  });
});

describe('text fragment links', () => {
  it('encodes the characters that text directives reserve', () => {
    expect(textFragmentUrl('https://x.org/a', 'Vietnam-China, & more')).toBe(
      'https://x.org/a#:~:text=Vietnam%2DChina%2C%20%26%20more',
    );
  });

  it('uses start and end words for a long quote, and keeps an existing fragment', () => {
    const long =
      'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen';
    expect(textFragmentUrl('https://x.org/a#top', long)).toBe(
      'https://x.org/a#top:~:text=one%20two%20three%20four%20five,thirteen%20fourteen%20fifteen%20sixteen%20seventeen',
    );
  });
});

const seedData = new URL('../../data', import.meta.url).pathname;
describe('the seed library', () => {
  it.skipIf(!existsSync(`${seedData}/articles/hostile-forces.md`))(
    'answers "Who obtained Directive 24?" with the Project88 sentence of the leaked-document article',
    async () => {
      const library = await openLibrary({ dataDir: seedData, indexFile: '/dev/null/never' });
      const [first] = (await answerQuestion('Who obtained Directive 24?', library)).results;
      expect(first?.article.id).toBe('hostile-forces');
      expect(first?.quote.text).toContain(
        'Project88, was able to get the paper, also known as Directive 24.',
      );
      expect(first?.citation.paragraph).toBe(3);
    },
  );
});
