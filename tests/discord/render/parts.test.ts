import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Citation } from '../../../src/answer/citation.ts';
import { unescapeMarkdown } from '../../../src/discord/markdown.ts';
import { citationLine } from '../../../src/discord/render/citation.ts';
import { pagerRows, pageWindow } from '../../../src/discord/render/pager.ts';
import { markedText, type QuoteMark, verbatimQuote } from '../../../src/discord/render/quote.ts';
import { markdownishText } from '../arbitraries.ts';

const citation: Citation = {
  title: 'Directive 24',
  publisher: 'The *Wire*',
  published: '2024-03-01',
  paragraph: 4,
  url: 'https://example.org/d24',
  link: 'https://example.org/d24#:~:text=obtained',
};

describe('shared parts of every message', () => {
  describe('citation line', () => {
    it('under a quote: numbered or not, linked to the quoted words, publisher escaped', () => {
      expect(citationLine(citation, { number: 2 })).toBe(
        '**[2]** [Directive 24](<https://example.org/d24#:~:text=obtained>) — The \\*Wire\\*, 2024-03-01, ¶ 4',
      );
      expect(citationLine(citation)).toBe(
        '[Directive 24](<https://example.org/d24#:~:text=obtained>) — The \\*Wire\\*, 2024-03-01, ¶ 4',
      );
    });

    it('under a timeline fact', () => {
      expect(citationLine(citation, { layout: 'fact' })).toBe(
        '— [Directive 24](<https://example.org/d24#:~:text=obtained>) · The \\*Wire\\* · 2024-03-01 · ¶4',
      );
    });

    it('gives up the link to the quoted words, then the article link, as maxLink shrinks', () => {
      expect(citationLine(citation, { maxLink: citation.url.length })).toContain(
        '(<https://example.org/d24>)',
      );
      expect(citationLine(citation, { maxLink: 0 })).toBe('Directive 24 — The \\*Wire\\*, 2024-03-01, ¶ 4');
    });
  });

  describe('verbatim quote', () => {
    /** What a reader gets back: block-quote prefixes, mark delimiters (not escaped ones) and escapes removed. */
    const readBack = (quoted: string) =>
      unescapeMarkdown(
        quoted
          .split('\n')
          .map((line) => line.replace(/^> /u, ''))
          .join('\n')
          .replace(/\\[\s\S]|\*\*|~~/gu, (run) => (run === '**' || run === '~~' ? '' : run)),
      );
    const marksFor = (text: string) =>
      fc.array(
        fc
          .tuple(fc.nat({ max: text.length }), fc.nat({ max: text.length }), fc.constantFrom('**', '~~'))
          .map(([a, b, style]): QuoteMark => ({ start: Math.min(a, b), end: Math.max(a, b), style })),
        { maxLength: 4 },
      );

    it('reads back as the exact text, every line quoted, whatever the text and marks', () => {
      fc.assert(
        fc.property(
          markdownishText().chain((text) => fc.tuple(fc.constant(text), marksFor(text))),
          ([text, marks]) => {
            const quoted = verbatimQuote(text, marks);
            expect(quoted.split('\n').every((line) => line.startsWith('> '))).toBe(true);
            expect(readBack(quoted)).toBe(text);
          },
        ),
      );
    });

    it('closes a mark at each line break and leaves blank lines unmarked', () => {
      expect(markedText('one two\n\nthree four', [{ start: 4, end: 14, style: '**' }])).toBe(
        'one **two**\n\n**three** four',
      );
      expect(verbatimQuote('a\n\nb')).toBe('> a\n> \n> b');
    });

    it('escapes markdown so it shows as written, at a line start too', () => {
      expect(verbatimQuote('# not a heading\n*not italic*')).toBe('> \\# not a heading\n> \\*not italic\\*');
    });
  });

  describe('pager', () => {
    it('clamps the page asked for to the pages there are; an empty list has one page', () => {
      expect(pageWindow(11, 5, 7)).toEqual({ index: 2, pages: 3 });
      expect(pageWindow(11, 5, -2)).toEqual({ index: 0, pages: 3 });
      expect(pageWindow(0, 5, 0)).toEqual({ index: 0, pages: 1 });
    });

    it('Previous/Next point at the pages around, disabled at the ends; no row for one page', () => {
      const id = (target: number, label: string) => `x:${label}:${target}`;
      expect(pagerRows({ index: 0, pages: 1 }, id)).toEqual([]);
      const [row] = pagerRows({ index: 0, pages: 2 }, id);
      expect(row?.components).toEqual([
        { type: 2, style: 2, label: 'Previous', custom_id: 'x:Previous:-1', disabled: true },
        { type: 2, style: 2, label: 'Next', custom_id: 'x:Next:1', disabled: false },
      ]);
    });
  });
});
