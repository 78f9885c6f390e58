import type { Passage, Sentence } from '../corpus/types.ts';
import { processTerm, type TextOptions, tokenizeWithOffsets } from '../search/text.ts';

/** A range inside a quote's text, e.g. a word to show in bold. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

/** An excerpt of an article: `text === article.body.slice(start, end)`, by construction. */
export interface Quote {
  readonly text: string;
  /** Offsets into the article body. */
  readonly start: number;
  readonly end: number;
  /** The passage goes on before / after the excerpt: show "…" there. */
  readonly cutBefore: boolean;
  readonly cutAfter: boolean;
  /** Words that matched the question, as ranges relative to `text`, in order, not overlapping. */
  readonly highlights: readonly Range[];
}

/** At most this many consecutive sentences make a quote. */
export const MAX_QUOTE_SENTENCES = 3;
/** Several sentences are quoted only while they stay under this length. */
export const MAX_QUOTE_CHARS = 500;
/** A single sentence longer than this is cut at word boundaries around its matched words. */
export const MAX_SENTENCE_CHARS = 600;

export interface QuoteTerms {
  /** The question's index terms. */
  readonly terms: ReadonlySet<string>;
  /** How much each term is worth (its IDF): rarer words decide which sentences are quoted. */
  readonly weight: (term: string) => number;
  readonly textOptions: TextOptions;
}

/** Ranges of `text` (offsets relative to `text`) whose words are among the query terms. */
export function matchedRanges(text: string, query: Pick<QuoteTerms, 'terms' | 'textOptions'>): Range[] {
  return tokenizeWithOffsets(text)
    .filter((token) => {
      const term = processTerm(token.word, query.textOptions);
      return term !== null && query.terms.has(term);
    })
    .map(({ start, end }) => ({ start, end }));
}

function sentenceTerms(body: string, sentence: Sentence, query: QuoteTerms): Set<string> {
  const found = new Set<string>();
  for (const token of tokenizeWithOffsets(body.slice(sentence.start, sentence.end))) {
    const term = processTerm(token.word, query.textOptions);
    if (term !== null && query.terms.has(term)) found.add(term);
  }
  return found;
}

/** The best run of 1–3 consecutive sentences: most distinct query weight, then fewest sentences, then earliest. */
function bestWindow(body: string, sentences: readonly Sentence[], query: QuoteTerms): Sentence {
  const termsPerSentence = sentences.map((sentence) => sentenceTerms(body, sentence, query));
  let best: { start: number; end: number; score: number; count: number } | null = null;
  for (let i = 0; i < sentences.length; i++) {
    const covered = new Set<string>();
    for (let j = i; j < Math.min(sentences.length, i + MAX_QUOTE_SENTENCES); j++) {
      const first = sentences[i];
      const last = sentences[j];
      if (!first || !last) break;
      if (j > i && last.end - first.start > MAX_QUOTE_CHARS) break;
      const before = covered.size;
      for (const term of termsPerSentence[j] ?? []) covered.add(term);
      // A sentence that adds no new matched word never joins the quote: an extra sentence must earn its place.
      if (j > i && covered.size === before) break;
      let score = 0;
      for (const term of covered) score += query.weight(term);
      const count = j - i + 1;
      if (
        !best ||
        score > best.score + 1e-9 ||
        (Math.abs(score - best.score) <= 1e-9 && count < best.count)
      ) {
        best = { start: first.start, end: last.end, score, count };
      }
    }
  }
  return best ?? sentences[0] ?? { start: 0, end: 0 };
}

/** Narrows an over-long span to about `MAX_SENTENCE_CHARS` at word boundaries, centred on its matched words. */
function narrowSpan(body: string, span: Sentence, query: QuoteTerms): Sentence {
  if (span.end - span.start <= MAX_SENTENCE_CHARS) return span;
  const text = body.slice(span.start, span.end);
  const matches = matchedRanges(text, query);
  const centre = matches.length > 0 ? ((matches[0]?.start ?? 0) + (matches.at(-1)?.end ?? 0)) / 2 : 0;
  let from = Math.max(0, Math.round(centre - MAX_SENTENCE_CHARS / 2));
  let to = Math.min(text.length, from + MAX_SENTENCE_CHARS);
  from = Math.max(0, to - MAX_SENTENCE_CHARS);
  // Move both ends inward to whole words.
  const words = tokenizeWithOffsets(text);
  const firstWord = words.find((word) => word.start >= from);
  const lastWord = words.findLast((word) => word.end <= to);
  if (firstWord && lastWord && lastWord.end > firstWord.start) {
    from = from === 0 ? 0 : firstWord.start;
    to = to === text.length ? text.length : lastWord.end;
  }
  return { start: span.start + from, end: span.start + to };
}

/**
 * Chooses the excerpt of `passage` to quote for a question: its best 1–3 consecutive sentences, cut by
 * offsets from `body` so the quote is verbatim, with the matched words marked.
 */
export function selectQuote(body: string, passage: Passage, query: QuoteTerms): Quote {
  const sentences =
    passage.sentences.length > 0 ? passage.sentences : [{ start: passage.start, end: passage.end }];
  const span = narrowSpan(body, bestWindow(body, sentences, query), query);
  const text = body.slice(span.start, span.end);
  return {
    text,
    start: span.start,
    end: span.end,
    cutBefore: span.start > passage.start,
    cutAfter: span.end < passage.end,
    highlights: matchedRanges(text, query),
  };
}
