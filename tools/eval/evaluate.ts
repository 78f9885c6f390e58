import { splitIntoPassages } from '../../src/corpus/passages.ts';
import {
  DEFAULT_INDEX_OPTIONS,
  type IndexedPassage,
  type IndexOptions,
  PassageIndex,
} from '../../src/search/passage-index.ts';
import type { BeirCollection, BeirDocument } from './beir.ts';
import { mean, ndcgAtK, percentile, recallAtK, reciprocalRankAtK } from './ranking-metrics.ts';

/**
 * How documents are indexed: split into passages as the bot splits articles (a document scores as its best
 * passage), or whole.
 */
export type Granularity = 'passages' | 'whole';

/** The passages a BEIR document becomes, in the shape the bot indexes: the title is its article's title. */
export function documentPassages(document: BeirDocument, granularity: Granularity): IndexedPassage[] {
  if (granularity === 'whole') {
    return [
      {
        id: `${document.id}#1`,
        articleId: document.id,
        text: document.text,
        title: document.title,
        meta: '',
      },
    ];
  }
  return splitIntoPassages({ id: document.id, body: document.text }).map((passage) => ({
    id: passage.id,
    articleId: document.id,
    text: passage.text,
    title: document.title,
    meta: '',
  }));
}

export interface EvalResult {
  readonly 'ndcg@10': number;
  readonly 'recall@100': number;
  readonly 'mrr@10': number;
  readonly latency: { readonly p50_ms: number; readonly p99_ms: number };
  readonly queries: number;
  readonly passages: number;
  readonly build_s: number;
}

export interface EvalOptions {
  readonly indexOptions?: IndexOptions;
  readonly granularity?: Granularity;
  /** Rewrites a query's terms before searching (to measure e.g. prefix expansion); default: none. */
  readonly expand?: (index: PassageIndex, terms: string[]) => string[];
}

/** Documents ranked for a query: each document at the rank of its best passage, at most `depth`. */
export function rankDocuments(
  index: PassageIndex,
  query: string,
  depth: number,
  expand: (index: PassageIndex, terms: string[]) => string[] = (_, terms) => terms,
): string[] {
  const documents: string[] = [];
  const seen = new Set<string>();
  // Passages of one document crowd the list: ask for enough to fill `depth` distinct documents.
  for (const hit of index.searchTerms(expand(index, index.analyze(query)), { limit: depth * 8 })) {
    if (seen.has(hit.articleId)) continue;
    seen.add(hit.articleId);
    documents.push(hit.articleId);
    if (documents.length === depth) break;
  }
  return documents;
}

/** Builds the bot's index over a collection and scores every judged query against it. */
export function evaluateIndex(collection: BeirCollection, options: EvalOptions = {}): EvalResult {
  const { indexOptions = DEFAULT_INDEX_OPTIONS, granularity = 'passages', expand } = options;
  const passages = collection.documents.flatMap((document) => documentPassages(document, granularity));
  const buildStarted = performance.now();
  const index = PassageIndex.build(passages, indexOptions);
  const buildSeconds = (performance.now() - buildStarted) / 1000;
  return scoreQueries(collection, passages.length, buildSeconds, (query) =>
    rankDocuments(index, query, 100, expand),
  );
}

/** Runs every judged query through `rank` (documents, best first) and averages the metrics. */
function scoreQueries(
  collection: BeirCollection,
  passages: number,
  buildSeconds: number,
  rank: (query: string) => string[],
): EvalResult {
  const ndcg: number[] = [];
  const recall: number[] = [];
  const mrr: number[] = [];
  const latencies: number[] = [];
  for (const query of collection.queries) {
    const judgements = collection.qrels.get(query.id);
    if (!judgements) continue;
    const started = performance.now();
    const ranked = rank(query.text);
    latencies.push(performance.now() - started);
    ndcg.push(ndcgAtK(ranked, judgements, 10));
    recall.push(recallAtK(ranked, judgements, 100));
    mrr.push(reciprocalRankAtK(ranked, judgements, 10));
  }
  return {
    'ndcg@10': mean(ndcg),
    'recall@100': mean(recall),
    'mrr@10': mean(mrr),
    latency: { p50_ms: percentile(latencies, 0.5), p99_ms: percentile(latencies, 0.99) },
    queries: ndcg.length,
    passages,
    build_s: buildSeconds,
  };
}

/** A peer engine as the eval drives it (see `tools/bench/search-engines.ts`): passage ids, best first. */
export interface RankingEngine {
  build(passages: readonly IndexedPassage[]): void;
  search(query: string, limit: number): string[];
}

/** Scores a peer engine on a collection exactly as {@link evaluateIndex} scores Footnote's index. */
export function evaluateEngine(
  collection: BeirCollection,
  engine: RankingEngine,
  granularity: Granularity = 'passages',
): EvalResult {
  const passages = collection.documents.flatMap((document) => documentPassages(document, granularity));
  const articleOf = new Map(passages.map((passage) => [passage.id, passage.articleId]));
  const buildStarted = performance.now();
  engine.build(passages);
  const buildSeconds = (performance.now() - buildStarted) / 1000;
  return scoreQueries(collection, passages.length, buildSeconds, (query) => {
    const documents = new Set<string>();
    for (const id of engine.search(query, 800)) {
      documents.add(articleOf.get(id) ?? id);
      if (documents.size === 100) break;
    }
    return [...documents];
  });
}
