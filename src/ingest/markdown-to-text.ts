import { collapseWhitespace } from './body-text.ts';

/** Longest first line taken as a title in a text file without front matter or heading. */
const MAX_TITLE_LINE = 200;

/**
 * Markdown syntax a reader does not see, removed so the stored body reads as the rendered page does:
 * heading marks, images, link targets, emphasis marks, inline-code backticks, block-quote marks, HTML comments.
 */
export function markdownToText(markdown: string): string {
  return markdown
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$/gm, '$1')
    .replace(/^[ \t]{0,3}>[ \t]?/gm, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/(^|[^*\w])\*(?=\S)([^*\n]*?\S)\*(?![*\w])/g, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1');
}

/** A title and the text after it, from a text file with no front matter title. */
export interface TitledText {
  readonly title: string;
  readonly body: string;
}

/**
 * Finds the title of a plain text or Markdown file: a first `# heading`, or a short first line standing
 * as its own paragraph (both then removed from the body); otherwise the start of the first line.
 */
export function splitTitle(text: string): TitledText {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first === -1) return { title: '', body: '' };
  const line = lines[first] ?? '';
  const heading = /^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$/.exec(line);
  const standsAlone = (lines[first + 1] ?? '').trim() === '';
  if (heading || (line.trim().length <= MAX_TITLE_LINE && standsAlone)) {
    return { title: collapseWhitespace(heading?.[1] ?? line), body: lines.slice(first + 1).join('\n') };
  }
  return { title: shorten(collapseWhitespace(line), 100), body: lines.slice(first).join('\n') };
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
