import MiniSearch, { type AsPlainObject, type Options, type SearchResult } from 'minisearch';
import { documentFrequency, MiniSearchFigures } from './minisearch-figures.ts';
import { bm25Idf, type CandidateFigures, rerank } from './rerank.ts';
import { cachedTermProcessor, DEFAULT_TEXT_OPTIONS, queryTerms, type TextOptions, tokenize } from './text.ts';

/** What the index holds for a passage. Its id is `<articleId>#<n>`. */
export interface IndexedPassage {
  readonly id: string;
  readonly articleId: string;
  readonly text: string;
  /** The article's title. */
  readonly title: string;
  /** Publisher, author and tags of the article. */
  readonly meta: string;
}

/** The passage fields MiniSearch indexes, in the order of {@link IndexOptions.boost}'s weights. */
export const PASSAGE_FIELDS = ['text', 'title', 'meta'] as const;
type PassageField = (typeof PASSAGE_FIELDS)[number];

/** Everything that decides how passages are indexed and ranked. Saved indexes are keyed by it. */
export interface IndexOptions {
  readonly text: TextOptions;
  /** BM25F field weights. */
  readonly boost: Readonly<Record<PassageField, number>>;
  /** BM25 parameters: `k` saturates term frequency, `b` normalises length, `d` is BM25+'s floor (0: plain BM25). */
  readonly bm25: { readonly k: number; readonly b: number; readonly d: number };
  /** At most this many distinct terms of a query are used; the rest of an absurdly long query is ignored. */
  readonly maxQueryTerms: number;
  /**
   * MiniSearch is asked with the query's rarest terms, as many as fit in this many postings (the passages
   * holding them, summed over terms), and always at least the rarest: a common term adds little to BM25 and its
   * long posting list is most of a query's cost. The left-out terms still count when Footnote orders what
   * MiniSearch found.
   */
  readonly findPostings: number;
  /** How many of MiniSearch's best results Footnote orders (never fewer than were asked for). */
  readonly rerankDepth: number;
}

/** Chosen on the SciFact development split (`npm run eval`, `npm run bench`; figures in the README). */
export const DEFAULT_INDEX_OPTIONS: IndexOptions = {
  text: DEFAULT_TEXT_OPTIONS,
  boost: { text: 1, title: 1, meta: 0.5 },
  bm25: { k: 0.9, b: 0.4, d: 0 },
  maxQueryTerms: 64,
  findPostings: 2_000,
  rerankDepth: 200,
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
  /**
   * Terms that may be misspelt: each one the library does not have is searched as the library's nearest term,
   * when one is near ({@link PassageIndex.spellingOf}).
   */
  readonly correct?: readonly string[];
}

/** A term shorter than this is never corrected (too many short words are one edit apart). */
export const MIN_CORRECTED_TERM = 5;

/** How many edits a misspelt term may be from the library's term: one, or two for terms of 9 letters or more. */
export function spellingDistance(term: string): number {
  return term.length >= 9 ? 2 : term.length >= MIN_CORRECTED_TERM ? 1 : 0;
}

const miniSearchOptionsFor = new WeakMap<IndexOptions, Options<IndexedPassage>>();

/**
 * The one MiniSearch options object for passages indexed with `options`, used to build the index and to load
 * its saved copy (the same `IndexOptions` always gives the same object). Terms are the project's own: folded,
 * stop words out, stemmed ({@link processTerm}); ranking parameters are MiniSearch's BM25 and field boosts.
 */
export function miniSearchOptions(options: IndexOptions): Options<IndexedPassage> {
  let found = miniSearchOptionsFor.get(options);
  if (!found) {
    const term = cachedTermProcessor(options.text);
    found = {
      idField: 'id',
      fields: [...PASSAGE_FIELDS],
      storeFields: [],
      tokenize: (text) => tokenize(text),
      processTerm: (word) => term(word) ?? false,
      autoVacuum: false,
      searchOptions: {
        combineWith: 'OR',
        prefix: false,
        fuzzy: false,
        boost: { ...options.boost },
        bm25: { ...options.bm25 },
      },
    };
    miniSearchOptionsFor.set(options, found);
  }
  return found;
}

