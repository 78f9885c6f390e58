import { basename } from 'node:path';
import { type ReadFolderOptions, readArticleFolder } from './article-files.ts';
import { FrontMatterSyntaxError, parseArticleFile } from './frontmatter.ts';
import { frontMatterSchema } from './schema.ts';
import type { Article, LoadProblem } from './types.ts';

/** Valid article ids: the file names of `data/articles/<id>.md`. */
export const ARTICLE_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/u;

/** The result of loading a folder of articles: what loaded, and what did not and why. */
export interface LoadResult {
  readonly articles: Article[];
  readonly problems: LoadProblem[];
  /** Hidden and editor files left out of the folder on purpose (not problems). */
  readonly ignored: string[];
}

/** Parses and validates one article file's text; returns the article or the problems found. */
export function parseArticle(file: string, text: string): { article: Article } | { problems: LoadProblem[] } {
  const id = basename(file).replace(/\.md$/u, '');
  if (!ARTICLE_ID_PATTERN.test(id)) {
    return {
      problems: [
        { file, message: 'file name must be a slug: lowercase letters, digits and dashes, then .md' },
      ],
    };
  }
  let parts: ReturnType<typeof parseArticleFile>;
  try {
    parts = parseArticleFile(text);
  } catch (error) {
    if (error instanceof FrontMatterSyntaxError) return { problems: [{ file, message: error.message }] };
    throw error;
  }
  if (!parts.frontMatter) {
    return {
      problems: [{ file, message: 'missing front matter: the file must start with a "---" YAML block' }],
    };
  }
  const parsed = frontMatterSchema.safeParse(parts.frontMatter);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => ({
        file,
        field: issue.path.join('.') || undefined,
        message:
          issue.path.length > 0 && issue.code === 'invalid_type' && issue.input === undefined
            ? 'required field is missing'
            : issue.message,
      })),
    };
  }
  if (parts.body.trim().length === 0)
    return { problems: [{ file, field: 'body', message: 'the article has no text' }] };
  const meta = parsed.data;
  return {
    article: {
      id,
      title: meta.title,
      url: meta.url,
      publisher: meta.publisher,
      published: meta.published,
      author: meta.author,
      language: meta.language,
      tags: meta.tags,
      body: parts.body,
      file,
    },
  };
}

/**
 * Loads every `*.md` file in `dir`, at most {@link ReadFolderOptions.concurrency} open at once. A bad file or
 * entry (invalid front matter, a folder named `x.md`, a symbolic link to nothing, an unreadable file) is reported
 * in `problems` and the others still load; hidden and editor files are left out; duplicate URLs are reported and
 * only the first (by file name) is kept.
 */
export async function loadArticles(dir: string, options: ReadFolderOptions = {}): Promise<LoadResult> {
  const folder = await readArticleFolder(dir, options);
  const articles: Article[] = [];
  const problems: LoadProblem[] = folder.problem ? [folder.problem] : [];
  const byUrl = new Map<string, Article>();
  for (const entry of folder.entries) {
    if ('problem' in entry) {
      problems.push(entry.problem);
      continue;
    }
    const { file } = entry;
    const result = parseArticle(file, entry.text);
    if ('problems' in result) {
      problems.push(...result.problems);
      continue;
    }
    const key = normaliseUrl(result.article.url);
    const first = byUrl.get(key);
    if (first) {
      problems.push({
        file,
        field: 'url',
        message: `duplicate URL: the same article as ${first.file}; skipped`,
      });
      continue;
    }
    byUrl.set(key, result.article);
    articles.push(result.article);
  }
  return { articles, problems, ignored: folder.ignored };
}

/** URL identity for duplicate detection: no fragment, no trailing slash, host lowercased. */
export function normaliseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.toString().replace(/\/+$/u, '');
  } catch {
    return url;
  }
}
