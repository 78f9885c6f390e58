import { describe, expect, it } from 'vitest';
import { openLibrary } from '../../src/library.ts';
import { buildTimeline } from '../../src/timeline/extract.ts';
import { factToJson } from '../../src/timeline/json.ts';
import { datesOf, factsOf } from './helpers.ts';

describe('timeline extraction', () => {
  describe('the seed articles (data/articles)', async () => {
    const library = await openLibrary({ dataDir: 'data' });
    const facts = buildTimeline(library);

    it('finds exactly these events, in chronological order, each citing the chosen sentence', () => {
      expect(facts.map((f) => [f.date, f.end, f.precision, f.passageId, f.sentence.slice(0, 40)])).toEqual([
        ['1990', null, 'year', 'china-trains-cadres#1', 'Since the 1990 Chengdu Conference on the'],
        ['2011-10', null, 'month', 'china-trains-cadres#9', 'In the Vietnam-China Joint Statement on '],
        ['2015-04', null, 'month', 'china-trains-cadres#7', 'Mr. Trong’s two previous visits to China'],
        ['2015-11', null, 'month', 'china-trains-cadres#11', 'Until November 2015 is the “Cooperation '],
        ['2017-01', null, 'month', 'china-trains-cadres#8', 'During the third visit to China in Janua'],
        ['2023', null, 'year', 'hostile-forces#1', 'Both Chinese President Xi Jinping and US'],
        ['2023-07', null, 'month', 'hostile-forces#3', 'Dreadful warnings about the threat to na'],
        [
          '2023-09-19',
          '2023-09-26',
          'range',
          'china-trains-cadres#4',
          'This training course for resource planni',
        ],
        ['2023-09-25', null, 'day', 'china-trains-cadres#3', 'Yet, Hanoi Moi newspaper reported on Sep'],
      ]);
    });

    it('quotes every sentence verbatim, cut from the body by offsets', () => {
      for (const fact of facts) {
        const body = library.articles.get(fact.articleId)?.body ?? '';
        expect(body.slice(fact.start, fact.stop)).toBe(fact.sentence);
        expect(fact.citation.link).toContain('#:~:text=');
      }
    });

    it('resolves "last July" against publication (2024-03-01 → 2023-07) and keeps the words', () => {
      const july = facts.find((f) => f.date === '2023-07');
      expect(july?.mention).toBe('last July');
    });

    it('keeps nothing from the 2025-2030 term, "[as of 2017]", the 20162020 period or quoted titles', () => {
      const dates = facts.map((f) => f.date);
      expect(
        dates.filter(
          (d) =>
            d.startsWith('2025') ||
            d.startsWith('2030') ||
            d === '2017' ||
            d === '2015' ||
            d.startsWith('2016'),
        ),
      ).toEqual([]);
    });

    it('prints the issue’s JSON shape', () => {
      const fact = facts.find((f) => f.precision === 'range');
      if (!fact) throw new Error('no range');
      const article = library.articles.get(fact.articleId);
      if (!article) throw new Error(`no article ${fact.articleId}`);
      const json = factToJson(fact, article);
      expect(Object.keys(json)).toEqual(['date', 'end', 'precision', 'sentence', 'article', 'passage']);
      expect(json.article).toEqual({
        id: 'china-trains-cadres',
        title: 'Upgrading relations with US, why does Vietnam still let China train its senior cadres?',
        url: 'https://thoibao.de/blog/2023/09/30/upgrading-relations-with-us-why-does-vietnam-still-let-china-train-its-senior-cadres',
        published: '2023-09-30',
      });
      expect(json.passage).toEqual({ id: 'china-trains-cadres#4', paragraph: 4 });
    });
  });

  describe('date resolution against the publication date', () => {
    it('dates a year-less day to its latest occurrence on or before publication', () => {
      expect(datesOf('The minister resigned on September 25.', '2023-09-30')).toEqual(['2023-09-25/day']);
      expect(datesOf('The minister resigned on December 12.', '2024-03-01')).toEqual(['2023-12-12/day']);
      expect(datesOf('The minister resigned on March 1.', '2024-03-01')).toEqual(['2024-03-01/day']);
    });

    it('dates "last <month>" strictly before the publication month', () => {
      expect(datesOf('It was released last July.', '2024-03-01')).toEqual(['2023-07/month']);
      expect(datesOf('It was released last March.', '2024-03-20')).toEqual(['2023-03/month']);
      expect(datesOf('It was released last February.', '2024-03-20')).toEqual(['2024-02/month']);
    });

    it('gives each precision: year, month, day and range', () => {
      expect(datesOf('The party was founded in 1930.')).toEqual(['1930/year']);
      expect(datesOf('He visited in October 2011.')).toEqual(['2011-10/month']);
      expect(datesOf('He visited on 5 May 2019.')).toEqual(['2019-05-05/day']);
      expect(datesOf('The course was held on September 19-26.', '2023-09-30')).toEqual([
        '2023-09-19..2023-09-26/range',
      ]);
      expect(datesOf('Talks ran from March 3 to March 5, 2020.')).toEqual(['2020-03-03..2020-03-05/range']);
      expect(datesOf('They met in the previous year.')).toEqual(['2023/year']);
    });

    it('drops dates in the future of the article, and planned ones', () => {
      expect(datesOf('The congress will be held in January 2026.', '2024-03-01')).toEqual([]);
      expect(datesOf('The summit will be held on July 5.', '2024-03-01')).toEqual([]);
      expect(datesOf('The vote is next March.', '2024-03-01')).toEqual([]);
    });
  });

  describe('spans that are not events', () => {
    it('ignores terms, periods, asides, durations and quoted titles', () => {
      expect(datesOf('Officers were planned for the 2025-2030 term.')).toEqual([]);
      expect(datesOf('It set out a plan for the 20162020 period.')).toEqual([]);
      expect(datesOf('Although [as of 2017] he had served for 6 years, nothing changed.')).toEqual([]);
      expect(datesOf('Compare the “2017 Training Cooperation Agreement” with the plan.')).toEqual([]);
      expect(datesOf('But now the country is courted by everyone on Sunday.')).toEqual([]);
      expect(datesOf('Twenty students from 15 districts attended.')).toEqual([]);
    });
  });

  describe('several mentions of one event in one article', () => {
    it('keeps one fact, citing the sentence about that date alone over one that leans on the previous', () => {
      const facts = factsOf(
        'Thus, the visit happened in January 2017, or April 2015.\n\nDuring the visit in January 2017, an agreement was signed.\n\nBut the final word came in January 2017.',
      );
      const january = facts.filter((f) => f.date === '2017-01');
      expect(january).toHaveLength(1);
      expect(january[0]?.sentence).toBe('During the visit in January 2017, an agreement was signed.');
      expect(facts.map((f) => f.date).sort()).toEqual(['2015-04', '2017-01']);
    });
  });
});
