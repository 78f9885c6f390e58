import { foldText, processTerm, tokenizeWithOffsets } from '../search/text.ts';

/** A word of a text with its comparison key (folded, apostrophes and acronym periods removed) and offsets. */
export interface KeyedToken {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  /** Not a stop word: carries meaning, so it counts toward how much of a quote was found. */
  readonly content: boolean;
}

/** A query word, plus whether an ellipsis ("...", "…", "[...]") stands between it and the previous word. */
export interface QueryToken extends KeyedToken {
  readonly afterEllipsis: boolean;
}

/** Cost of a word spelled slightly differently (a typo); a changed, added or dropped word costs 1. */
export const TYPO_COST = 0.25;
const EDIT_COST = 1;

// Folding is the costly part of aligning (Unicode normalisation per word); words repeat, so keys are cached.
const keyCache = new Map<string, string>();
const KEY_CACHE_MAX = 200_000;

/** The key two words are compared by: "China’s" and "chinas" are equal, "Nguyễn" and "Nguyen" too. */
export function tokenKey(word: string): string {
  let key = keyCache.get(word);
  if (key === undefined) {
    key = foldText(word).replace(/['.]/gu, '');
    if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
    keyCache.set(word, key);
  }
  return key;
}

/**
 * Words of `text` with keys, offsets shifted by `base` (so window tokens carry article-body offsets).
 * `content` is computed only when asked (it needs the stemmer; source words do not use it).
 */
export function keyedTokens(text: string, base = 0, withContent = true): KeyedToken[] {
  return tokenizeWithOffsets(text).map((token) => ({
    key: tokenKey(token.word),
    start: token.start + base,
    end: token.end + base,
    content: withContent ? processTerm(token.word) !== null : true,
  }));
}

const ELLIPSIS = /\[\s*(?:…|\.\s*\.\s*\.)\s*\]|…|\.\s*\.\s*\./u;

/** Words of a quote, each marked when an ellipsis separates it from the word before. */
export function queryTokens(text: string): QueryToken[] {
  const tokens = keyedTokens(text);
  return tokens.map((token, i) => {
    const previous = tokens[i - 1];
    const between = previous ? text.slice(previous.end, token.start) : '';
    return { ...token, afterEllipsis: previous !== undefined && ELLIPSIS.test(between) };
  });
}

// Reused rows for editDistance (words are short; this avoids allocating per comparison).
let rowBefore = new Int32Array(64);
let rowPrevious = new Int32Array(64);
let rowCurrent = new Int32Array(64);

/**
 * Optimal-string-alignment distance (edits and adjacent swaps), giving up past `max`: returns `max + 1` then.
 * Only the diagonal band |i − j| ≤ max is computed, since anything outside it already costs more than `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const width = b.length + 1;
  if (rowPrevious.length < width + 1) {
    rowBefore = new Int32Array(width * 2);
    rowPrevious = new Int32Array(width * 2);
    rowCurrent = new Int32Array(width * 2);
  }
  const over = max + 1;
  for (let j = 0; j < width; j++) rowPrevious[j] = j <= max ? j : over;
  rowBefore.fill(over, 0, width);
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(b.length, i + max);
    rowCurrent.fill(over, 0, width);
    rowCurrent[0] = i <= max ? i : over;
    let rowMin = rowCurrent[0] as number;
    const ca = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      const cb = b.charCodeAt(j - 1);
      let value = Math.min(
        (rowPrevious[j] as number) + 1,
        (rowCurrent[j - 1] as number) + 1,
        (rowPrevious[j - 1] as number) + (ca === cb ? 0 : 1),
      );
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        value = Math.min(value, (rowBefore[j - 2] as number) + 1);
      }
      rowCurrent[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return over;
    const spare = rowBefore;
    rowBefore = rowPrevious;
    rowPrevious = rowCurrent;
    rowCurrent = spare;
  }
  return Math.min(rowPrevious[b.length] as number, over);
}

const DIGIT = /\d/u;

/**
 * Cost of aligning two word keys: 0 when equal, {@link TYPO_COST} for a likely typo, else 1. Numbers never
 * count as typos of each other ("2015" vs "2017" is a different fact), and words under 4 letters must be equal.
 */
export function wordCost(a: string, b: string): number {
  if (a === b) return 0;
  const shorter = Math.min(a.length, b.length);
  if (shorter < 4 || Math.abs(a.length - b.length) > 2) return EDIT_COST;
  if (DIGIT.test(a) || DIGIT.test(b)) return EDIT_COST;
  const allowed = shorter >= 8 ? 2 : 1;
  return editDistance(a, b, allowed) <= allowed ? TYPO_COST : EDIT_COST;
}

/**
 * The cost of each quote word against a source word, computed once per distinct source word and kept for the
 * whole lookup (the same words recur across the shortlisted windows).
 */
export class WordCosts {
  private readonly bySourceKey = new Map<string, Float64Array>();
  constructor(private readonly query: readonly QueryToken[]) {}

  /** Costs of quote words 0..m−1 against `sourceKey`. */
  against(sourceKey: string): Float64Array {
    let costs = this.bySourceKey.get(sourceKey);
    if (!costs) {
      costs = new Float64Array(this.query.length);
      for (let i = 0; i < this.query.length; i++) costs[i] = wordCost(this.query[i]?.key ?? '', sourceKey);
      this.bySourceKey.set(sourceKey, costs);
    }
    return costs;
  }
}

/** One step of an alignment of a quote against source text. */
export type AlignStep =
  /** Same word. */
  | { readonly op: 'match'; readonly query: number; readonly source: number }
  /** The same word with a typo. */
  | { readonly op: 'typo'; readonly query: number; readonly source: number }
  /** A different word in the quote where the source has `source`. */
  | { readonly op: 'changed'; readonly query: number; readonly source: number }
  /** A word of the quote that the source does not have here. */
  | { readonly op: 'added'; readonly query: number }
  /** A source word the quote leaves out (without marking the omission). */
  | { readonly op: 'missing'; readonly source: number }
  /** A source word the quote leaves out under an ellipsis. */
  | { readonly op: 'omitted'; readonly source: number };

/** The best placement of a quote inside a stretch of source words. */
export interface Alignment {
  /** Steps in order; `query`/`source` are indexes into the token arrays given to {@link alignQuote}. */
  readonly steps: readonly AlignStep[];
  /** Index of the first and last source token the quote covers (inclusive). */
  readonly first: number;
  readonly last: number;
  readonly cost: number;
  /** 1 − cost / max(quote words, source words aligned), omitted words not counted. */
  readonly similarity: number;
  readonly counts: Readonly<Record<AlignStep['op'], number>>;
  /** Share of the quote's meaningful (non-stop) words found in the source, exactly or with a typo. */
  readonly contentRecall: number;
}

const DIAGONAL = 1;
const UP = 2;
const LEFT = 3;

/**
 * Aligns a quote against source words (semi-global edit distance: the quote must be used whole, the source
 * may start and end anywhere). An ellipsis between two quote words lets the source skip words there for free.
 * Returns null when either side has no words. Cost O(quote × source) time and memory.
 */
export function alignQuote(
  query: readonly QueryToken[],
  source: readonly KeyedToken[],
  costs: WordCosts = new WordCosts(query),
): Alignment | null {
  const m = query.length;
  const n = source.length;
  if (m === 0 || n === 0) return null;
  const width = n + 1;
  const cost = new Float64Array((m + 1) * width);
  const move = new Uint8Array((m + 1) * width);
  const columns = source.map((token) => costs.against(token.key));
  for (let i = 1; i <= m; i++) {
    cost[i * width] = i * EDIT_COST;
    move[i * width] = UP;
    // Skipping source words between quote word i and i+1 is free when the quote marks an ellipsis there.
    const skipCost = i < m && query[i]?.afterEllipsis ? 0 : EDIT_COST;
    for (let j = 1; j <= n; j++) {
      const at = i * width + j;
      const diagonal = (cost[at - width - 1] ?? 0) + (columns[j - 1]?.[i - 1] ?? EDIT_COST);
      const up = (cost[at - width] ?? 0) + EDIT_COST;
      const left = (cost[at - 1] ?? 0) + skipCost;
      if (diagonal <= up && diagonal <= left) {
        cost[at] = diagonal;
        move[at] = DIAGONAL;
      } else if (left <= up) {
        cost[at] = left;
        move[at] = LEFT;
      } else {
        cost[at] = up;
        move[at] = UP;
      }
    }
  }
  return traceBack(query, cost, move, width, bestEnd(cost, move, m, width, n));
}

/** The cheapest end column; among equally cheap ends, the first whose last word matches exactly (so "to the
 * world" against "to the outside world" ends on "world", with "outside" left out, not "world" added). */
function bestEnd(cost: Float64Array, move: Uint8Array, m: number, width: number, n: number): number {
  let best = 1;
  let bestExact = false;
  for (let j = 1; j <= n; j++) {
    const at = m * width + j;
    const exact = move[at] === DIAGONAL && cost[at] === cost[at - width - 1];
    const value = cost[at] ?? 0;
    const current = cost[m * width + best] ?? 0;
    if (value < current || (value === current && exact && !bestExact)) {
      best = j;
      bestExact = exact;
    }
  }
  return best;
}

function traceBack(
  query: readonly QueryToken[],
  cost: Float64Array,
  move: Uint8Array,
  width: number,
  endJ: number,
): Alignment | null {
  const steps: AlignStep[] = [];
  let i = query.length;
  let j = endJ;
  while (i > 0) {
    const at = i * width + j;
    const step = move[at];
    if (step === DIAGONAL) {
      const stepCost = (cost[at] ?? 0) - (cost[at - width - 1] ?? 0);
      const op = stepCost === 0 ? 'match' : stepCost < EDIT_COST ? 'typo' : 'changed';
      steps.push({ op, query: i - 1, source: j - 1 });
      i--;
      j--;
    } else if (step === LEFT) {
      const free = (cost[at] ?? 0) === (cost[at - 1] ?? 0) && query[i]?.afterEllipsis === true;
      steps.push({ op: free ? 'omitted' : 'missing', source: j - 1 });
      j--;
    } else {
      steps.push({ op: 'added', query: i - 1 });
      i--;
    }
  }
  steps.reverse();
  const sourceIndexes = steps.flatMap((step) => ('source' in step ? [step.source] : []));
  const first = sourceIndexes[0];
  const last = sourceIndexes.at(-1);
  if (first === undefined || last === undefined) return null;
  const counts = { match: 0, typo: 0, changed: 0, added: 0, missing: 0, omitted: 0 };
  for (const step of steps) counts[step.op]++;
  const total = cost[query.length * width + endJ] ?? 0;
  const aligned = counts.match + counts.typo + counts.changed + counts.missing;
  const similarity = Math.max(0, 1 - total / Math.max(query.length, aligned));
  let contentWords = 0;
  let contentFound = 0;
  for (const step of steps) {
    if (!('query' in step) || !query[step.query]?.content) continue;
    contentWords++;
    if (step.op === 'match' || step.op === 'typo') contentFound++;
  }
  return {
    steps,
    first,
    last,
    cost: total,
    similarity,
    counts,
    contentRecall: contentWords === 0 ? 0 : contentFound / contentWords,
  };
}
