import { splitSentences } from './sentences.ts';
import type { Article, Passage, Sentence } from './types.ts';

/** Paragraphs longer than this are cut into several passages at sentence boundaries. */
export const MAX_PASSAGE_CHARS = 900;
/** Target size of the pieces a long paragraph is cut into. */
export const TARGET_PASSAGE_CHARS = 600;

/** A paragraph of a body: offsets of its text with surrounding whitespace excluded. */
export interface Paragraph {
  readonly number: number;
  readonly start: number;
  readonly end: number;
}

/** Splits a body into paragraphs at blank lines. */
export function splitIntoParagraphs(body: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  const separator = /\n[ \t\r\f\v]*\n\s*/gu;
  let cursor = 0;
  const push = (from: number, to: number) => {
    let start = from;
    let end = to;
    while (start < end && /\s/u.test(body[start] ?? '')) start++;
    while (end > start && /\s/u.test(body[end - 1] ?? '')) end--;
    if (end > start) paragraphs.push({ number: paragraphs.length + 1, start, end });
  };
  for (const match of body.matchAll(separator)) {
    push(cursor, match.index);
    cursor = match.index + match[0].length;
  }
  push(cursor, body.length);
  return paragraphs;
}

/** Groups consecutive sentences into chunks of about `TARGET_PASSAGE_CHARS`. */
function chunkSentences(sentences: readonly Sentence[]): Sentence[][] {
  const chunks: Sentence[][] = [];
  let current: Sentence[] = [];
  for (const sentence of sentences) {
    const first = current[0];
    if (first && sentence.end - first.start > TARGET_PASSAGE_CHARS) {
      chunks.push(current);
      current = [];
    }
    current.push(sentence);
  }
  if (current.length > 0) chunks.push(current);
  // A short tail reads badly on its own: fold it into the chunk before.
  const last = chunks.at(-1);
  const beforeLast = chunks.at(-2);
  if (last && beforeLast && spanLength(last) < TARGET_PASSAGE_CHARS / 4) {
    chunks.splice(-2, 2, [...beforeLast, ...last]);
  }
  return chunks;
}

function spanLength(sentences: readonly Sentence[]): number {
  const first = sentences[0];
  const last = sentences.at(-1);
  return first && last ? last.end - first.start : 0;
}

/**
 * Splits an article body into passages: one per paragraph, long paragraphs cut at sentence boundaries.
 * Offsets index into `article.body`, so `article.body.slice(p.start, p.end) === p.text`.
 */
export function splitIntoPassages(article: Pick<Article, 'id' | 'body'>): Passage[] {
  const passages: Passage[] = [];
  for (const paragraph of splitIntoParagraphs(article.body)) {
    const text = article.body.slice(paragraph.start, paragraph.end);
    const sentences = splitSentences(text, paragraph.start);
    const chunks =
      paragraph.end - paragraph.start > MAX_PASSAGE_CHARS ? chunkSentences(sentences) : [sentences];
    for (const chunk of chunks) {
      const start = chunk[0]?.start ?? paragraph.start;
      const end = chunk.at(-1)?.end ?? paragraph.end;
      passages.push({
        id: `${article.id}#${passages.length + 1}`,
        articleId: article.id,
        paragraph: paragraph.number,
        start,
        end,
        text: article.body.slice(start, end),
        sentences: chunk,
      });
    }
  }
  return passages;
}