/** Queries reach MiniSearch as index terms already: it must not split or stem them again. */
const PROCESSED_TERMS = { tokenize: (term: string) => [term], processTerm: (term: string) => term };

/** The article a passage id belongs to (`<articleId>#<n>`). */
export function articleIdOf(passageId: string): string {
  const hash = passageId.lastIndexOf('#');
  return hash < 0 ? passageId : passageId.slice(0, hash);
}

const MAX_CACHED_FREQUENCIES = 100_000;

/** A query term the library has, with its postings. */
interface KnownTerm {
  readonly term: string;
  readonly frequency: number;
  readonly postings: ReadonlyMap<number, ReadonlyMap<number, number>>;
}

/**
 * The passage index: MiniSearch finds the passages that hold the query's selective terms, and Footnote orders
 * the best of them by BM25F over all of the query's terms ({@link rerank}).
 */
export class PassageIndex {
  private readonly figures: MiniSearchFigures;
  private readonly fieldNumbers: readonly number[];
  private readonly frequencies = new Map<string, number>();
  private byArticle: Map<string, number[]> | null = null;

  private constructor(
    private readonly miniSearch: MiniSearch<IndexedPassage>,
    readonly options: IndexOptions,
  ) {
    this.figures = new MiniSearchFigures(miniSearch as unknown as MiniSearch);
    const numbers = this.figures.fieldNumbers();
    this.fieldNumbers = PASSAGE_FIELDS.map((field) => numbers[field] ?? -1);
  }

  /** Builds an index over `passages`. */
  static build(
    passages: Iterable<IndexedPassage>,
    options: IndexOptions = DEFAULT_INDEX_OPTIONS,
  ): PassageIndex {
    const miniSearch = new MiniSearch<IndexedPassage>(miniSearchOptions(options));
    for (const passage of passages) {
      if (articleIdOf(passage.id) !== passage.articleId) {
        throw new Error(`search: passage id ${passage.id} is not "${passage.articleId}#<n>"`);
      }
      miniSearch.add(passage);
    }
    return new PassageIndex(miniSearch, options);
  }

  /** An index from MiniSearch's plain-object serialisation, with the options it was built with. */
  static fromPlainObject(saved: AsPlainObject, options: IndexOptions): PassageIndex {
    return new PassageIndex(MiniSearch.loadJS(saved, miniSearchOptions(options)), options);
  }

