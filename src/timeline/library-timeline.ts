import type { Article } from '../corpus/types.ts';
import { type FactKeys, FactSearch, factKeys } from './fact-search.ts';
import type { Fact } from './types.ts';

/**
 * The facts of one library, in chronological order, and their search. The bot's libraries come with both (the
 * build worker extracts the facts with the passages and computes their search keys, off the event loop); a
 * library opened in this thread (CLI, tests) computes them on first use, so commands that never read the timeline
 * never pay for it.
 */
export class LibraryTimeline {
  private computed: readonly Fact[] | undefined;
  private keys: readonly FactKeys[] | undefined;
  private searcher: FactSearch | undefined;

  private constructor(
    private readonly compute: (() => readonly Fact[]) | undefined,
    facts: readonly Fact[] | undefined,
    keys: readonly FactKeys[] | undefined,
    private readonly articles: ReadonlyMap<string, Pick<Article, 'title'>>,
  ) {
    this.computed = facts;
    this.keys = keys;
  }

  /** A timeline already computed, with its search keys when they were computed too (one per fact). */
  static of(
    facts: readonly Fact[],
    articles: ReadonlyMap<string, Pick<Article, 'title'>> = new Map(),
    keys?: readonly FactKeys[],
  ): LibraryTimeline {
    return new LibraryTimeline(undefined, facts, keys, articles);
  }

  /** A timeline computed by `compute` the first time it is read. */
  static lazy(
    compute: () => readonly Fact[],
    articles: ReadonlyMap<string, Pick<Article, 'title'>> = new Map(),
  ): LibraryTimeline {
    return new LibraryTimeline(compute, undefined, undefined, articles);
  }

  /** True when reading {@link facts} costs nothing: computed with the library, or read once already. */
  get ready(): boolean {
    return this.computed !== undefined;
  }

  /** True when {@link search} costs nothing more than the query: its keys came with the library, or were computed. */
  get searchReady(): boolean {
    return this.ready && this.keys !== undefined;
  }

  /** Every fact, in chronological order (computed now when not {@link ready}: seconds for a large library). */
  get facts(): readonly Fact[] {
    this.computed ??= this.compute?.() ?? [];
    return this.computed;
  }

  /** Timeline queries by dates and words (its keys computed now when not {@link ready}). */
  get search(): FactSearch {
    if (this.searcher) return this.searcher;
    const facts = this.facts;
    this.keys ??= facts.map(factKeys);
    this.searcher = new FactSearch(facts, this.keys, this.articles);
    return this.searcher;
  }
}
