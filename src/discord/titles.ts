import type { Article } from '../corpus/types.ts';
import type { Library } from '../library.ts';
import { foldText } from '../search/text.ts';
import { LIMITS } from './limits.ts';

interface TitleEntry {
  readonly article: Article;
  readonly folded: string;
  readonly words: readonly string[];
}

const cache = new WeakMap<Library, readonly TitleEntry[]>();

/** Folded titles of a library, computed once per library and sorted by title (autocomplete must answer fast). */
function titleEntries(library: Library): readonly TitleEntry[] {
  let entries = cache.get(library);
  if (!entries) {
    entries = [...library.articles.values()]
      .map((article) => {
        const folded = foldText(article.title);
        return { article, folded, words: folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean) };
      })
      .sort((a, b) => a.folded.localeCompare(b.folded));
    cache.set(library, entries);
  }
  return entries;
}

/**
 * Autocomplete choices for an article option: name = title (≤ 100 chars), value = article id (≤ 100 chars).
 * Prefix- and typo-tolerant (the library's MiniSearch title index); an empty query lists the newest articles.
 */
export function suggestTitles(library: Library, typed: string, limit: number = LIMITS.autocompleteChoices) {
  const wanted = Math.min(limit, LIMITS.autocompleteChoices);
  return library.titles
    .suggest(typed, wanted * 2)
    .flatMap((id) => {
      const article = library.articles.get(id);
      return article && id.length <= LIMITS.choiceValue
        ? [{ name: choiceName(article.title), value: id }]
        : [];
    })
    .slice(0, wanted);
}

function choiceName(title: string): string {
  return title.length <= LIMITS.choiceName ? title : `${title.slice(0, LIMITS.choiceName - 1)}…`;
}

/**
 * The article an option value names: its id (what autocomplete sends), else an exact title, else the one title
 * that matches the typed text best. Null when nothing matches.
 */
export function resolveArticle(library: Library, value: string): Article | null {
  const byId = library.articles.get(value);
  if (byId) return byId;
  const query = foldText(value).trim();
  if (!query) return null;
  const entries = titleEntries(library);
  const exact = entries.find((entry) => entry.folded === query);
  if (exact) return exact.article;
  const best = suggestTitles(library, value, 1)[0];
  return best ? (library.articles.get(best.value) ?? null) : null;
}
