import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderArticleFile } from '../../src/corpus/frontmatter.ts';
import { type Library, openLibrary } from '../../src/library.ts';

/** A small article for inline test corpora. */
export interface TestArticle {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  /** Default: `https://example.org/<id>`. */
  readonly url?: string;
  readonly published?: string;
  readonly publisher?: string;
  readonly tags?: string[];
}

/** Writes articles into a fresh temporary data folder and returns its path. */
export async function writeLibrary(articles: readonly TestArticle[]): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'footnote-test-'));
  await mkdir(join(dataDir, 'articles'));
  for (const article of articles) await writeArticle(dataDir, article);
  return dataDir;
}

/** Writes one article file, `articles/<id>.md`, into a data folder (a new article, or a changed one). */
export async function writeArticle(dataDir: string, article: TestArticle): Promise<void> {
  const text = renderArticleFile(
    {
      title: article.title,
      url: article.url ?? `https://example.org/${article.id}`,
      publisher: article.publisher ?? 'Example Press',
      published: article.published ?? '2024-01-15',
      tags: article.tags ?? [],
    },
    article.body,
  );
  await writeFile(join(dataDir, 'articles', `${article.id}.md`), text);
}

/** Opens a library made of the given inline articles. */
export async function inlineLibrary(articles: readonly TestArticle[]): Promise<Library> {
  return openLibrary({ dataDir: await writeLibrary(articles) });
}
