import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeUserText, escapeVerbatim, unescapeMarkdown } from '../../src/discord/markdown.ts';
import { renderDiscord } from './discord-markdown.ts';

/** Pieces of text that Discord could format, and plain words and spaces between them. */
const PIECES = [
  ...'*_~|`\\>#-+[]()<@:!&/.“”é',
  '||',
  '~~',
  '**',
  '__',
  '```',
  '# ',
  '## ',
  '### ',
  '-# ',
  '- ',
  '* ',
  '+ ',
  '1. ',
  '> ',
  '>>> ',
  '[x](y)',
  '[x](<https://e.org>)',
  '<@123>',
  '<@!123>',
  '<@&4>',
  '<#1>',
  '<t:1>',
  '<t:1:R>',
  '<:a:1>',
  '<a:b_c:2>',
  '</cmd:3>',
  '<id:home>',
  '@everyone',
  '@here',
  'https://e.org/a_b*c~~d||e`f\\g',
  'https://e.org/x)',
  'https://e.org/y].',
  '<https://e.org>',
  '¯\\_(ツ)_/¯',
  ' ',
  ' ',
  '\n',
  '\t',
];
const text = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.stringMatching(/^[A-Za-z0-9]{1,6}$/u)), { maxLength: 40 })
  .map((parts) => parts.join(''));

/** The failures of one escaper on one text, for a readable assertion. */
function problems(escaped: string, original: string): { shown: string; runs: string[] } | null {
  const rendered = renderDiscord(escaped);
  return rendered.shown === original && rendered.runs.length === 0 ? null : { ...rendered };
}

describe('escaped text shows exactly as written on Discord', () => {
  describe('the reference model of Discord markdown', () => {
    it('sees the runs Discord formats, and escapes', () => {
      expect(renderDiscord('**a** and `b`').runs).toHaveLength(2);
      expect(renderDiscord('-# small').runs).toEqual(['subtext: -# small']);
      expect(renderDiscord('x\n> quoted').runs).toEqual(['block quote: > quoted']);
      expect(renderDiscord('hi <@123>').runs).toEqual(['mention: <@123>']);
      expect(renderDiscord('[x](https://e.org)').runs[0]).toMatch(/^masked link/u);
      expect(renderDiscord('\\*a\\* \\\\ \\é \\a')).toEqual({ shown: '*a* \\ é \\a', runs: [] });
    });

    it('shows a URL as is, backslashes included', () => {
      expect(renderDiscord('see https://e.org/a_b_c now')).toEqual({
        shown: 'see https://e.org/a_b_c now',
        runs: [],
      });
      expect(renderDiscord('https://e.org/a\\_b').shown).toBe('https://e.org/a\\_b');
    });
  });

  describe('escapeUserText', () => {
    it('for any text mixing markdown, mentions and URLs', () => {
      fc.assert(
        fc.property(text, (original) => {
          expect(problems(escapeUserText(original), original)).toBeNull();
        }),
        { numRuns: 3000 },
      );
    });

    it('keeps backslashes, URLs, angle-bracket links and line-start marks as typed', () => {
      for (const original of [
        '¯\\_(ツ)_/¯ and ¯\\_(ツ)_/¯',
        'C:\\Users\\“me”',
        'see https://example.org/a_b_c and https://example.org/~~x~~',
        '<https://example.org>',
        'https://example.org/a<@1>',
        'https://example.org/a]] b',
        'line\n-# small print',
        'line\n> quoted\n>>> more\n+ item',
      ]) {
        expect(problems(escapeUserText(original), original), original).toBeNull();
      }
    });

    it('is reversed exactly by unescapeMarkdown', () => {
      fc.assert(
        fc.property(text, (original) => {
          expect(unescapeMarkdown(escapeUserText(original))).toBe(original);
        }),
        { numRuns: 1000 },
      );
    });
  });

  describe('escapeVerbatim (quoted article text, which unescapes to a verbatim substring)', () => {
    it('at the start of a line, for any text', () => {
      fc.assert(
        fc.property(text, (original) => {
          expect(problems(escapeVerbatim(original), original)).toBeNull();
          expect(unescapeMarkdown(escapeVerbatim(original))).toBe(original);
        }),
        { numRuns: 2000 },
      );
    });

    it('in the middle of a line, for any text', () => {
      fc.assert(
        fc.property(text, (original) => {
          const escaped = `said ${escapeVerbatim(original, { atLineStart: false })}`;
          expect(problems(escaped, `said ${original}`)).toBeNull();
          expect(unescapeMarkdown(escaped)).toBe(`said ${original}`);
        }),
        { numRuns: 2000 },
      );
    });

    it('quotes a sentence with a URL so that the link shows without backslashes', () => {
      const sentence = 'The text is at https://example.org/directive_24 (leaked).';
      expect(problems(escapeVerbatim(sentence), sentence)).toBeNull();
    });
  });
});
