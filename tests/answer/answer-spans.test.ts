import { describe, expect, it } from 'vitest';
import { answerSpans } from '../../src/answer/answer-spans.ts';
import type { AnswerKind } from '../../src/answer/question.ts';
import type { Range } from '../../src/answer/quote.ts';

const noQuestionWords = () => false;

/** The texts of the spans `answerSpans` finds in `text`. */
function spans(text: string, kind: AnswerKind, isQuestionWord: (range: Range) => boolean = noQuestionWords) {
  return answerSpans(text, kind, isQuestionWord).map((range) => text.slice(range.start, range.end));
}

/** Whether a span is made only of the given question words (as the quote's reader decides). */
function onlyWordsOf(text: string, words: readonly string[]) {
  const lower = new Set(words.map((word) => word.toLowerCase()));
  return (range: Range) =>
    text
      .slice(range.start, range.end)
      .split(/[\s.,;:?!]+/u)
      .filter(Boolean)
      .every((word) => lower.has(word.toLowerCase()));
}

describe('answer spans', () => {
  describe('durations', () => {
    it('finds a range of days', () => {
      expect(spans('The course was held on September 19-26 in Beijing.', 'duration')).toContain(
        'September 19-26',
      );
    });

    it('finds an amount of time, and a span "from … to …"', () => {
      expect(spans('The course lasted three weeks.', 'duration')).toEqual(['three weeks']);
      expect(spans('Training ran from 2015 to 2017, about two years.', 'duration')).toEqual([
        'from 2015 to 2017',
        'two years',
      ]);
    });

    it('finds nothing in a sentence without one', () => {
      expect(spans('Farmers grow rice on its banks.', 'duration')).toEqual([]);
    });

    it('takes "from … to …" and "between … and …" only between dates', () => {
      expect(spans('Cooperation between Vietnam and China began early.', 'duration')).toEqual([]);
      expect(spans('It ran from the capital to the coast.', 'duration')).toEqual([]);
      expect(spans('Talks were held between March and May.', 'duration')).toEqual(['between March and May']);
    });

    it('takes "for" and "since" a time as a duration, but not "until" one (an end, not a length)', () => {
      expect(spans('Talks have gone on since 2015, for years.', 'duration')).toEqual([
        'since 2015',
        'for years',
      ]);
      expect(spans('Until November 2015 the plan held.', 'duration')).toEqual([]);
    });
  });

  describe('numbers', () => {
    it('finds a count with what it counts', () => {
      expect(spans('Some 20 students attended the course.', 'number')).toEqual(['20 students']);
    });

    it('finds numbers written as words', () => {
      expect(spans('Around twenty-five officials attended.', 'number')).toEqual(['twenty-five']);
    });

    it('finds nothing in a sentence without one', () => {
      expect(spans('Salt water reached far inland.', 'number')).toEqual([]);
    });

    it('does not count a day of a month or a year as "how many"', () => {
      expect(spans('The paper reported on September 25 that the class closed.', 'number')).toEqual([]);
      expect(spans('It was held on September 19-26 in 2023.', 'number')).toEqual([]);
      expect(spans('In 2011, 2,000 officials were trained.', 'number')).toEqual(['2,000']);
    });
  });

  describe('people', () => {
    it('finds a capitalised name', () => {
      expect(spans('The delegation was led by Tran Thi Mai and two aides.', 'person')).toContain(
        'Tran Thi Mai',
      );
    });

    it('keeps a decomposed (NFD) name whole, combining marks and all', () => {
      const name = 'Nguyễn Phú Trọng'.normalize('NFD');
      expect(spans(`The speech was given by ${name} in Hanoi.`, 'person')).toContain(name);
      expect(spans(`The delegation met in ${'Hà Nội'.normalize('NFD')}.`, 'place')).toContain(
        `in ${'Hà Nội'.normalize('NFD')}`,
      );
    });

    it("leaves out the question's own words", () => {
      const text = 'In 2023 the group led by Lan Nguyen obtained Directive 24.';
      expect(spans(text, 'person')).toContain('Directive');
      const found = spans(text, 'person', onlyWordsOf(text, ['obtained', 'Directive', '24']));
      expect(found).toContain('Lan Nguyen');
      expect(found).not.toContain('Directive');
    });

    it('does not take a capitalised first word, or a month, for a name', () => {
      expect(spans('Farmers grow rice on its banks.', 'person')).toEqual([]);
      expect(spans('The meeting in September was chaired by Tran Thi Mai', 'person')).toEqual([
        'Tran Thi Mai',
      ]);
    });
  });

  describe('other kinds', () => {
    it('finds a date, a place, a reason and a definition', () => {
      expect(spans('The gates were approved in March 2020.', 'date')).toContain('March 2020');
      expect(spans('The meeting took place in Hanoi', 'place')).toEqual(['in Hanoi']);
      expect(spans('Farmers left because the harvest failed.', 'reason')).toEqual(['because']);
      expect(spans('Sinocize means to make Chinese.', 'definition')).toEqual(['means']);
    });

    it('finds what was said: words in quotation marks, and words that report speech', () => {
      expect(spans('It warns of “hostile and reactionary forces” abroad.', 'statement')).toEqual([
        'warns',
        '“hostile and reactionary forces”',
      ]);
      expect(spans('The minister said nothing; according to aides, he was ill.', 'statement')).toEqual([
        'said',
        'according to',
      ]);
      expect(spans('The course was held in Guangzhou.', 'statement')).toEqual([]);
    });
  });

  describe('ranges', () => {
    it('are sorted, inside the text, and offset by nothing but the text', () => {
      const text = 'From 2015 to 2017, 20 students and 30 officials studied for three weeks.';
      for (const kind of ['number', 'duration', 'date', 'person', 'place', 'reason', 'definition'] as const) {
        const ranges = answerSpans(text, kind, noQuestionWords);
        for (const [i, range] of ranges.entries()) {
          expect(range.start).toBeGreaterThanOrEqual(0);
          expect(range.end).toBeLessThanOrEqual(text.length);
          expect(range.end).toBeGreaterThan(range.start);
          if (i > 0) expect(range.start).toBeGreaterThanOrEqual(ranges[i - 1]?.start ?? 0);
        }
      }
    });
  });
});
