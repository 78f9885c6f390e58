import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cutMarkdown,
  escapeUserText,
  escapeVerbatim,
  isMarkdownClosed,
  unescapeMarkdown,
} from '../../src/discord/markdown.ts';
import { markdownishText } from './arbitraries.ts';

describe('markdown', () => {
  describe('escapeVerbatim', () => {
    it('escapes what Discord would format, so the text reads as written', () => {
      expect(escapeVerbatim('a *b* _c_ ~~d~~ ||e|| `f` <@1> @here')).toBe(
        'a \\*b\\* \\_c\\_ \\~\\~d\\~\\~ \\|\\|e\\|\\| \\`f\\` \\<\\@1> \\@here',
      );
      expect(escapeVerbatim('- item\n1. one\n> quoted\n# title')).toBe(
        '\\- item\n1\\. one\n\\> quoted\n\\# title',
      );
    });

    it('leaves mid-line dashes alone when told the fragment is mid-line', () => {
      expect(escapeVerbatim('-China', { atLineStart: false })).toBe('-China');
    });

    it('is reversed exactly by unescapeMarkdown, for any text', () => {
      fc.assert(
        fc.property(markdownishText(), fc.boolean(), (text, atLineStart) => {
          expect(unescapeMarkdown(escapeVerbatim(text, { atLineStart }))).toBe(text);
        }),
      );
    });

    it('leaves no formatting open, for any text', () => {
      fc.assert(
        fc.property(markdownishText(), (text) => {
          expect(isMarkdownClosed(escapeVerbatim(text))).toBe(true);
        }),
      );
    });
  });

  describe('escapeUserText', () => {
    it('escapes markdown and neutralises mentions', () => {
      const out = escapeUserText('**hi** @everyone <@123456789012345678> <#1> <@&2>');
      expect(out).toContain('\\*\\*hi\\*\\*');
      // Every `<` and `@` is backslash-escaped, and @everyone is split by a zero-width space too.
      expect(out).not.toMatch(/@everyone|(?<!\\)<[@#]|(?<!\\)@\d/);
      expect(unescapeMarkdown(out)).toBe('**hi** @everyone <@123456789012345678> <#1> <@&2>');
    });

    it('removes bidirectional embedding, override and isolate controls, so echoed text cannot reorder the reply', () => {
      const controls = [
        '\u202a',
        '\u202b',
        '\u202c',
        '\u202d',
        '\u202e',
        '\u2066',
        '\u2067',
        '\u2068',
        '\u2069',
      ];
      for (const control of controls) {
        expect(escapeUserText(`who ${control}won?`)).toBe('who won?');
      }
      expect(escapeUserText('\u202eevil\u202c txt')).toBe('evil txt');
    });

    it('keeps right-to-left letters and the implicit direction marks', () => {
      expect(escapeUserText('מי ניצח\u200f?')).toBe('מי ניצח\u200f?');
    });
  });

  describe('cutMarkdown', () => {
    it('returns text that fits unchanged', () => {
      expect(cutMarkdown('short', 10)).toBe('short');
    });

    it('prefers a sentence end to a word end', () => {
      expect(cutMarkdown('One two three. Four five six seven eight nine ten', 30)).toBe('One two three.…');
    });

    it('never cuts inside bold, code or a masked link', () => {
      expect(cutMarkdown('Hello world. **bold words here** and more', 30)).toBe('Hello world.…');
      expect(cutMarkdown('See [a long link title](<https://example.com/x>) now', 30)).toBe('See…');
      expect(cutMarkdown('Run `npm install something` now please', 25)).toBe('Run…');
    });

    it('for any text and limit: fits, is a prefix, ends at a word boundary, leaves markdown closed', () => {
      const rendered = markdownishText(400).map(
        (text) => `${escapeVerbatim(text)} **bold part** [t](<u>) end.`,
      );
      fc.assert(
        fc.property(rendered, fc.integer({ min: 2, max: 500 }), (text, max) => {
          const out = cutMarkdown(text, max);
          expect(out.length).toBeLessThanOrEqual(max);
          if (out === text) return;
          expect(out.endsWith('…')).toBe(true);
          const head = out.slice(0, -1);
          expect(text.startsWith(head)).toBe(true);
          if (head.length > 0) {
            expect(/\s/.test(text[head.length] ?? ' ')).toBe(true); // the next character of the original is a space
            expect(isMarkdownClosed(head)).toBe(true);
          }
        }),
      );
    });
  });
});
