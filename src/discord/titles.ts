import type { Article } from '../corpus/types.ts';
import type { Library } from '../library.ts';
import { foldText } from '../search/text.ts';
import { LIMITS } from './limits.ts';

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
  const exact = library.articleTitled(value);
  if (exact) return exact;
  const best = suggestTitles(library, value, 1)[0];
  return best ? (library.articles.get(best.value) ?? null) : null;
}
