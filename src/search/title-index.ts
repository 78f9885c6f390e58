import MiniSearch, { type Options } from 'minisearch';
import { foldText, tokenize } from './text.ts';

interface TitleDocument {
  readonly id: string;
  readonly title: string;
}

/**
 * The one MiniSearch options object for the title index, used to build it (and to load it, should it ever be
 * saved). Titles are folded but neither stemmed nor stripped of stop words: people type the words they see.
 */
export const TITLE_INDEX_OPTIONS: Options<TitleDocument> = {
  idField: 'id',
  fields: ['title'],
  storeFields: [],
  tokenize: (text) => tokenize(text),
  processTerm: (term) => foldText(term),
  searchOptions: {
    combineWith: 'AND',
    prefix: true,
    // One typo in words of 5+ letters, two in words of 9+: "vietnm" still finds "Vietnam".
    fuzzy: (term) => (term.length >= 9 ? 2 : term.length >= 5 ? 1 : false),
  },
};

/** An article as the title index needs it. */
interface TitledArticle {
  readonly id: string;
  readonly title: string;
  readonly published: string;
}

/** A title index built a batch of articles at a time (see {@link TitleIndex.builder}). */
export interface TitleIndexBuilder {
  add(articles: Iterable<TitledArticle>): void;
  finish(): TitleIndex;
}

/** Typo-tolerant, prefix-matching search over article titles, for autocomplete. */
export class TitleIndex {
  private constructor(
    private readonly miniSearch: MiniSearch<TitleDocument>,
    private readonly byRecency: readonly string[],
    private readonly folded: ReadonlyMap<string, string>,
  ) {}

  /** Indexes the titles of `articles`; with an empty query, suggestions are the most recent first. */
  static build(articles: Iterable<TitledArticle>): TitleIndex {
    const builder = TitleIndex.builder();
    builder.add(articles);
    return builder.finish();
  }

  /**
   * Builds the index a batch at a time: the bot adds each batch of articles as it arrives from the build worker,
   * so indexing many titles (about 25 µs each) never holds its event loop for long.
   */
  static builder(): TitleIndexBuilder {
    const miniSearch = new MiniSearch<TitleDocument>(TITLE_INDEX_OPTIONS);
    const folded = new Map<string, string>();
    const list: TitledArticle[] = [];
    return {
      add(articles) {
        const documents: TitleDocument[] = [];
        for (const { id, title, published } of articles) {
          list.push({ id, title, published });
          folded.set(id, foldText(title));
          documents.push({ id, title });
        }
        miniSearch.addAll(documents);
      },
      finish() {
        const byRecency = [...list]
          .sort((a, b) => b.published.localeCompare(a.published) || a.title.localeCompare(b.title))
          .map((article) => article.id);
        return new TitleIndex(miniSearch, byRecency, folded);
      },
    };
  }

  /** Article ids whose titles match what was typed so far, best first: titles that start with it, then by score. */
  suggest(typed: string, limit: number): string[] {
    const query = foldText(typed).trim();
    if (query === '') return this.byRecency.slice(0, limit);
    let results = this.miniSearch.search(query);
    // Every word must match; if none does, let any word match rather than suggest nothing.
    if (results.length === 0) results = this.miniSearch.search(query, { combineWith: 'OR' });
    const startsWith = (id: string) => (this.folded.get(id)?.startsWith(query) ? 1 : 0);
    return results
      .map((result, rank) => ({ id: String(result.id), rank }))
      .sort((a, b) => startsWith(b.id) - startsWith(a.id) || a.rank - b.rank)
      .slice(0, limit)
      .map(({ id }) => id);
  }
}
