import { describe, expect, it } from 'vitest';
import type { CommandDefinition } from '../../src/local-discord/index.ts';
import {
  completeChatLine,
  listButtons,
  parseChatLine,
  renderMessageAsText,
} from '../../src/terminal-chat/index.ts';
import { renderMarkdown } from '../../src/terminal-chat/message-text.ts';

const author = { id: '1', username: 'Footnote', bot: true };
const message = (fields: Partial<Parameters<typeof renderMessageAsText>[0]>) => ({
  content: '',
  embeds: [],
  components: [],
  flags: 0,
  author,
  ...fields,
});

describe('renderMessageAsText', () => {
  it('spells out masked links, drops bold markers and undoes escapes', () => {
    const text = renderMessageAsText(
      message({ content: '**Directive 24** see [1](<https://e.org/a>) \\*not bold\\*' }),
      { number: 2 },
    );
    expect(text).toBe('#2 Footnote\nDirective 24 see 1 (https://e.org/a) *not bold*');
  });

  it('renders embeds as title, description, fields and footer', () => {
    const text = renderMessageAsText(
      message({
        embeds: [
          {
            title: 'T',
            url: 'https://u',
            description: 'D',
            fields: [{ name: 'F', value: 'V' }],
            footer: { text: 'foot' },
          },
        ],
      }),
    );
    expect(text.split('\n')).toEqual(['Footnote', '│ T (https://u)', '│ D', '│ F', '│ V', '│ — foot']);
  });

  it('numbers buttons, shows link buttons unnumbered and marks ephemeral messages', () => {
    const components = [
      {
        type: 1,
        components: [
          { type: 2, style: 1, custom_id: 'more', label: 'More' },
          { type: 2, style: 5, url: 'https://x', label: 'Open' },
          { type: 2, style: 4, custom_id: 'del', label: 'Delete', disabled: true },
        ],
      },
    ];
    const text = renderMessageAsText(message({ content: 'x', components, flags: 64 }));
    expect(text).toBe(
      'Footnote (only you can see this)\nx\n[1] More  [Open: https://x]  [2] Delete (disabled)',
    );
    expect(listButtons({ components }).map((b) => [b.number, b.customId, b.disabled])).toEqual([
      [1, 'more', false],
      [2, 'del', true],
    ]);
  });

  it('renders Components V2 text displays and a deferred "thinking" state', () => {
    const v2 = [{ type: 17, components: [{ type: 10, content: 'inside' }, { type: 14 }] }];
    expect(renderMessageAsText(message({ components: v2, flags: 1 << 15 }))).toBe(
      'Footnote\n│ inside\n│ ───',
    );
    expect(renderMessageAsText(message({ flags: 128 }))).toBe('Footnote\nFootnote is thinking…');
  });

  it('uses colour only when asked', () => {
    expect(renderMessageAsText(message({ content: '**b**' }), { color: true })).toContain('\u001b[1m');
    expect(renderMessageAsText(message({ content: '**b**' }))).not.toContain('\u001b');
  });

  describe('control characters from article text', () => {
    // Article text quoted by the bot, as a hostile file could hold it: clear screen, bell, a CSI and a carriage return.
    const hostile = '> Clear\u001b[2Jed\u0007 and \u009b31mred\u009b0m\r over\u007f\n\tindented';
    // Anything in C0 (but newline and tab), DEL or C1 would be obeyed by the operator's terminal.
    const hasTerminalControl = (text: string): boolean =>
      [...text].some((ch) => {
        const code = ch.charCodeAt(0);
        return (code < 0x20 && ch !== '\n' && ch !== '\t') || (code >= 0x7f && code <= 0x9f);
      });

    it('shows them as visible symbols in message content, keeping newlines and tabs', () => {
      const text = renderMessageAsText(message({ content: hostile }), { number: 1 });
      expect(hasTerminalControl(text)).toBe(false);
      expect(text).toBe('#1 Footnote\n> Clear␛[2Jed␇ and ⟨U+009B⟩31mred⟨U+009B⟩0m␍ over␡\n\tindented');
    });

    it("keeps only the chat's own colour codes when colour is on", () => {
      const text = renderMessageAsText(message({ content: `**${hostile}**` }), { color: true });
      const ownCodes = ['\u001b[1m', '\u001b[22m', '\u001b[2m', '\u001b[36m', '\u001b[39m'];
      const withoutOwnCodes = ownCodes.reduce((t, code) => t.replaceAll(code, ''), text);
      expect(hasTerminalControl(withoutOwnCodes)).toBe(false);
      expect(text).toContain('␛[2J');
    });

    it('shows them in embeds, text displays and button labels too', () => {
      const text = renderMessageAsText(
        message({
          embeds: [
            {
              title: 'T\u001b[2J',
              description: 'D\u0007',
              fields: [{ name: 'F\u0007', value: 'V\u001b]0;pwned\u0007' }],
              footer: { text: 'f\u0007' },
            },
          ],
          components: [
            { type: 1, components: [{ type: 2, custom_id: 'x', label: 'More\u0007' }] },
            { type: 10, content: 'inside\u001b[2J' },
          ],
        }),
      );
      expect(hasTerminalControl(text)).toBe(false);
      expect(text).toContain('V␛]0;pwned␇');
      expect(
        listButtons(
          message({
            components: [{ type: 1, components: [{ type: 2, custom_id: 'x', label: 'More\u0007' }] }],
          }),
        )[0]?.label,
      ).toBe('More␇');
    });
  });
});

