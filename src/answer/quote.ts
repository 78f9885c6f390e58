import type { Passage, Sentence } from '../corpus/types.ts';
import { sharedTermProcessor, type TextOptions, tokenizeWithOffsets } from '../search/text.ts';
import { answerSpans } from './answer-spans.ts';
import type { AnswerKind } from './question.ts';

/** A range inside a text, e.g. a word to show in bold. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

/** One verbatim stretch of an article: `text === article.body.slice(start, end)`, by construction. */
export interface QuotePiece {
  readonly text: string;
  /** Offsets into the article body. */
  readonly start: number;
  readonly end: number;
  /** Words to show in bold (the question's words and the words that answer it), relative to `text`, in order. */
  readonly highlights: readonly Range[];
}

/** An excerpt of one passage: one piece, or two non-adjacent ones of the same passage shown with "…" between. */
export interface Quote {
  readonly pieces: readonly QuotePiece[];
  /**
   * The first piece starts / the last piece ends inside a sentence (a long sentence narrowed around its matched
   * words): show "…" there. Whole sentences left out around the quote are not marked; the citation says where it is.
   */
  readonly cutBefore: boolean;
  readonly cutAfter: boolean;
}

/** Whether a quote that starts at `start` and ends at `end` of the body cuts a sentence of `passage` there. */
export function sentenceCuts(
  passage: Passage,
  start: number,
  end: number,
): { before: boolean; after: boolean } {
  const sentences =
    passage.sentences.length > 0 ? passage.sentences : [{ start: passage.start, end: passage.end }];
  return {
    before: !sentences.some((sentence) => sentence.start === start),
    after: !sentences.some((sentence) => sentence.end === end),
  };
}

/** What stands between two pieces of a quote. */
export const PIECE_GAP = ' … ';

/** The quote as one line of text, its pieces joined by {@link PIECE_GAP}. */
export function quoteText(quote: Quote): string {
  return quote.pieces.map((piece) => piece.text).join(PIECE_GAP);
}

/** At most this many sentences make a quote. */
export const MAX_QUOTE_SENTENCES = 3;
/** Several sentences are quoted only while they stay under this length together. */
export const MAX_QUOTE_CHARS = 500;
/** A single sentence longer than this is cut at word boundaries around its matched words. */
export const MAX_SENTENCE_CHARS = 600;

/** What a quote is chosen for: the question's terms, their weights, and the kind of answer it asks for. */
export interface QuoteQuery {
  /** The question's index terms. */
  readonly terms: ReadonlySet<string>;
  /** How much each term is worth (0 to 1): rarer words decide which sentences are quoted. */
  readonly weight: (term: string) => number;
  readonly textOptions: TextOptions;
  readonly kind?: AnswerKind | null;
  /** A sentence that holds the kind of answer the question asks for scores this much more (weights sum to 1). */
  readonly answerKindBonus: number;
  /** Another sentence joins the quote only when it adds at least this share of the question's weight. */
  readonly minAddedWeight: number;
  /** Pairs of the question's terms that follow each other in it ("lead single" as `lead singl`). */
  readonly pairs?: ReadonlySet<string>;
  /** A sentence holding all of the question's pairs scores this much more (a share of it for some). */
  readonly pairBonus?: number;
  /** A one-sentence quote takes the next sentence too while both fit in this many characters. */
  readonly contextChars?: number;
  /** A chosen sentence that opens by pointing back takes the sentence before (default true). */
  readonly anaphora?: boolean;
}

/** A quote with how well it answers: the share of the question's weight it holds, plus the answer-kind bonus. */
export interface ScoredQuote {
  readonly quote: Quote;
  readonly score: number;
  /** The question's terms found in the quoted text. */
  readonly matched: ReadonlySet<string>;
  /** Where the question's words stand closest together in the passage (see {@link Densest}). */
  readonly densest: Densest;
}

/**
 * The passage's sentence that holds most of the question's weight, counting half of what its better neighbour
 * adds ({@link NEIGHBOUR_SHARE}): an answer's words stand together, in one sentence or two ("…was held on September
 * 19-26. Participating in the class were 20 students…"), a chance match's are scattered through the passage.
 */
