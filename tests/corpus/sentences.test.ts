import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { segmentStarts, splitSentences } from '../../src/corpus/sentences.ts';

const whole = new Intl.Segmenter('en', { granularity: 'sentence' });
const wholeStarts = (text: string): number[] => [...whole.segment(text)].map((segment) => segment.index);

/** Pieces that exercise ICU's sentence rules: terminators, closers, abbreviations, numbers, breaks, scripts. */
const piece = fc.constantFrom(
  'The',
  'cat',
  'sat',
  ' lowercase',
  'Upper',
  'Mr.',
  'U.S.',
  'e.g.',
  'etc.',
  'No. 5',
  'J.',
  'b.',
  '.',
  '. ',
  '! ',
  '? ',
  '?!',
  '…',
  '...',
  ' ',
  '  ',
  '\t',
  '\n',
  '\n\n',
  '\r\n',
  '\u2029',
  '"',
  '“',
  '”',
  "'",
  '(',
  ')',
  '[1]',
  '12',
  '3.5',
  ':',
  ';',
  ',',
  '—',
  'été',
  '日本語。',
  '¿',
);
const textArb = fc.array(piece, { minLength: 20, maxLength: 400 }).map((pieces) => pieces.join(''));

/** Short lines, as ingest makes of a page that separates lines with single `<br>`. */
const lines = (count: number): string =>
  Array.from({ length: count }, (_, i) => `Entry ${i} filed March ${(i % 28) + 1}, 2021.`).join('\n');

describe('sentence splitting', () => {
  describe('segmenting a window at a time', () => {
    it('finds the segments segmenting the whole text at once finds, whatever the window (property)', () => {
      fc.assert(
        fc.property(textArb, fc.integer({ min: 1, max: 80 }), (text, window) => {
          expect(segmentStarts(text, window)).toEqual(wholeStarts(text));
        }),
        { numRuns: 300 },
      );
    });

    it('grows the window over a segment longer than it', () => {
      const text = `${'word '.repeat(2000)}ends here. Then a short one. And another! Last?`;
      expect(segmentStarts(text, 64)).toEqual(wholeStarts(text));
    });

    it('splits a long paragraph of short lines as before, abbreviations included', () => {
      const text = `${lines(300)}\nMr. Smith filed the last one. J. Doe signed it.`;
      const sentences = splitSentences(text).map(({ start, end }) => text.slice(start, end));
      expect(sentences).toHaveLength(302);
      expect(sentences.slice(-3)).toEqual([
        'Entry 299 filed March 20, 2021.',
        'Mr. Smith filed the last one.',
        'J. Doe signed it.',
      ]);
    });
  });

  describe('cost', () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    /**
     * ICU work for splitting `text`: V8 spends time proportional to the string it segments on every segment it
     * returns, so the work is the sum, over calls, of the string's length times the segments taken from it.
     */
    function segmenterWork(text: string): number {
      const segment = Intl.Segmenter.prototype.segment;
      let work = 0;
      vi.spyOn(Intl.Segmenter.prototype, 'segment').mockImplementation(function (
        this: Intl.Segmenter,
        input: string,
      ) {
        const segments = segment.call(this, input);
        return {
          containing: (index?: number) => segments.containing(index),
          *[Symbol.iterator]() {
            for (const item of segments) {
              work += input.length;
              yield item;
            }
          },
        } as Intl.Segments;
      });
      splitSentences(text);
      vi.restoreAllMocks();
      return work;
    }

    it('grows linearly with the number of sentences in a paragraph (8,000 lines: 4x the work of 2,000)', () => {
      // One call over the whole text would do 16x the work for 4x the sentences (seconds at 8,000).
      const ratio = segmenterWork(lines(8000)) / segmenterWork(lines(2000));
      expect(ratio).toBeGreaterThan(3);
      expect(ratio).toBeLessThan(5);
    });
  });
});

describe('decomposed (NFD) text', () => {
  it('takes an accented initial written as a letter and a combining mark for an initial, not a sentence end', () => {
    const text = 'Ông É. Nguyễn spoke first. Then the others spoke.'.normalize('NFD');
    const sentences = splitSentences(text).map((sentence) => text.slice(sentence.start, sentence.end).trim());
    expect(sentences).toEqual(['Ông É. Nguyễn spoke first.'.normalize('NFD'), 'Then the others spoke.']);
  });
});
