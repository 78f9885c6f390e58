/**
 * Footnote's ordering of the passages MiniSearch found: BM25F (term frequencies of all fields combined with
 * their weights, then saturated once), with Lucene's idf over the whole library. Pure: it sees only figures.
 */

/** BM25F parameters and field weights, in the order of the fields in {@link CandidateFigures.tf}. */
export interface RankingParameters {
  /** Term-frequency saturation. */
  readonly k: number;
  /** Length normalisation (0: none, 1: full). */
  readonly b: number;
  /** BM25+'s floor for a matching term, as a share of its idf (0: plain BM25). */
  readonly d: number;
  /** Per field, its weight: a title occurrence counts `boosts[1]` times a text occurrence when `boosts[0]` is 1. */
  readonly boosts: readonly number[];
}

/** What the library says about a query: its size, its average field lengths and each term's document frequency. */
export interface QueryFigures {
  readonly documentCount: number;
  readonly averageFieldLengths: readonly number[];
  /** Per query term, in how many passages it occurs (in any field). */
  readonly documentFrequencies: readonly number[];
}

/** One candidate passage: its field lengths (in index terms) and, per query term, its frequency per field. */
export interface CandidateFigures<Id> {
  readonly id: Id;
  readonly fieldLengths: readonly number[];
  /** `tf[t][f]`: occurrences of query term `t` in field `f`. */
  readonly tf: readonly (readonly number[])[];
}

/** A candidate with its score and the query terms (by position) it contains. */
export interface RankedCandidate<Id> {
  readonly id: Id;
  readonly score: number;
  readonly matched: readonly number[];
}

/** BM25 inverse document frequency, as Lucene computes it (never negative). */
export function bm25Idf(documentFrequency: number, documentCount: number): number {
  return Math.log(1 + (documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/** The BM25F score of one candidate, and which query terms it matched. */
export function bm25fScore<Id>(
  candidate: CandidateFigures<Id>,
  query: QueryFigures,
  parameters: RankingParameters,
): RankedCandidate<Id> {
  const { k, b, d, boosts } = parameters;
  let score = 0;
  const matched: number[] = [];
  candidate.tf.forEach((perField, term) => {
    let weighted = 0;
    perField.forEach((tf, field) => {
      if (tf === 0) return;
      const average = Math.max(1e-9, query.averageFieldLengths[field] ?? 1);
      const norm = 1 - b + (b * (candidate.fieldLengths[field] ?? 0)) / average;
      weighted += ((boosts[field] ?? 0) * tf) / norm;
    });
    if (weighted <= 0) return;
    const idf = bm25Idf(query.documentFrequencies[term] ?? 0, query.documentCount);
    score += idf * (d + (weighted * (k + 1)) / (weighted + k));
    matched.push(term);
  });
  return { id: candidate.id, score, matched };
}

/**
 * Orders candidates by BM25F, best first; candidates that match no term are dropped. Ties go by id (the index's
 * short ids follow the library's passage order), so the order does not depend on how the candidates were found:
 * a search within one article and a search of everything agree.
 */
export function rerank<Id extends number | string>(
  candidates: readonly CandidateFigures<Id>[],
  query: QueryFigures,
  parameters: RankingParameters,
): RankedCandidate<Id>[] {
  return candidates
    .map((candidate, position) => ({ ranked: bm25fScore(candidate, query, parameters), position }))
    .filter(({ ranked }) => ranked.score > 0)
    .sort(
      (a, b) =>
        b.ranked.score - a.ranked.score ||
        (a.ranked.id < b.ranked.id ? -1 : a.ranked.id > b.ranked.id ? 1 : a.position - b.position),
    )
    .map(({ ranked }) => ranked);
}