export interface Densest {
  /** The question's terms in the sentence. */
  readonly sentence: ReadonlySet<string>;
  /** The question's terms in its neighbour that it lacks. */
  readonly neighbour: ReadonlySet<string>;
}

/** How much of a neighbouring sentence's added weight counts for {@link Densest}. */
export const NEIGHBOUR_SHARE = 0.5;

/** What one sentence holds for the question (offsets into the body). */
interface SentenceReading {
  readonly start: number;
  readonly end: number;
  readonly matched: ReadonlySet<string>;
  readonly questionWords: readonly Range[];
  readonly answers: readonly Range[];
  /** How many of the question's term pairs follow each other here too. */
  readonly pairs: number;
  /** It opens with a word that points back to the sentence before ("This", "They", "Its"). */
  readonly pointsBack: boolean;
}

/** Words that, opening a sentence, point back to what the sentence before said. */
const POINTS_BACK =
  /^\W*(?:this|these|that|those|it|its|they|them|their|he|his|him|she|her|such|the latter|the former)\b/iu;

function readSentence(body: string, sentence: Sentence, query: QuoteQuery): SentenceReading {
  const text = body.slice(sentence.start, sentence.end);
  const matched = new Set<string>();
  const questionWords: Range[] = [];
  const pairs = new Set<string>();
  let previous: string | null = null;
  for (const token of tokenizeWithOffsets(text)) {
    const term = sharedTermProcessor(query.textOptions)(token.word);
    if (term === null) continue;
    if (previous !== null && query.pairs?.has(`${previous} ${term}`)) pairs.add(`${previous} ${term}`);
    previous = term;
    if (query.terms.has(term)) {
      matched.add(term);
      questionWords.push({ start: sentence.start + token.start, end: sentence.start + token.end });
    }
  }
  const overlapsQuestion = (range: Range) =>
    questionWords.some(
      (word) => word.start < sentence.start + range.end && sentence.start + range.start < word.end,
    ) && !hasOtherWord(text, range, questionWords, sentence.start, query.textOptions);
  const answers = query.kind
    ? answerSpans(text, query.kind, overlapsQuestion).map((range) => ({
        start: sentence.start + range.start,
        end: sentence.start + range.end,
      }))
    : [];
  return {
    start: sentence.start,
    end: sentence.end,
    matched,
    questionWords,
    answers,
    pairs: pairs.size,
    pointsBack: POINTS_BACK.test(text),
  };
}

/** Whether `range` of `text` holds a letter or digit outside the question's words (it says something new). */
function hasOtherWord(
  text: string,
  range: Range,
  questionWords: readonly Range[],
  offset: number,
  options: TextOptions,
): boolean {
  const termOf = sharedTermProcessor(options);
  for (const token of tokenizeWithOffsets(text.slice(range.start, range.end))) {
    // Stop words say nothing new: "in 2016" does not answer "When did she release Lemonade in 2016?".
    if (termOf(token.word) === null) continue;
    const start = offset + range.start + token.start;
    const end = start + token.word.length;
    if (!questionWords.some((word) => word.start <= start && end <= word.end)) return true;
  }
  return false;
}

function weightOf(terms: Iterable<string>, query: QuoteQuery): number {
  let sum = 0;
  for (const term of terms) sum += query.weight(term);
  return sum;
}

