/**
 * A small reference of how Discord displays a message's markdown, enough to tell whether escaped text shows
 * exactly as written. Discord's parser descends from simple-markdown (rules and regexes below are simple-markdown's
 * or Discord's documented syntax, https://support.discord.com/hc/en-us/articles/210298617):
 *
 * - Escapes: `\` before any character that is not a letter, digit or whitespace shows that character and hides
 *   the backslash (`\*` → `*`, `\\` → `\`, `\“` → `“`); before a letter, digit or space it is shown.
 * - URLs: `https?://[^\s<]+[^<.,:;"')\]\s]` is a link wherever it starts (the text rule stops before `\w+:\S`);
 *   everything in it is shown as is, backslashes too, so escaping inside a URL shows the backslashes.
 *   `<https://…>` is a link shown without its angle brackets.
 * - Inline runs, anywhere, across lines: ``` ```code``` ```, `` `code` ``, `**bold**`, `__underline__`, `*italic*`,
 *   `_italic_`, `~~strike~~`, `||spoiler||`, masked links `[text](url)`, mentions and other `<…>` tokens
 *   (`<@1>`, `<@!1>`, `<@&1>`, `<#1>`, `<:name:1>`, `<a:name:1>`, `<t:1>`, `<t:1:R>`, `</cmd:1>`, `<id:home>`),
 *   `@everyone` and `@here`.
 * - Line starts (after spaces or tabs): block quotes `> ` and `>>> `, headings `# `, `## `, `### `, subtext `-# `,
 *   list items `- `, `* `, `+ ` and `1. `.
 * - A zero-width space (U+200B) shows nothing and breaks any token it sits in.
 *
 * The model is deliberately eager: any rule that could match at an unescaped position counts as a run, even where
 * Discord's rule order would let another rule win. Text this model shows literally, Discord shows literally.
 */

const ZWSP = '\u200b';

/** simple-markdown's URL rule. */
export const DISCORD_URL = /^https?:\/\/[^\s<]+[^<.,:;"')\]\s]/u;

const INLINE_RULES: readonly (readonly [string, RegExp])[] = [
  ['code block', /^```[\s\S]*?```/u],
  ['inline code', /^(`+)[\s\S]*?[^`]\1(?!`)/u],
  ['bold', /^\*\*[\s\S]+?\*\*(?!\*)/u],
  ['underline', /^__[\s\S]+?__(?!_)/u],
  ['italic *', /^\*(?=\S)(?:\*\*|\\[\s\S]|\s+(?:\\[\s\S]|[^\s*\\]|\*\*)|[^\s*\\])+?\*(?!\*)/u],
  ['italic _', /^_(?:__|\\[\s\S]|[^\\_])+?_/u],
  ['strikethrough', /^~~[\s\S]+?~~/u],
  ['spoiler', /^\|\|[\s\S]+?\|\|/u],
  [
    'masked link',
    /^\[(?:\[[^\]]*\]|[^[\]]|\](?=[^[]*\]))*\]\(\s*<?(?:\([^)]*\)|[^\s\\]|\\.)*?>?(?:\s+['"][\s\S]*?['"])?\s*\)/u,
  ],
  ['mention', /^<(?:@[!&]?\d+|#\d+|a?:\w+:\d+|t:-?\d+(?::[tTdDfFR])?|\/[\w -]+:\d+|id:\w+)>/u],
  ['bracketed link', /^<https?:\/\/[^ >]+>/u],
  ['everyone', /^@(?:everyone|here)/u],
];

const LINE_RULES: readonly (readonly [string, RegExp])[] = [
  ['block quote', /^[ \t]*>+(?:[ \t]|$)/u],
  ['heading', /^[ \t]*#{1,3}[ \t]/u],
  ['subtext', /^[ \t]*-#[ \t]/u],
  ['list item', /^[ \t]*[-*+][ \t]/u],
  ['numbered item', /^[ \t]*\d+\.(?:[ \t]|$)/u],
];

/** What Discord displays for `markdown` (zero-width spaces removed) and the formatting runs it would apply. */
export function renderDiscord(markdown: string): { shown: string; runs: string[] } {
  const runs: string[] = [];
  for (const line of markdown.split('\n')) {
    for (const [name, rule] of LINE_RULES) if (rule.test(line)) runs.push(`${name}: ${line}`);
  }
  let shown = '';
  let i = 0;
  while (i < markdown.length) {
    const rest = markdown.slice(i);
    const ch = markdown[i] as string;
    const escaped = ch === '\\' ? /^\\([^0-9A-Za-z\s])/u.exec(rest) : null;
    if (escaped) {
      shown += escaped[1];
      i += escaped[0].length;
      continue;
    }
    const url = DISCORD_URL.exec(rest);
    if (url) {
      shown += url[0];
      i += url[0].length;
      continue;
    }
    for (const [name, rule] of INLINE_RULES) {
      const match = rule.exec(rest);
      if (match) runs.push(`${name}: ${match[0]}`);
    }
    shown += ch;
    i++;
  }
  return { shown: shown.split(ZWSP).join(''), runs };
}
