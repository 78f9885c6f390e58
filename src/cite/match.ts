import { type Citation, citationFor } from '../answer/citation.ts';
import type { Article, Passage } from '../corpus/types.ts';
import type { Library } from '../library.ts';
import { analyzeQuery } from '../search/passage-search.ts';
import {
  type AlignStep,
  alignQuote,
  type KeyedToken,
  keyedTokens,
  type QueryToken,
  queryTokens,
  WordCosts,
} from './align.ts';

/** How a found passage relates to the looked-up text. */
export type MatchKind = 'verbatim' | 'close' | 'related';

/**
 * Thresholds, chosen on the seed articles and on sentences from outside them that share many of their words
 * (see tests/cite): a real quote with a few slips scores ≥ 0.8; unrelated text that happens to share common
 * words scores ≤ 0.55 and finds under half of its meaningful words.
 */
export const CITE_THRESHOLDS = {
  /** A close match is at least this similar (1 − edits / words; a typo counts 0.25 of an edit). */
  closeSimilarity: 0.7,
  /** …and finds at least this share of the quote's meaningful (non-stop) words. */
  closeContentRecall: 0.75,
  /** Quotes shorter than this must be exact but for typos and ellipses to be close: two edits in four words is not a quote. */
  closeMinWordsForEdits: 6,
  /** A related passage holds at least this IDF-weighted share of the text's index terms… */
  relatedCoverage: 0.5,
  /** …and at least this many of them. */
  relatedMinTerms: 3,
  /** Windows holding fewer of the quote's words exactly than this share are not aligned at all. */
  screenExactShare: 0.4,
  /** Passages shortlisted by the index and aligned; more would be slower without finding more. */
  shortlist: 20,
  /** The shortlist is searched with this many of the text's rarest terms (they pin a quote down). */
  rareTerms: 8,
  /** Other close matches are shown only within this much similarity of the best one. */
  closePeerMargin: 0.1,
  /** At most this many matches per lookup. */
  maxMatches: 3,
} as const;

/** One place a looked-up text was found. `span.text === article.body.slice(span.start, span.end)`. */
export interface CiteMatch {
  readonly kind: MatchKind;
  /** 0..1: for verbatim and close, how closely the words agree; for related, how much of the text's vocabulary the passage shares. */
  readonly similarity: number;
  readonly span: { readonly start: number; readonly end: number; readonly text: string };
  /** The passage the span starts in. */
  readonly passage: Passage;
  readonly article: Article;
  readonly citation: Citation;
  /** Word-by-word differences for verbatim and close matches (empty for related). */
  readonly differences: readonly Difference[];
}

/** A stretch where the looked-up text and the source differ; offsets into the text and the article body. */
export interface Difference {
  /** `changed`: other words; `typo`: same word misspelt; `added`: only in the text; `missing`: only in the source; `omitted`: left out under an ellipsis. */
  readonly kind: 'changed' | 'typo' | 'added' | 'missing' | 'omitted';
  /** The looked-up text's words here (`added`, `changed`, `typo`). */
  readonly yours?: { readonly start: number; readonly end: number; readonly text: string };
  /** The source's words here (`changed`, `typo`, `missing`, `omitted`), body offsets. */
  readonly source?: { readonly start: number; readonly end: number; readonly text: string };
}

const KIND_RANK: Record<MatchKind, number> = { verbatim: 0, close: 1, related: 2 };

/** Best first: verbatim, then close, then related; higher similarity; the earliest publication (likely the original). */
export function compareMatches(a: CiteMatch, b: CiteMatch): number {
  return (
    KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
    b.similarity - a.similarity ||
    a.article.published.localeCompare(b.article.published) ||
    a.span.start - b.span.start
  );
}

/** The shortlist query: the text's rarest terms that the index knows (unknown words would find nothing). */
async function rareTerms(text: string, library: Library): Promise<string[]> {
  const terms = analyzeQuery(text, library.index.options);
  const { frequencies } = await library.index.figures(terms);
  return terms
    .map((term) => ({ term, df: frequencies[term] ?? 0 }))
    .filter(({ df }) => df > 0)
    .sort((a, b) => a.df - b.df)
    .slice(0, CITE_THRESHOLDS.rareTerms)
    .map(({ term }) => term);
}

function passageNumber(passage: Passage): number {
  return Number(passage.id.slice(passage.id.lastIndexOf('#') + 1));
}

/** The stretch a candidate passage is aligned against: it and its neighbours, so a quote may cross into them. */
function windowAround(
  passage: Passage,
  library: Library,
): { article: Article; start: number; end: number } | null {
  const article = library.articles.get(passage.articleId);
  const list = library.passagesByArticle.get(passage.articleId);
  if (!article || !list) return null;
  const n = passageNumber(passage);
  const previous = list[n - 2];
  const next = list[n];
  return { article, start: previous?.start ?? passage.start, end: next?.end ?? passage.end };
}

/** The passage of `article` that holds body offset `offset` (or the last one starting before it). */
function passageAt(library: Library, articleId: string, offset: number): Passage | undefined {
  const list = library.passagesByArticle.get(articleId) ?? [];
  let found = list[0];
  for (const passage of list) if (passage.start <= offset) found = passage;
  return found;
}

