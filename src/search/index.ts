import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import { DEFAULT_TEXT_OPTIONS, processTerm, queryTerms, type TextOptions, tokenize } from './text.ts';

/** What the index holds for a passage. */
export interface IndexedPassage {
  readonly id: string;
  readonly articleId: string;
  readonly text: string;
  /** The article's title, searched with a lower weight than the passage text. */
  readonly title: string;
  /** Publisher, author and tags of the article. */
  readonly meta: string;
}

/** Everything that decides how passages are indexed and ranked. Saved indexes are keyed by it. */
export interface IndexOptions {
  readonly text: TextOptions;
  /** Field weights: a title or metadata match counts for less than a match in the passage text. */
  readonly boost: { readonly text: number; readonly title: number; readonly meta: number };
  /** BM25 parameters (MiniSearch's BM25+: `d` is the lower bound of a matching term's contribution). */
  readonly bm25: { readonly k: number; readonly b: number; readonly d: number };
  /** At most this many distinct terms of a query are used; the rest of an absurdly long query is ignored. */
  readonly maxQueryTerms: number;
}

export const DEFAULT_INDEX_OPTIONS: IndexOptions = {
  text: DEFAULT_TEXT_OPTIONS,
  boost: { text: 1, title: 0.4, meta: 0.2 },
  bm25: { k: 1.2, b: 0.75, d: 0.5 },
  maxQueryTerms: 64,
};

const FIELDS = ['text', 'title', 'meta'] as const;

/** The one MiniSearch options object, used both to build and to load an index (`loadJSON` needs the same). */
export function miniSearchOptions(options: IndexOptions): Options<IndexedPassage> {
  return {
    idField: 'id',
    fields: [...FIELDS],
    storeFields: ['articleId'],
    tokenize: (text) => tokenize(text),
    processTerm: (term) => processTerm(term, options.text),
    searchOptions: { boost: { ...options.boost }, bm25: { ...options.bm25 }, combineWith: 'OR' },
  };
}

/** A passage that matched a query. */
export interface SearchHit {
  readonly passageId: string;
  readonly articleId: string;
  readonly score: number;
  /** The query's index terms that this passage matched. */
  readonly terms: readonly string[];
}

export interface SearchRequest {
  readonly limit?: number;
  /** Only passages of this article. */
  readonly articleId?: string;
}

/** A search index over passages, built with MiniSearch. */
export class PassageIndex {
  private constructor(
    private readonly miniSearch: MiniSearch<IndexedPassage>,
    readonly options: IndexOptions,
  ) {}

  /** Builds an index over `passages`. */
  static build(passages: Iterable<IndexedPassage>, options: IndexOptions = DEFAULT_INDEX_OPTIONS): PassageIndex {
    const miniSearch = new MiniSearch<IndexedPassage>(miniSearchOptions(options));
    for (const passage of passages) miniSearch.add(passage);
    return new PassageIndex(miniSearch, options);
  }

  /** Loads an index saved with {@link PassageIndex.toJSON}, with the options it was built with. */
  static load(json: string, options: IndexOptions): PassageIndex {
    return new PassageIndex(MiniSearch.loadJSON<IndexedPassage>(json, miniSearchOptions(options)), options);
  }

  get documentCount(): number {
    return this.miniSearch.documentCount;
  }

  /** The index terms a query is searched with: distinct, processed, at most `maxQueryTerms`. */
  analyze(query: string): string[] {
    return queryTerms(query, this.options.text, this.options.maxQueryTerms);
  }

  /** Ranks passages for a query, best first. */
  search(query: string, request: SearchRequest = {}): SearchHit[] {
    return this.searchTerms(this.analyze(query), request);
  }

  /** Ranks passages for already-processed index terms (see {@link PassageIndex.analyze}). */
  searchTerms(terms: readonly string[], request: SearchRequest = {}): SearchHit[] {
    if (terms.length === 0) return [];
    const { articleId, limit = 50 } = request;
    const searchOptions: SearchOptions = {
      // The terms are already processed: search them as they are.
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term,
      ...(articleId === undefined ? {} : { filter: (result) => result.articleId === articleId }),
    };
    const results = this.miniSearch.search(terms.join(' '), searchOptions);
    return results.slice(0, limit).map((result) => ({
      passageId: String(result.id),
      articleId: String(result.articleId),
      score: result.score,
      terms: result.terms,
    }));
  }

  /** In how many passages an index term occurs in the passage text (0 when it never does). */
  documentFrequency(term: string): number {
    // MiniSearch has no public document-frequency accessor; its index maps term → field id → (doc → tf).
    const internals = this.miniSearch as unknown as {
      _index: { get(term: string): Map<number, Map<number, number>> | undefined };
      _fieldIds: Record<string, number>;
    };
    const fieldId = internals._fieldIds.text;
    if (fieldId === undefined) return 0;
    return internals._index.get(term)?.get(fieldId)?.size ?? 0;
  }

  /** Inverse document frequency of a term (as BM25 computes it); unknown terms get the highest value. */
  idf(term: string): number {
    const n = this.documentFrequency(term);
    const total = this.documentCount;
    return Math.log(1 + (total - n + 0.5) / (n + 0.5));
  }

  /** Serialises the index for {@link PassageIndex.load}. */
  toJSON(): string {
    return JSON.stringify(this.miniSearch);
  }
}
