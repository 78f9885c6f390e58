import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderFact } from '../../src/discord/render/daily.ts';
import { humanDate } from '../../src/discord/render/timeline.ts';
import { sortChronologically } from '../../src/timeline/extract.ts';
import { FactSearch, factKeys } from '../../src/timeline/fact-search.ts';
import { isDateBound } from '../../src/timeline/filter.ts';
import { factToJson } from '../../src/timeline/json.ts';
import { formatPartialDate, parsePartialIso } from '../../src/timeline/resolve.ts';
import { isOnThisDay } from '../../src/timeline/select.ts';
import { article, datesOf, fact, factsOf } from './helpers.ts';

// Years are astronomical, as in ISO 8601: year 0 is 1 BC, -39 is 40 BC; ISO text pads to four digits with a sign.
describe('dates before the year 1000', () => {
  describe('extraction', () => {
    it('reads a 3-digit year after "in", and a year written with an era', () => {
      expect(datesOf('In 938, Ngô Quyền defeated the Southern Han at the Bạch Đằng River.')).toEqual([
        '0938/year',
      ]);
      expect(datesOf('In 938 Ngô Quyền defeated the Southern Han.')).toEqual(['0938/year']);
      expect(datesOf('In 40 AD the Trưng sisters rose against the Han.')).toEqual(['0040/year']);
      expect(datesOf('The Trưng sisters rose in AD 40.')).toEqual(['0040/year']);
      expect(datesOf('The rising of 40 CE failed.')).toEqual(['0040/year']);
      expect(datesOf('Confucius died in 479 BC.')).toEqual(['-0478/year']);
      expect(datesOf('Rome was founded in 753 B.C. by legend.')).toEqual(['-0752/year']);
      expect(datesOf('In the year 938, the Han fleet was destroyed.')).toEqual(['0938/year']);
      expect(datesOf('Thăng Long became the capital in 1010.')).toEqual(['1010/year']);
    });

    it('keeps the year of a day or month before 1000 instead of dating it to the publication year', () => {
      expect(datesOf('On 5 March 938 the king died.')).toEqual(['0938-03-05/day']);
      expect(datesOf('On March 5, 938 the king died.')).toEqual(['0938-03-05/day']);
      expect(datesOf('In March 938 the fleet sailed.')).toEqual(['0938-03/month']);
      expect(datesOf('On 5 March 40 AD the sisters rose.')).toEqual(['0040-03-05/day']);
      expect(datesOf('On March 15, 44 BC Caesar was killed.')).toEqual(['-0043-03-15/day']);
    });

    it('does not shift a 2-digit year into the 1900s or 2000s', () => {
      expect(datesOf('The rising began in March 99.')).toEqual([]);
      expect(datesOf('It was signed on 1 January 99.')).toEqual([]);
      expect(datesOf('It was signed on 1 January 99 AD.')).toEqual(['0099-01-01/day']);
    });

    it('does not turn small numbers into years without a clear context', () => {
      expect(datesOf('In 300 towns the vote was held in 2020.')).toEqual(['2020/year']);
      expect(datesOf('The bill passed by 215 votes in 2019.')).toEqual(['2019/year']);
      expect(datesOf('About 938 people attended in 2020.')).toEqual(['2020/year']);
      expect(datesOf('He scored 45 points in 12 games.')).toEqual([]);
      expect(datesOf('In the 10th century the dynasty fell.')).toEqual([]);
      expect(datesOf('In 45 minutes it was done.')).toEqual([]);
      expect(datesOf('Prices rose in 938 of 1,000 shops.')).toEqual([]);
      expect(datesOf('It rose 12.5% in 40 days.')).toEqual([]);
    });

    it('quotes the sentence verbatim and keeps the words of the date', () => {
      const [found] = factsOf('In 40 AD the Trưng sisters rose against the Han.');
      expect(found?.mention).toBe('40 AD');
      expect(found?.sentence).toBe('In 40 AD the Trưng sisters rose against the Han.');
    });
  });

  describe('rendering', () => {
    it('writes the year as read, with its era', () => {
      expect(humanDate({ date: '0938', end: null })).toBe('938 AD');
      expect(humanDate({ date: '0040', end: null })).toBe('40 AD');
      expect(humanDate({ date: '-0478', end: null })).toBe('479 BC');
      expect(humanDate({ date: '0938-03', end: null })).toBe('March 938 AD');
      expect(humanDate({ date: '0938-03-05', end: null })).toBe('5 March 938 AD');
      expect(humanDate({ date: '-0043-03-15', end: null })).toBe('15 March 44 BC');
      expect(humanDate({ date: '1010', end: null })).toBe('1010');
      expect(humanDate({ date: '2023-09-25', end: null })).toBe('25 September 2023');
      expect(humanDate({ date: '2023-07', end: null })).toBe('July 2023');
      expect(humanDate({ date: '2023-09-19', end: '2023-09-26' })).toBe(
        '19 September 2023 – 26 September 2023',
      );
    });

    it('titles the daily post and /today with that date', () => {
      const [found] = factsOf('In 938, Ngô Quyền defeated the Southern Han at the Bạch Đằng River.');
      if (!found) throw new Error('no fact');
      expect(renderFact(found, { reason: 'rotation' }).embeds?.[0]?.title).toBe('From the timeline: 938 AD');
    });
  });

  describe('ordering, ranges and anniversaries', () => {
    it('sorts BC before AD before modern years', () => {
      const sorted = sortChronologically([
        fact('modern', '2023-09-25'),
        fact('ad', '0938', 'year'),
        fact('bc40', '-0039', 'year'),
        fact('bc479', '-0478', 'year'),
      ]);
      expect(sorted.map((f) => f.id)).toEqual(['bc479', 'bc40', 'ad', 'modern']);
    });

    it('filters by a range that reaches before 1000', () => {
      const facts = [fact('bc', '-0039', 'year'), fact('ad', '0938', 'year'), fact('m', '2023-09-25')];
      expect(isDateBound('900')).toBe(true);
      const search = new FactSearch(facts, facts.map(factKeys), new Map());
      expect(search.find({ from: '900', to: '1000' }).map((f) => f.id)).toEqual(['ad']);
      expect(search.find({ to: '0100' }).map((f) => f.id)).toEqual(['bc']);
      expect(search.find({ from: '2000' }).map((f) => f.id)).toEqual(['m']);
    });

    it('finds an anniversary of a day before 1000', () => {
      expect(isOnThisDay(fact('x', '0938-03-05'), '2024-03-05')).toBe(true);
      expect(isOnThisDay(fact('x', '-0043-03-15'), '2024-03-15')).toBe(true);
      expect(isOnThisDay(fact('x', '0938-03-05'), '2024-03-06')).toBe(false);
    });
  });

  describe('round trips', () => {
    it('formats and parses every partial date back to itself', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: -9999, max: 9999 }),
          fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
          fc.integer({ min: 1, max: 28 }),
          (year, month, day) => {
            const date = month === undefined ? { year } : { year, month, day };
            const back = parsePartialIso(formatPartialDate(date));
            expect({ year: back.year, month: back.month, day: back.day }).toEqual({
              year,
              month,
              day: month === undefined ? undefined : day,
            });
          },
        ),
      );
    });

    it('keeps the year through JSON (the CLI, the build worker) and in fact ids', () => {
      const a = article('On 5 March 938 the king died. In 479 BC Confucius died.');
      const facts = factsOf(a.body);
      const copied = JSON.parse(JSON.stringify(facts)) as typeof facts;
      expect(copied.map((f) => humanDate(f)).sort()).toEqual(['479 BC', '5 March 938 AD']);
      expect(copied.map((f) => f.id).sort()).toEqual(['a@-0478', 'a@0938-03-05']);
      expect(copied.map((f) => factToJson(f, a).date).sort()).toEqual(['-0478', '0938-03-05']);
      expect(structuredClone(facts)).toEqual(facts);
    });
  });
});
