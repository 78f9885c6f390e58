import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PASSAGE_CHARS, splitIntoParagraphs, splitIntoPassages } from '../../src/corpus/passages.ts';
import { splitSentences } from '../../src/corpus/sentences.ts';

describe('sentences', () => {
  it('splits at sentence ends and keeps abbreviations and initials inside a sentence', () => {
    const text =
      'On September 25, Mr. Dinh Tien Dung attended. U.S. President Joe Biden came. J. Smith left.';
    const sentences = splitSentences(text).map(({ start, end }) => text.slice(start, end));
    expect(sentences).toEqual([
      'On September 25, Mr. Dinh Tien Dung attended.',
      'U.S. President Joe Biden came.',
      'J. Smith left.',
    ]);
  });

  it('returns offsets shifted by the base offset, without surrounding whitespace', () => {
    const text = '  First one.   Second one.  ';
    const sentences = splitSentences(text, 100);
    expect(sentences).toEqual([
      { start: 102, end: 112 },
      { start: 115, end: 126 },
    ]);
  });
});

describe('passages', () => {
  const body = 'First paragraph. It has two sentences.\n\n\nSecond paragraph.\n  \nThird.';

  it('makes one passage per paragraph with stable ids, paragraph numbers and body offsets', () => {
    const passages = splitIntoPassages({ id: 'art', body });
    expect(passages.map((p) => [p.id, p.paragraph, p.text])).toEqual([
      ['art#1', 1, 'First paragraph. It has two sentences.'],
      ['art#2', 2, 'Second paragraph.'],
      ['art#3', 3, 'Third.'],
    ]);
    for (const passage of passages) expect(body.slice(passage.start, passage.end)).toBe(passage.text);
  });

  it('cuts a long paragraph at sentence boundaries, keeping its paragraph number', () => {
    const sentence = 'This sentence is about the training of senior cadres in another country. ';
    const long = sentence.repeat(30).trim();
    const passages = splitIntoPassages({ id: 'long', body: `Intro.\n\n${long}` });
    const parts = passages.filter((p) => p.paragraph === 2);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.text.length).toBeLessThanOrEqual(MAX_PASSAGE_CHARS);
      expect(part.text.endsWith('.')).toBe(true);
    }
    expect(parts.map((p) => p.text).join(' ')).toBe(long);
  });

  it('never loses or alters text: passages tile the paragraphs exactly (property)', () => {
    const word = fc.stringMatching(/^[A-Za-zÀ-ỹ0-9“”’-]{1,12}$/u);
    const sentenceArb = fc.array(word, { minLength: 1, maxLength: 30 }).map((words) => `${words.join(' ')}.`);
    const paragraphArb = fc.array(sentenceArb, { minLength: 1, maxLength: 40 }).map((s) => s.join(' '));
    const bodyArb = fc.array(paragraphArb, { minLength: 1, maxLength: 6 }).map((ps) => ps.join('\n\n'));
    fc.assert(
      fc.property(bodyArb, (generated) => {
        const passages = splitIntoPassages({ id: 'p', body: generated });
        const paragraphs = splitIntoParagraphs(generated);
        for (const passage of passages) {
          expect(generated.slice(passage.start, passage.end)).toBe(passage.text);
          for (const sentence of passage.sentences) {
            expect(sentence.start).toBeGreaterThanOrEqual(passage.start);
            expect(sentence.end).toBeLessThanOrEqual(passage.end);
          }
        }
        for (const paragraph of paragraphs) {
          const parts = passages.filter((p) => p.paragraph === paragraph.number);
          expect(parts[0]?.start).toBe(paragraph.start);
          expect(parts.at(-1)?.end).toBe(paragraph.end);
        }
        expect(new Set(passages.map((p) => p.id)).size).toBe(passages.length);
      }),
      { numRuns: 150 },
    );
  });
});