  /** MiniSearch's serialisation of the index (what `JSON.stringify` writes). */
  toPlainObject(): AsPlainObject {
    return this.miniSearch.toJSON();
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

  /** Ranks passages for already-processed index terms (see {@link PassageIndex.analyze}), best first. */
  searchTerms(terms: readonly string[], request: SearchRequest = {}): SearchHit[] {
    const { articleId, limit = 50 } = request;
    if (limit <= 0) return [];
    const known = this.knownTerms(terms);
    if (known.length === 0) return [];
    const candidates =
      articleId === undefined
        ? this.find(known, Math.max(limit, this.options.rerankDepth))
        : this.passagesOf(articleId);
    const ranked = rerank(
      candidates.map((shortId) => this.candidateFigures(shortId, known)),
      {
        documentCount: this.documentCount,
        averageFieldLengths: this.fieldNumbers.map((n) => this.figures.averageFieldLengths()[n] ?? 0),
        documentFrequencies: known.map((term) => term.frequency),
      },
      { ...this.options.bm25, boosts: PASSAGE_FIELDS.map((field) => this.options.boost[field]) },
    );
    return ranked.slice(0, limit).map(({ id, score, matched }) => {
      const passageId = this.figures.documentId(id) as string;
      return {
        passageId,
        articleId: articleIdOf(passageId),
        score,
        terms: matched.map((term) => (known[term] as KnownTerm).term),
      };
    });
  }

  /** In how many passages an index term occurs, in any field (0 when it never does). */
  documentFrequency(term: string): number {
    let frequency = this.frequencies.get(term);
    if (frequency === undefined) {
      frequency = documentFrequency(this.figures.postings(term));
      if (this.frequencies.size >= MAX_CACHED_FREQUENCIES) this.frequencies.clear();
      this.frequencies.set(term, frequency);
    }
    return frequency;
  }

  /**
   * The library's spelling of a term it does not have: the nearest index term within {@link spellingDistance}
   * edits, a swap of two neighbouring letters counting as one (the most frequent of the nearest), or null when the term is known, too short, or nothing is near.
   * Found with MiniSearch's fuzzy lookup of its term tree.
   */
  spellingOf(term: string): string | null {
    const distance = spellingDistance(term);
    if (distance === 0 || this.documentFrequency(term) > 0 || /\d/u.test(term)) return null;
    let best: { term: string; distance: number; frequency: number } | null = null;
    // Two letters swapped ("foriegn") is one slip, though two edits apart.
    const swaps: [string, number][] = [];
    for (let i = 1; i < term.length - 1; i++) {
      const swapped = `${term.slice(0, i)}${term[i + 1]}${term[i]}${term.slice(i + 2)}`;
      if (swapped !== term && this.documentFrequency(swapped) > 0) swaps.push([swapped, 1]);
    }
    for (const [near, edits] of [...this.figures.termsNear(term, distance), ...swaps]) {
      // Misspellings rarely change the first letter; names that do ("Shuman", "human") are other words.
      if (/\d/u.test(near) || near[0] !== term[0]) continue;
      const frequency = this.documentFrequency(near);
      if (
        !best ||
        edits < best.distance ||
        (edits === best.distance &&
          (frequency > best.frequency || (frequency === best.frequency && near < best.term)))
      )
        best = { term: near, distance: edits, frequency };
    }
    return best?.term ?? null;
  }

  /** Inverse document frequency of a term (as BM25 computes it); unknown terms get the highest value. */
  idf(term: string): number {
    return bm25Idf(this.documentFrequency(term), this.documentCount);
  }

  /** The distinct terms the library has, rarest first. */
  private knownTerms(terms: readonly string[]): KnownTerm[] {
    const known: KnownTerm[] = [];
    for (const term of new Set(terms)) {
      const postings = this.figures.postings(term);
      if (postings) known.push({ term, postings, frequency: this.documentFrequency(term) });
    }
    return known.sort((a, b) => a.frequency - b.frequency || (a.term < b.term ? -1 : 1));
  }

  /** MiniSearch's `depth` best passages for the rarest terms of a query (see {@link IndexOptions.findPostings}). */
  private find(known: readonly KnownTerm[], depth: number): number[] {
    const selective: string[] = [];
    let postings = 0;
    for (const { term, frequency } of known) {
      postings += frequency;
      if (selective.length > 0 && postings > this.options.findPostings) break;
      selective.push(term);
    }
    const results: SearchResult[] = this.miniSearch.search(
      { combineWith: 'OR', queries: selective },
      PROCESSED_TERMS,
    );
    const found: number[] = [];
    for (const result of results.slice(0, depth)) {
      const shortId = this.figures.shortId(result.id as string);
      if (shortId !== undefined) found.push(shortId);
    }
    return found;
  }

  /** Every passage of an article: within one article, all are candidates. */
  private passagesOf(articleId: string): number[] {
    if (!this.byArticle) {
      this.byArticle = new Map();
      for (const [shortId, id] of this.figures.documents()) {
        const article = articleIdOf(id);
        const list = this.byArticle.get(article);
        if (list) list.push(shortId);
        else this.byArticle.set(article, [shortId]);
      }
    }
    return this.byArticle.get(articleId) ?? [];
  }

  private candidateFigures(shortId: number, known: readonly KnownTerm[]): CandidateFigures<number> {
    const lengths = this.figures.fieldLengths(shortId);
    return {
      id: shortId,
      fieldLengths: this.fieldNumbers.map((n) => lengths[n] ?? 0),
      tf: known.map(({ postings }) => this.fieldNumbers.map((n) => postings.get(n)?.get(shortId) ?? 0)),
    };
  }
}
