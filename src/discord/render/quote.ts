import { escapeVerbatim } from '../markdown.ts';

/** A run of quoted text shown in bold (`**`) or struck through (`~~`); offsets into the quoted text. */
export interface QuoteMark {
  readonly start: number;
  readonly end: number;
  readonly style: '**' | '~~';
}

/**
 * Text escaped so it reads exactly as written, with marked runs in bold or struck through (pure). Marks are
 * formatting only: removing them and the escapes gives back the text. A mark never spans a line break (markdown
 * would not close it on the next block-quote line) and leaves blank lines unmarked; a mark that overlaps an
 * earlier one or falls outside the text is skipped.
 */
export function markedText(text: string, marks: readonly QuoteMark[] = []): string {
  const piece = (from: number, to: number) =>
    escapeVerbatim(text.slice(from, to), { atLineStart: from === 0 || text[from - 1] === '\n' });
  let out = '';
  let at = 0;
  for (const mark of [...marks].sort((a, b) => a.start - b.start)) {
    const { start: from, end: to } = mark;
    if (from < at || to > text.length || to <= from) continue;
    let lineFrom = from;
    const lines = text
      .slice(from, to)
      .split('\n')
      .map((line) => {
        const shown = piece(lineFrom, lineFrom + line.length);
        lineFrom += line.length + 1;
        return line.trim() === '' ? shown : `${mark.style}${shown}${mark.style}`;
      });
    out += piece(at, from) + lines.join('\n');
    at = to;
  }
  return out + piece(at, text.length);
}

/** Markdown as a block quote: every line starts with `> `. */
export function blockQuote(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

/** A verbatim quote as a block quote (pure): {@link markedText} in {@link blockQuote}. */
export function verbatimQuote(text: string, marks: readonly QuoteMark[] = []): string {
  return blockQuote(markedText(text, marks));
}