/** Union of ranges, sorted, overlapping or touching ones merged. */
function unionOf(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: { start: number; end: number }[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

/** Narrows an over-long span to about `MAX_SENTENCE_CHARS` at word boundaries, centred on what it holds. */
function narrowSpan(body: string, span: Range, keep: readonly Range[]): Range {
  if (span.end - span.start <= MAX_SENTENCE_CHARS) return span;
  const inside = keep.filter((range) => range.start >= span.start && range.end <= span.end);
  const centre =
    inside.length > 0 ? ((inside[0]?.start ?? 0) + (inside.at(-1)?.end ?? 0)) / 2 - span.start : 0;
  const text = body.slice(span.start, span.end);
  let from = Math.max(0, Math.round(centre - MAX_SENTENCE_CHARS / 2));
  let to = Math.min(text.length, from + MAX_SENTENCE_CHARS);
  from = Math.max(0, to - MAX_SENTENCE_CHARS);
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
 * How many sentences away from the best one the answer is looked for when that one lacks it: the next or the one
 * before, but up to three for what was said ("…regarding all these foreign alliances has been provided by a leaked
 * internal paper. … Dreadful warnings about … are contained in this document"), where the sentence that names who
 * spoke is often followed by others before what they said. Further for every kind, SQuAD's hit@3 fell 0.1 point.
 */
const ANSWER_REACH: Partial<Record<AnswerKind, number>> = { statement: 3 };

/** The sentences to quote, as runs of consecutive sentence numbers. */
function chooseSentences(readings: readonly SentenceReading[], query: QuoteQuery, total: number): number[][] {
  const pairCount = query.pairs?.size ?? 0;
  const score = (i: number) => {
    const reading = readings[i] as SentenceReading;
    return (
      weightOf(reading.matched, query) / total +
      (reading.answers.length > 0 ? query.answerKindBonus : 0) +
      (pairCount > 0 ? ((query.pairBonus ?? 0) * reading.pairs) / pairCount : 0)
    );
  };
  let best = 0;
  for (let i = 1; i < readings.length; i++) if (score(i) > score(best) + 1e-9) best = i;
  const chosen = new Set([best]);
  const sizeOf = (i: number) => (readings[i]?.end ?? 0) - (readings[i]?.start ?? 0);
  const length = () => [...chosen].reduce((sum, i) => sum + sizeOf(i), 0);
  const fits = (i: number) => chosen.size < MAX_QUOTE_SENTENCES && length() + sizeOf(i) <= MAX_QUOTE_CHARS;
  // The answer is often in the next or previous sentence ("It was held on September 19-26.").
  if (query.kind && (readings[best]?.answers.length ?? 0) === 0) {
    const reach = ANSWER_REACH[query.kind] ?? 1;
    const near = Array.from({ length: reach }, (_, d) => [best + d + 1, best - d - 1]).flat();
    const neighbour = near.find((i) => (readings[i]?.answers.length ?? 0) > 0 && fits(i));
    if (neighbour !== undefined) {
      // The sentences between join too when all fit; else the two are shown with "…" between.
      const between = Array.from(
        { length: Math.abs(neighbour - best) - 1 },
        (_, k) => Math.min(best, neighbour) + k + 1,
      );
      const all = [...between, neighbour];
      const allSize = all.reduce((sum, i) => sum + sizeOf(i), 0);
      if (chosen.size + all.length <= MAX_QUOTE_SENTENCES && length() + allSize <= MAX_QUOTE_CHARS)
        for (const i of all) chosen.add(i);
      else chosen.add(neighbour);
    }
  }
  // Another sentence joins when it holds enough of the question's weight that the chosen ones lack.
  for (;;) {
    const have = new Set([...chosen].flatMap((i) => [...(readings[i]?.matched ?? [])]));
    let pick: number | undefined;
    let pickGain = query.minAddedWeight * total;
    readings.forEach((reading, i) => {
      if (chosen.has(i) || !fits(i)) return;
      const gain = weightOf(
        [...reading.matched].filter((term) => !have.has(term)),
        query,
      );
      if (gain >= pickGain - 1e-9 && (pick === undefined || gain > pickGain + 1e-9)) {
        pick = i;
        pickGain = gain;
      }
    });
    if (pick === undefined) break;
    chosen.add(pick);
  }
  // A sentence that opens by pointing back ("This compelled…", "They became…") takes the one it points to.
  if (query.anaphora ?? true) {
    for (const i of [...chosen].sort((a, b) => a - b)) {
      const reading = readings[i];
      if (i > 0 && !chosen.has(i - 1) && reading?.pointsBack && fits(i - 1)) chosen.add(i - 1);
    }
  }
  // A quote of one run of sentences takes the next ones as context while they fit (they often say what the first
  // one's "it" did), or else the ones before (what "it" was).
  const context = query.contextChars ?? 0;
  const oneRun = () => Math.max(...chosen) - Math.min(...chosen) + 1 === chosen.size;
  const fitsContext = (i: number) => readings[i] !== undefined && length() + sizeOf(i) <= context && fits(i);
  while (context > 0 && oneRun()) {
    const next = Math.max(...chosen) + 1;
    const previous = Math.min(...chosen) - 1;
    if (fitsContext(next)) chosen.add(next);
    else if (fitsContext(previous)) chosen.add(previous);
    else break;
  }
  const sorted = [...chosen].sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const i of sorted) {
    const run = runs.at(-1);
    if (run && run.at(-1) === i - 1) run.push(i);
    else runs.push([i]);
  }
  return runs;
}

/** See {@link Densest}. */
function densestSentence(readings: readonly SentenceReading[], query: QuoteQuery): Densest {
  let densest: Densest = { sentence: new Set(), neighbour: new Set() };
  let most = -1;
  readings.forEach((reading, i) => {
    for (const next of [readings[i - 1], readings[i + 1]]) {
      const neighbour = new Set([...(next?.matched ?? [])].filter((term) => !reading.matched.has(term)));
      const weight = weightOf(reading.matched, query) + NEIGHBOUR_SHARE * weightOf(neighbour, query);
      if (weight > most) {
        most = weight;
        densest = { sentence: reading.matched, neighbour };
      }
    }
  });
  return densest;
}

/**
 * Chooses the excerpt of `passage` that answers a question: the sentence holding most of the question's weight
 * and the kind of answer it asks for, with a neighbour that holds the answer or another sentence that adds
 * much of the question's weight (joined with "…" when not adjacent). Every piece is cut by offsets from `body`,
 * so it is verbatim; the question's words and the words that answer are marked.
 */
export function selectQuote(body: string, passage: Passage, query: QuoteQuery): ScoredQuote {
  const sentences =
    passage.sentences.length > 0 ? passage.sentences : [{ start: passage.start, end: passage.end }];
  const readings = sentences.map((sentence) => readSentence(body, sentence, query));
  const total = weightOf(query.terms, query) || 1;
  const runs = chooseSentences(readings, query, total);
  const matched = new Set<string>();
  let hasAnswerKind = false;
  const pairCount = query.pairs?.size ?? 0;
  let pairsQuoted = 0;
  const pieces = runs.map((run) => {
    const parts = run.map((i) => readings[i] as SentenceReading);
    for (const part of parts) pairsQuoted += part.pairs;
    for (const part of parts) for (const term of part.matched) matched.add(term);
    const marks = parts.flatMap((part) => [...part.questionWords, ...part.answers]);
    if (parts.some((part) => part.answers.length > 0)) hasAnswerKind = true;
    const span = narrowSpan(
      body,
      { start: (parts[0] as SentenceReading).start, end: (parts.at(-1) as SentenceReading).end },
      marks,
    );
    return {
      text: body.slice(span.start, span.end),
      start: span.start,
      end: span.end,
      highlights: unionOf(marks)
        .filter((range) => range.start >= span.start && range.end <= span.end)
        .map((range) => ({ start: range.start - span.start, end: range.end - span.start })),
    };
  });
  const cuts = sentenceCuts(passage, (pieces[0] as QuotePiece).start, (pieces.at(-1) as QuotePiece).end);
  const densest = densestSentence(readings, query);
  return {
    quote: { pieces, cutBefore: cuts.before, cutAfter: cuts.after },
    score:
      weightOf(matched, query) / total +
      (hasAnswerKind ? query.answerKindBonus : 0) +
      ((query.pairBonus ?? 0) * Math.min(pairCount, pairsQuoted)) / Math.max(1, pairCount),
    matched,
    densest,
  };
}
