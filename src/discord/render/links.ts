import { cutMarkdown, escapeVerbatim } from '../markdown.ts';

/** A URL made safe inside `[text](<url>)`: characters that would end the link are percent-encoded. */
export function safeUrl(url: string): string {
  return url.replace(/[()<>\s]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * Already-escaped text (`shown`) as a masked link with its preview suppressed (`<url>`). Discord turns escaping off
 * inside a link's label (its backslashes show, discord-api-docs#6185), so text that needed escaping is shown
 * beside a short link instead: "C++ \[draft\] (link)" reads as written, "[C++ \[draft\]](…)" would not.
 */
export function linkedText(shown: string, url: string): string {
  return shown.includes('\\') ? `${shown} ([link](<${safeUrl(url)}>))` : `[${shown}](<${safeUrl(url)}>)`;
}

/** A masked link with its preview suppressed (`<url>`), the text escaped so it reads as written. */
export function maskedLink(text: string, url: string): string {
  return linkedText(escapeVerbatim(text), url);
}

/**
 * Longest article title and publisher shown in a citation (after escaping); longer ones are cut with "…" by
 * {@link shownText}. Nothing bounds them in article files or web pages, and a citation must leave room for its quote.
 */
export const MAX_TITLE_SHOWN = 200;
export const MAX_PUBLISHER_SHOWN = 100;

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
  const link = linkedText(shownText(text, max), url);
  return link.length <= max ? link : shownText(text, max);
}

/** The start of a URL for reading (no scheme), cut with "…": for where the whole URL cannot be shown. */
export function urlPreview(url: string, max: number): string {
  const plain = url.replace(/^https?:\/\//, '');
  const escaped = escapeVerbatim(plain);
  return escaped.length <= max ? escaped : cutAnywhere(plain, max);
}

/** The two places a citation can link to: the quoted words (a text-fragment link) and the article. */
export interface CitationTargets {
  /** The article's URL with a text fragment that jumps to the quoted words. */
  readonly link: string;
  readonly url: string;
}

/**
 * Where a citation links when links over `maxLength` characters are given up (pure): the quoted words, else the
 * article, else nowhere (undefined).
 */
export function linkUpTo(citation: CitationTargets, maxLength: number): string | undefined {
  if (citation.link.length <= maxLength) return citation.link;
  if (citation.url.length <= maxLength) return citation.url;
  return undefined;
}

/**
 * The fullest rendering that fits in `max` characters (pure). `render(maxLink)` renders with the links up to
 * `maxLink` characters ({@link linkUpTo}); the longest links are given up first, one length at a time, so a
 * citation loses its jump to the quoted words before its article link and short links stay. When nothing fits,
 * the rendering without links (which may still be longer than `max`).
 */
export function fitWithLinks(
  citations: readonly CitationTargets[],
  max: number,
  render: (maxLink: number) => string,
): string {
  const lengths = [...new Set(citations.flatMap((c) => [c.link.length, c.url.length]))].sort((a, b) => b - a);
  for (const maxLink of lengths) {
    const text = render(maxLink);
    if (text.length <= max) return text;
  }
  return render(0);
}
