/**
 * Ranking metrics as BEIR computes them (pytrec_eval): graded gains taken as they are (not 2^rel − 1),
 * log2 discount, documents judged 0 count as not relevant.
 */

/** Judgements of one query: document id → relevance grade. */
export type Judgements = ReadonlyMap<string, number>;

/** Normalised discounted cumulative gain of the first `k` ranked documents. */
export function ndcgAtK(ranked: readonly string[], judgements: Judgements, k: number): number {
  let dcg = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i++) {
    const gain = judgements.get(ranked[i] as string) ?? 0;
    if (gain > 0) dcg += gain / Math.log2(i + 2);
  }
  const ideal = [...judgements.values()].filter((grade) => grade > 0).sort((a, b) => b - a);
  let idcg = 0;
  for (let i = 0; i < Math.min(k, ideal.length); i++) idcg += (ideal[i] as number) / Math.log2(i + 2);
  return idcg === 0 ? 0 : dcg / idcg;
}

/** Share of the relevant documents found among the first `k`. */
export function recallAtK(ranked: readonly string[], judgements: Judgements, k: number): number {
  let relevant = 0;
  for (const grade of judgements.values()) if (grade > 0) relevant++;
  if (relevant === 0) return 0;
  let found = 0;
  for (const id of ranked.slice(0, k)) if ((judgements.get(id) ?? 0) > 0) found++;
  return found / relevant;
}

/** Reciprocal rank of the first relevant document among the first `k` (0 when none is there). */
export function reciprocalRankAtK(ranked: readonly string[], judgements: Judgements, k: number): number {
  for (let i = 0; i < Math.min(k, ranked.length); i++) {
    if ((judgements.get(ranked[i] as string) ?? 0) > 0) return 1 / (i + 1);
  }
  return 0;
}

/** The value below which `q` of the sorted values fall (nearest rank); NaN for no values. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

/** Arithmetic mean; 0 for no values. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}