/** Turns alignment steps into runs of differences with verbatim source text. */
function differencesOf(
  steps: readonly AlignStep[],
  query: readonly QueryToken[],
  source: readonly KeyedToken[],
  text: string,
  body: string,
): Difference[] {
  const differences: Difference[] = [];
  const range = (tokens: readonly KeyedToken[], from: number, to: number, of: string) => {
    const start = tokens[from]?.start ?? 0;
    const end = tokens[to]?.end ?? start;
    return { start, end, text: of.slice(start, end) };
  };
  let i = 0;
  while (i < steps.length) {
    const step = steps[i] as AlignStep;
    if (step.op === 'match') {
      i++;
      continue;
    }
    // A run of the same kind of difference becomes one entry ("added: three words").
    let j = i;
    while (j + 1 < steps.length && steps[j + 1]?.op === step.op) j++;
    const run = steps.slice(i, j + 1);
    const queryIndexes = run.flatMap((s) => ('query' in s ? [s.query] : []));
    const sourceIndexes = run.flatMap((s) => ('source' in s ? [s.source] : []));
    const q0 = queryIndexes[0];
    const s0 = sourceIndexes[0];
    differences.push({
      kind: step.op,
      ...(q0 === undefined ? {} : { yours: range(query, q0, queryIndexes.at(-1) ?? q0, text) }),
      ...(s0 === undefined ? {} : { source: range(source, s0, sourceIndexes.at(-1) ?? s0, body) }),
    });
    i = j + 1;
  }
  return differences;
}

/** Verbatim or close, by the documented thresholds; null when the alignment is not a match. */
function classify(alignment: NonNullable<ReturnType<typeof alignQuote>>, words: number): MatchKind | null {
  const { counts } = alignment;
  const edits = counts.changed + counts.added + counts.missing;
  if (alignment.cost === 0 && counts.omitted === 0 && counts.typo === 0) return 'verbatim';
  if (edits > 0 && words < CITE_THRESHOLDS.closeMinWordsForEdits) return null;
  if (alignment.similarity < CITE_THRESHOLDS.closeSimilarity) return null;
  if (alignment.contentRecall < CITE_THRESHOLDS.closeContentRecall) return null;
  return 'close';
}

/** Verbatim and close matches of `text` among the shortlisted passages, best first, overlaps removed. */
export async function alignedMatches(text: string, library: Library): Promise<CiteMatch[]> {
  const query = queryTokens(text);
  if (query.length === 0) return [];
  const terms = await rareTerms(text, library);
  if (terms.length === 0) return [];
  const { hits } = await library.index.searchTerms(terms, { limit: CITE_THRESHOLDS.shortlist });
  const costs = new WordCosts(query);
  const queryKeys = query.map((token) => token.key);
  const matches: CiteMatch[] = [];
  const seenWindows = new Set<string>();
  for (const hit of hits) {
    const passage = library.passages.get(hit.passageId);
    const window = passage && windowAround(passage, library);
    if (!window) continue;
    const windowKey = `${window.article.id}:${window.start}`;
    if (seenWindows.has(windowKey)) continue;
    seenWindows.add(windowKey);
    const body = window.article.body;
    const source = keyedTokens(body.slice(window.start, window.end), window.start, false);
    if (!mayHold(queryKeys, source)) continue;
    const alignment = alignQuote(query, source, costs);
    if (!alignment) continue;
    const kind = classify(alignment, query.length);
    if (!kind) continue;
    const start = source[alignment.first]?.start ?? 0;
    const end = source[alignment.last]?.end ?? start;
    const spanText = body.slice(start, end);
    const spanPassage = passageAt(library, window.article.id, start) ?? (passage as Passage);
    matches.push({
      kind,
      // An ellipsis can leave every quoted word exact; "close" still must not read as a perfect 1.
      similarity: kind === 'close' ? Math.min(alignment.similarity, 0.99) : 1,
      span: { start, end, text: spanText },
      passage: spanPassage,
      article: window.article,
      citation: citationFor(window.article, spanPassage, spanText),
      differences: differencesOf(alignment.steps, query, source, text, body),
    });
  }
  return dedupeOverlapping(matches);
}

/**
 * A cheap screen before aligning: a window that holds under {@link CITE_THRESHOLDS.screenExactShare} of the
 * quote's words exactly cannot be a close match unless most words are misspelt, which no real quote is.
 */
function mayHold(queryKeys: readonly string[], source: readonly KeyedToken[]): boolean {
  const present = new Set(source.map((token) => token.key));
  const found = queryKeys.reduce((count, key) => count + (present.has(key) ? 1 : 0), 0);
  return found >= queryKeys.length * CITE_THRESHOLDS.screenExactShare;
}

/** Keeps the best of matches that overlap in the same article (neighbouring windows find the same span). */
function dedupeOverlapping(matches: readonly CiteMatch[]): CiteMatch[] {
  const kept: CiteMatch[] = [];
  for (const match of [...matches].sort(compareMatches)) {
    const overlaps = kept.some(
      (other) =>
        other.article.id === match.article.id &&
        match.span.start < other.span.end &&
        other.span.start < match.span.end,
    );
    if (!overlaps) kept.push(match);
  }
  return kept;
}
