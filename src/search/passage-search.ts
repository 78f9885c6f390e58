import type { IndexOptions, PassageIndex, SearchHit, SearchRequest } from './passage-index.ts';
import { bm25Idf } from './rerank.ts';
import { queryTerms } from './text.ts';

/** The library's figures for some index terms: its size and in how many passages each term occurs. */
export interface TermFigures {
  readonly documentCount: number;
  /** Per term asked about, its document frequency (0 for a term the library does not have). */
  readonly frequencies: Readonly<Record<string, number>>;
}

/** Hits for a query and the figures of its terms, from one look at one index. */
export interface SearchAnswer {
  readonly hits: readonly SearchHit[];
  /** The figures of the terms searched (after spelling corrections). */
  readonly figures: TermFigures;
  /** With `correct`: each term the library lacks that was searched as a near term of the library's. */
  readonly corrections?: Readonly<Record<string, string>>;
}

/**
 * Passage search as the bot and the CLI use it: the same questions whether the index lives in this thread
 * ({@link inThreadSearch}) or in a worker thread (`search-worker-client.ts`), so the bot's event loop never
 * waits on loading, building or querying a large index.
 */
export interface PassageSearch {
  readonly options: IndexOptions;
  readonly documentCount: number;
  /** Ranks passages for already-processed index terms (see {@link analyzeQuery}), best first. */
  searchTerms(terms: readonly string[], request?: SearchRequest): Promise<SearchAnswer>;
  /** The figures of some index terms. */
  figures(terms: readonly string[]): Promise<TermFigures>;
  /** Lets go of the index (a worker ends once its pending searches are answered). */
  close(): Promise<void>;
}

/** The index terms a query is searched with: distinct, processed, at most `maxQueryTerms`. */
export function analyzeQuery(query: string, options: IndexOptions): string[] {
  return queryTerms(query, options.text, options.maxQueryTerms);
}

/** Inverse document frequency of a term from figures (as BM25 computes it; unknown terms get the highest value). */
export function idfOf(figures: TermFigures, term: string): number {
  return bm25Idf(figures.frequencies[term] ?? 0, figures.documentCount);
}

/** The figures of `terms` in `index`. */
export function figuresOf(index: PassageIndex, terms: readonly string[]): TermFigures {
  const frequencies: Record<string, number> = {};
  for (const term of terms) frequencies[term] = index.documentFrequency(term);
  return { documentCount: index.documentCount, frequencies };
}

/** One search against `index`, with its figures: what a worker answers with. */
export function searchIndex(
  index: PassageIndex,
  terms: readonly string[],
  request: SearchRequest = {},
): SearchAnswer {
  if (!request.correct) {
    return { hits: index.searchTerms(terms, request), figures: figuresOf(index, terms) };
  }
  const corrections: Record<string, string> = {};
  for (const term of request.correct) {
    if (!terms.includes(term)) continue;
    const spelling = index.spellingOf(term);
    if (spelling !== null) corrections[term] = spelling;
  }
  const searched = [...new Set(terms.map((term) => corrections[term] ?? term))];
  return {
    hits: index.searchTerms(searched, request),
    figures: figuresOf(index, searched),
    corrections,
  };
}

/** Passage search over an index in this thread: for the CLI, evaluations and tests. */
export function inThreadSearch(index: PassageIndex): PassageSearch {
  return {
    options: index.options,
    documentCount: index.documentCount,
    searchTerms: async (terms, request) => searchIndex(index, terms, request),
    figures: async (terms) => figuresOf(index, terms),
    close: async () => {},
  };
}
