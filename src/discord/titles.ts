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

/** How well a title matches the typed text: 3 starts with it, 2 every word is a word prefix, 1 contains it, 0 no. */
function matchRank(entry: TitleEntry, query: string, queryWords: readonly string[]): number {
  if (entry.folded.startsWith(query)) return 3;
  if (queryWords.every((word) => entry.words.some((titleWord) => titleWord.startsWith(word)))) return 2;
  if (entry.folded.includes(query) || entry.article.id.includes(query)) return 1;
  return 0;
}

/** Autocomplete choices for an article option: name = title (≤ 100 chars), value = article id (≤ 100 chars). */
export function suggestTitles(library: Library, typed: string, limit: number = LIMITS.autocompleteChoices) {
  const query = foldText(typed).trim();
  const queryWords = query.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const ranked: { entry: TitleEntry; rank: number }[] = [];
  for (const entry of titleEntries(library)) {
    if (entry.article.id.length > LIMITS.choiceValue) continue;
    const rank = query === '' ? 1 : matchRank(entry, query, queryWords);
    if (rank > 0) ranked.push({ entry, rank });
  }
  return ranked
    .sort((a, b) => b.rank - a.rank)
    .slice(0, Math.min(limit, LIMITS.autocompleteChoices))
    .map(({ entry }) => ({ name: choiceName(entry.article.title), value: entry.article.id }));
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