const commands: CommandDefinition[] = [
  {
    name: 'ask',
    description: 'Ask',
    options: [
      { type: 3, name: 'question', description: 'q', required: true },
      { type: 3, name: 'article', description: 'a', autocomplete: true },
      { type: 5, name: 'private', description: 'p' },
    ],
  },
  {
    name: 'sources',
    description: 'List',
    options: [
      { type: 1, name: 'list', description: 'l', options: [{ type: 4, name: 'page', description: 'p' }] },
    ],
  },
  { name: 'Find source', type: 3 },
];

describe('parseChatLine', () => {
  it('splits options, the last value running to the end of the line', () => {
    expect(parseChatLine('/ask question: Who obtained Directive 24? article:dir-24', commands)).toEqual({
      kind: 'slash',
      name: 'ask',
      options: { question: 'Who obtained Directive 24?', article: 'dir-24' },
    });
    expect(parseChatLine('/ask Who obtained it?', commands)).toMatchObject({
      options: { question: 'Who obtained it?' },
    });
    expect(parseChatLine('/sources list page: 2', commands)).toEqual({
      kind: 'slash',
      name: 'sources',
      subcommand: 'list',
      options: { page: '2' },
    });
  });

  it('reports unknown commands, options and subcommands clearly', () => {
    expect(parseChatLine('/nope', commands)).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/unknown command \/nope.*\/ask/),
    });
    expect(parseChatLine('/ask foo: bar', commands)).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/unknown option "foo"/),
    });
    expect(parseChatLine('/sources nope', commands)).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/list/),
    });
  });

  it('recognises buttons, message commands, suggestions, help and plain text', () => {
    expect(parseChatLine('2', commands)).toEqual({ kind: 'button', number: 2 });
    expect(parseChatLine('/apps Find source #3', commands)).toEqual({
      kind: 'apps',
      name: 'Find source',
      target: 3,
    });
    expect(parseChatLine('?/ask question: x article: dir', commands)).toMatchObject({
      kind: 'autocomplete',
      focused: 'article',
    });
    expect(parseChatLine('/', commands)).toEqual({ kind: 'list' });
    expect(parseChatLine('/?', commands)).toEqual({ kind: 'help' });
    expect(parseChatLine('hello there', commands)).toEqual({ kind: 'say', text: 'hello there' });
  });
});

describe('completeChatLine', () => {
  it('completes command names, subcommands and unused option names', () => {
    expect(completeChatLine('/a', commands)[0]).toEqual(['/ask ', '/apps ']);
    expect(completeChatLine('/ask question: x ', commands)[0]).toEqual(['article: ', 'private: ']);
    expect(completeChatLine('/ask q', commands)).toEqual([['question: '], 'q']);
    expect(completeChatLine('/sources ', commands)[0]).toEqual(['list ']);
  });
});

describe('Discord-only markdown in the terminal', () => {
  it('shows <t:…> timestamps as UTC times and -# subtext as plain lines', () => {
    expect(renderMarkdown('Built <t:1795336730:R>')).toBe('Built 2026-11-22 08:38 UTC');
    expect(renderMarkdown('Answer\n-# Result 1 of 3')).toBe('Answer\nResult 1 of 3');
    expect(renderMarkdown('a -# not subtext')).toBe('a -# not subtext');
  });

  it('shows channel and user mentions by name, as Discord does; unknown ids stay as written', () => {
    const names = {
      channel: (id: string) => (id === '11' ? 'general' : undefined),
      user: (id: string) => (id === '22' ? 'reader' : undefined),
    };
    expect(renderMarkdown('Posting in <#11> for <@22> and <@!22>', undefined, names)).toBe(
      'Posting in #general for @reader and @reader',
    );
    expect(renderMarkdown('Gone: <#99>, <@98>', undefined, names)).toBe('Gone: <#99>, <@98>');
    expect(renderMarkdown('Posting in <#11>')).toBe('Posting in <#11>');
    expect(renderMarkdown('Run </daily set:1234> or </sources:99>.')).toBe('Run /daily set or /sources.');
  });
});
