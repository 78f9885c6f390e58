const ZWSP = '\u200b';

// Embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069): echoed, they could reorder the bot's own
// words around them (a spoofed citation or question). The implicit marks U+200E/U+200F stay: they reorder nothing.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Escapes text a user typed so it displays as typed: every markdown run escaped as {@link escapeVerbatim} does,
 * `@everyone` and `@here` neutralised with a zero-width space, and bidirectional embedding, override and
 * isolate characters removed. {@link unescapeMarkdown} gives back the text (without those controls).
 */
export function escapeUserText(text: string): string {
  return escapeVerbatim(text.replace(BIDI_CONTROLS, '')).replace(/@(everyone|here)/g, `@${ZWSP}$1`);
}

// Discord's URL rule (simple-markdown's): a link wherever it starts, shown exactly as written, backslashes too.
const URL_PATTERN = /https?:\/\/[^\s<]+[^<.,:;"')\]\s]/gu;
// What may follow a URL on the same run of non-space characters: Discord's rule gives it back to the text. A
// backslash written there would be taken into the URL, so these characters are written as they are.
const URL_TAIL = /^[.,:;"')\]]*/u;
// Special anywhere in a line.
const ALWAYS = /[\\*_~|`[\]<@]/u;
// Special at the start of a line, after spaces or tabs: quotes, headings, subtext, lists, numbered lists.
const LINE_START_MARK = /^[ \t]*(?:[>#+-]|\d+\.)/gmu;

/** The URLs of `text` as Discord finds them, each with the characters after it that stay unescaped. */
function urlSpans(text: string): Map<number, string> {
  const spans = new Map<number, string>();
  for (const match of text.matchAll(URL_PATTERN)) {
    const tail = URL_TAIL.exec(text.slice(match.index + match[0].length))?.[0] ?? '';
    spans.set(match.index, match[0] + tail);
  }
  return spans;
}

/**
 * Escapes text for display so it reads exactly as written (article quotes, titles, user text): every
 * markdown-significant character is backslash-escaped. URLs are left as they are, since Discord shows a backslash
 * inside a URL; a `<` right after one is followed by a zero-width space instead (which breaks mentions, emoji,
 * timestamps and `<https://…>` links as well), since the URL would take a backslash in. {@link unescapeMarkdown}
 * reverses this exactly (used for quotes, which are sacred).
 */
export function escapeVerbatim(text: string, options: { atLineStart?: boolean } = {}): string {
  // A sentinel keeps `^` from matching at the start of a fragment that sits mid-line.
  if (options.atLineStart === false) return escapeVerbatim(`x${text}`).slice(1);
  const urls = urlSpans(text);
  const marks = new Set([...text.matchAll(LINE_START_MARK)].map((m) => m.index + m[0].length - 1));
  let out = '';
  let i = 0;
  while (i < text.length) {
    const url = urls.get(i);
    if (url !== undefined) {
      out += url;
      i += url.length;
      if (text[i] === '<') {
        out += `<${ZWSP}`;
        i++;
      }
      continue;
    }
    const ch = text[i] as string;
    if (ALWAYS.test(ch) || marks.has(i)) out += `\\${ch}`;
    else out += ch;
    i++;
  }
  return out;
}

/**
 * Reverses {@link escapeVerbatim} and {@link escapeUserText}: backslash escapes are undone outside URLs, as
 * Discord does, and the zero-width spaces used to neutralise mentions are removed.
 */
export function unescapeMarkdown(text: string): string {
  const urls = new Map([...text.matchAll(URL_PATTERN)].map((m) => [m.index, m[0]] as const));
  let out = '';
  let i = 0;
  while (i < text.length) {
    const url = urls.get(i);
    if (url !== undefined) {
      out += url;
      i += url.length;
      continue;
    }
    const escaped = text[i] === '\\' ? /^\\([^0-9A-Za-z\s])/u.exec(text.slice(i, i + 3)) : null;
    out += escaped ? escaped[1] : text[i];
    i += escaped ? escaped[0].length : 1;
  }
  return out.split(ZWSP).join('');
}

const ELLIPSIS = '…';

/**
 * Cuts markdown to at most `max` characters (ellipsis included), at the latest paragraph, line, sentence or word
 * boundary that leaves no formatting open (bold, italics, code, spoilers, links, escapes). Pure; returns the text
 * unchanged when it fits.
 */
export function cutMarkdown(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(0, max));
  const budget = max - ELLIPSIS.length;
  const candidates = boundaryCandidates(text, budget);
  for (const end of candidates) {
    const head = text.slice(0, end).trimEnd();
    if (head.length > 0 && isMarkdownClosed(head)) return `${head}${ELLIPSIS}`;
  }
  return ELLIPSIS;
}

/** Cut positions ≤ budget, best first: paragraph ends, then line ends, sentence ends, then word ends. */
function boundaryCandidates(text: string, budget: number): number[] {
  const tiers: number[][] = [[], [], [], []];
  const floor = Math.floor(budget / 2);
  for (let i = Math.min(budget, text.length); i > 0; i--) {
    const next = text[i];
    const prev = text[i - 1] ?? '';
    if (next !== undefined && !/\s/.test(next)) continue;
    if (/\s/.test(prev)) continue;
    if (text.startsWith('\n\n', i)) tiers[0]?.push(i);
    else if (next === '\n') tiers[1]?.push(i);
    else if (/[.!?…。]["'”’)\]]*$/.test(text.slice(Math.max(0, i - 3), i))) tiers[2]?.push(i);
    else tiers[3]?.push(i);
  }
  // Prefer a structural boundary only if it keeps at least half the budget; words are the fallback.
  const good = tiers.slice(0, 3).map((tier) => tier.filter((i) => i >= floor));
  const anyBoundary = tiers.flat().sort((a, b) => b - a);
  return [...good.flat(), ...anyBoundary];
}

/** True when no inline formatting, code span, masked link or escape is left open at the end of `text`. */
export function isMarkdownClosed(text: string): boolean {
  const open = new Set<string>();
  let bracket = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '\\') {
      if (i + 1 >= text.length) return false;
      i += 2;
      continue;
    }
    if (text.startsWith('```', i)) {
      const close = text.indexOf('```', i + 3);
      if (close < 0) return false;
      i = close + 3;
      continue;
    }
    if (ch === '`') {
      const close = text.indexOf('`', i + 1);
      if (close < 0) return false;
      i = close + 1;
      continue;
    }
    const pair = ['**', '__', '~~', '||'].find((marker) => text.startsWith(marker, i));
    if (pair) {
      toggle(open, pair);
      i += 2;
      continue;
    }
    if (ch === '*' || ch === '_') toggle(open, ch);
    else if (ch === '[') bracket++;
    else if (ch === ']' && bracket > 0) {
      bracket--;
      if (text[i + 1] === '(') {
        const close = text.indexOf(')', i + 2);
        if (close < 0) return false;
        i = close + 1;
        continue;
      }
    }
    i++;
  }
  return open.size === 0 && bracket === 0;
}

function toggle(set: Set<string>, marker: string): void {
  if (set.has(marker)) set.delete(marker);
  else set.add(marker);
}
