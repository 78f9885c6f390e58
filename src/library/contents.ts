import { loadArticles } from '../corpus/load.ts';
import { splitIntoPassages } from '../corpus/passages.ts';
import type { Article, LoadProblem, Passage } from '../corpus/types.ts';
import type { IndexedPassage } from '../search/passage-index.ts';

/** What a library is made of before its index: the articles that loaded, their passages, the files that did not. */
export interface LibraryContents {
  readonly articles: readonly Article[];
  readonly passagesByArticle: ReadonlyMap<string, readonly Passage[]>;
  readonly problems: readonly LoadProblem[];
}

/** Loads the articles of a folder and splits them into passages (in this thread: the build worker runs it). */
export async function readLibraryContents(articlesDir: string): Promise<LibraryContents> {
  const { articles, problems } = await loadArticles(articlesDir);
  const passagesByArticle = new Map(articles.map((article) => [article.id, splitIntoPassages(article)]));
  return { articles, passagesByArticle, problems };
}

/** The text an article contributes to the metadata field of each of its passages. */
export function articleMeta(article: Article): string {
  return [article.publisher, article.author ?? '', ...article.tags].join(' ');
}

/** A passage in the shape the index takes. */
export function toIndexedPassage(
  article: Article,
  passage: Passage,
  meta = articleMeta(article),
): IndexedPassage {
  return { id: passage.id, articleId: article.id, text: passage.text, title: article.title, meta };
}

/** Passages of every article, in the shape the index takes. */
export function indexedPassages(
  articles: readonly Article[],
  passagesByArticle: ReadonlyMap<string, readonly Passage[]>,
): IndexedPassage[] {
  const indexed: IndexedPassage[] = [];
  for (const article of articles) {
    const meta = articleMeta(article);
    for (const passage of passagesByArticle.get(article.id) ?? [])
      indexed.push(toIndexedPassage(article, passage, meta));
  }
  return indexed;
}
