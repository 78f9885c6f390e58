/** Characters a reader never sees, dropped so search and quotes are not split by them. */
const INVISIBLE = /[\u00ad\u200b\u2060\ufeff]/g;

/** Collapses all whitespace (spaces, tabs, newlines, no-break spaces) to single spaces and trims. */
export function collapseWhitespace(text: string): string {
  return text.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/**
 * The ingest normalisation of a body: paragraphs (blocks separated by blank lines) with the whitespace
 * inside each collapsed to single spaces, joined by one blank line. This runs once, at ingest; the stored
 * body is then the text that quotes are verbatim to.
 */
export function normalizeBody(text: string): string {
  return joinParagraphs(text.replace(/\r\n?/g, '\n').split(/\n[^\S\n]*\n/));
}

/** Joins paragraphs into a body: each collapsed, empty ones dropped, separated by one blank line. */
export function joinParagraphs(paragraphs: Iterable<string>): string {
  const kept: string[] = [];
  for (const paragraph of paragraphs) {
    const text = collapseWhitespace(paragraph);
    if (text) kept.push(text);
  }
  return kept.join('\n\n');
}
