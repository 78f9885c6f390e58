import { bm25Idf, buildPostings, type PostingsData, PostingsSearcher } from './postings.ts';
import { cachedAnalyzer, DEFAULT_TEXT_OPTIONS, queryTerms, type TextOptions } from './text.ts';

/** What the index holds for a passage. */
export interface IndexedPassage {
  readonly id: string;
  readonly articleId: string;
  readonly text: string;
  /** The article's title. */
  readonly title: string;
  /** Publisher, author and tags of the article. */
  readonly meta: string;
}

/** Everything that decides how passages are indexed and ranked. Saved indexes are keyed by it. */
export interface IndexOptions {
  readonly text: TextOptions;
  /**
   * `'separate'`: BM25F over the text, title and meta fields, each with its own length normalisation and
   * `boost`; `'combined'`: title, meta and text as one field (as Pyserini's BM25 "flat" indexes BEIR).
   */
  readonly fields: 'separate' | 'combined';
  /** BM25F field weights (with `'separate'` fields). */
  readonly boost: { readonly text: number; readonly title: number; readonly meta: number };
  /** BM25 parameters: `k` saturates term frequency, `b` normalises length, `d` is BM25+'s floor (0: plain BM25). */
  readonly bm25: { readonly k: number; readonly b: number; readonly d: number };
  /** At most this many distinct terms of a query are used; the rest of an absurdly long query is ignored. */
  readonly maxQueryTerms: number;
}

/** Chosen on the SciFact development split (see `npm run eval`): Lucene-like BM25 over title and text. */
export const DEFAULT_INDEX_OPTIONS: IndexOptions = {
  text: DEFAULT_TEXT_OPTIONS,
  fields: 'separate',
  boost: { text: 1, title: 1, meta: 0.5 },
  bm25: { k: 0.9, b: 0.4, d: 0 },
  maxQueryTerms: 64,
};

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

/** The parts of an index, as saved (see `saved-index.ts`). */
export interface IndexParts {
  readonly passageIds: readonly string[];
  readonly articleIds: readonly string[];
  /** Per passage, its article's position in `articleIds`. */
  readonly articleOf: Uint32Array;
  readonly postings: PostingsData;
}

function fieldsOf(passage: IndexedPassage, options: IndexOptions): string[] {
  return options.fields === 'combined'
    ? [`${passage.title}\n${passage.meta}\n${passage.text}`]
    : [passage.text, passage.title, passage.meta];
}

function boostsOf(options: IndexOptions): number[] {
  return options.fields === 'combined' ? [1] : [options.boost.text, options.boost.title, options.boost.meta];
}

/** A search index over passages: BM25F over compact posting lists (see `postings.ts`). */
export class PassageIndex {
  private readonly searcher: PostingsSearcher;
  private readonly articleNumbers: Map<string, number>;
  private sortedTerms: string[] | null = null;

  private constructor(
    private readonly parts: IndexParts,
    readonly options: IndexOptions,
  ) {
    this.searcher = new PostingsSearcher(parts.postings);
    this.articleNumbers = new Map(parts.articleIds.map((id, n) => [id, n]));
  }

  /** Builds an index over `passages`. */
  static build(
    passages: Iterable<IndexedPassage>,
    options: IndexOptions = DEFAULT_INDEX_OPTIONS,
  ): PassageIndex {
    const passageIds: string[] = [];
    const articleIds: string[] = [];
    const articleNumbers = new Map<string, number>();
    const articleOf: number[] = [];
    const analyze = cachedAnalyzer(options.text);
    const documents = (function* () {
      for (const passage of passages) {
        let article = articleNumbers.get(passage.articleId);
        if (article === undefined) {
          article = articleIds.length;
          articleNumbers.set(passage.articleId, article);
          articleIds.push(passage.articleId);
        }
        passageIds.push(passage.id);
        articleOf.push(article);
        yield { fields: fieldsOf(passage, options) };
      }
    })();
    const { k, b, d } = options.bm25;
    const postings = buildPostings(documents, { boosts: boostsOf(options), k1: k, b, d }, analyze);
    return new PassageIndex(
      { passageIds, articleIds, articleOf: Uint32Array.from(articleOf), postings },
      options,
    );
  }

  /** An index from saved parts, with the options it was built with. */
  static fromParts(parts: IndexParts, options: IndexOptions): PassageIndex {
    return new PassageIndex(parts, options);
  }

  /** The parts to save. */
  toParts(): IndexParts {
    return this.parts;
  }

  get documentCount(): number {
    return this.parts.postings.documentCount;
  }

  /** The index terms a query is searched with: distinct, processed, at most `maxQueryTerms`. */
  analyze(query: string): string[] {
    return queryTerms(query, this.options.text, this.options.maxQueryTerms);
  }

  /** Ranks passages for a query, best first. */
  search(query: string, request: SearchRequest = {}): SearchHit[] {
    return this.searchTerms(this.analyze(query), request);
  }

  /** Ranks passages for already-processed index terms (see {@link PassageIndex.analyze}), best first. */
  searchTerms(terms: readonly string[], request: SearchRequest = {}): SearchHit[] {
    if (terms.length === 0) return [];
    const { articleId, limit = 50 } = request;
    let accept: ((doc: number) => boolean) | undefined;
    if (articleId !== undefined) {
      const article = this.articleNumbers.get(articleId);
      if (article === undefined) return [];
      const { articleOf } = this.parts;
      accept = (doc) => articleOf[doc] === article;
    }
    const known = [...new Set(terms)].flatMap((term) => {
      const id = this.searcher.termId(term);
      return id === undefined ? [] : [{ term, id }];
    });
    return this.searcher.topK(terms, limit, accept).map(({ doc, score }) => ({
      passageId: this.parts.passageIds[doc] as string,
      articleId: this.parts.articleIds[this.parts.articleOf[doc] as number] as string,
      score,
      terms: known.filter(({ id }) => this.searcher.hasTerm(id, doc)).map(({ term }) => term),
    }));
  }

  /**
   * Index terms that start with `prefix` (already processed, e.g. by {@link PassageIndex.analyze}), the most
   * common first: for autocomplete. Ranking does not expand prefixes: `npm run eval` measured it to hurt.
   */
  completions(prefix: string, limit = 10): string[] {
    this.sortedTerms ??= [...this.parts.postings.terms].sort();
    const terms = this.sortedTerms;
    let low = 0;
    let high = terms.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((terms[middle] as string) < prefix) low = middle + 1;
      else high = middle;
    }
    const found: string[] = [];
    for (let i = low; i < terms.length && (terms[i] as string).startsWith(prefix); i++)
      found.push(terms[i] as string);
    return found
      .map((term) => ({ term, frequency: this.documentFrequency(term) }))
      .sort((a, b) => b.frequency - a.frequency || (a.term < b.term ? -1 : 1))
      .slice(0, limit)
      .map(({ term }) => term);
  }

  /** In how many passages an index term occurs, in any field (0 when it never does). */
  documentFrequency(term: string): number {
    return this.searcher.documentFrequency(term);
  }

  /** Inverse document frequency of a term (as BM25 computes it); unknown terms get the highest value. */
  idf(term: string): number {
    return bm25Idf(this.documentFrequency(term), this.documentCount);
  }
}
