import { cutMarkdown, escapeVerbatim } from '../markdown.ts';

/** A URL made safe inside `[text](<url>)`: characters that would end the link are percent-encoded. */
export function safeUrl(url: string): string {
  return url.replace(/[()<>\s]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** A masked link with its preview suppressed (`<url>`), the text escaped so it reads as written. */
export function maskedLink(text: string, url: string): string {
  return `[${escapeVerbatim(text)}](<${safeUrl(url)}>)`;
}

/**
 * Metadata as shown (pure): escaped, and cut with "…" at a word boundary when longer than `max` characters.
 * Titles and publishers come from article files and web pages, where nothing bounds their length.
 */
export function shownText(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  const escaped = escapeVerbatim(clean);
  if (escaped.length <= max) return escaped;
  const cut = cutMarkdown(escaped, max);
  // No word boundary to cut at (one long token): cut between characters instead.
  return cut.length > 1 ? cut : cutAnywhere(clean, max);
}

/** The longest escaped prefix of `text` that fits in `max` characters with "…". */
function cutAnywhere(text: string, max: number): string {
  const chars = [...text]; // code points: never half a surrogate pair
  for (let n = Math.min(chars.length, max - 1); n > 0; n--) {
    const head = escapeVerbatim(chars.slice(0, n).join('').trimEnd());
    if (head.length + 1 <= max) return `${head}…`;
  }
  return '…';
}

/**
 * `[text](<url>)` when it fits in `max` characters, else the text alone (escaped, cut to `max`): a link that
 * does not fit is left out rather than cut, since a cut URL leads somewhere else.
 */
export function linkWithin(text: string, url: string, max: number): string {
  const link = `[${shownText(text, max)}](<${safeUrl(url)}>)`;
  return link.length <= max ? link : shownText(text, max);
}

/** The start of a URL for reading (no scheme), cut with "…": for where the whole URL cannot be shown. */
export function urlPreview(url: string, max: number): string {
  const plain = url.replace(/^https?:\/\//, '');
  const escaped = escapeVerbatim(plain);
  return escaped.length <= max ? escaped : cutAnywhere(plain, max);
}
