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

/** Typo-tolerant, prefix-matching search over article titles, for autocomplete. */
export class TitleIndex {
  private readonly folded: Map<string, string>;

  private constructor(
    private readonly miniSearch: MiniSearch<TitleDocument>,
    private readonly byRecency: readonly string[],
    titles: ReadonlyMap<string, string>,
  ) {
    this.folded = new Map([...titles].map(([id, title]) => [id, foldText(title)]));
  }

  /** Indexes the titles of `articles`; with an empty query, suggestions are the most recent first. */
  static build(articles: Iterable<{ id: string; title: string; published: string }>): TitleIndex {
    const list = [...articles];
    const miniSearch = new MiniSearch<TitleDocument>(TITLE_INDEX_OPTIONS);
    miniSearch.addAll(list.map(({ id, title }) => ({ id, title })));
    const byRecency = [...list]
      .sort((a, b) => b.published.localeCompare(a.published) || a.title.localeCompare(b.title))
      .map((article) => article.id);
    return new TitleIndex(miniSearch, byRecency, new Map(list.map((article) => [article.id, article.title])));
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
