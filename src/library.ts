import { join } from 'node:path';
import type { Logger } from 'pino';
import { loadArticles } from './corpus/load.ts';
import { splitIntoPassages } from './corpus/passages.ts';
import type { Article, LoadProblem, Passage } from './corpus/types.ts';
import { DEFAULT_INDEX_OPTIONS, type IndexedPassage, type IndexOptions } from './search/index.ts';
import { inThreadSearch, type PassageSearch } from './search/passage-search.ts';
import { type IndexOrigin, loadOrBuildIndex } from './search/saved-index.ts';
import { SearchWorker } from './search/search-worker-client.ts';
import { TitleIndex } from './search/titles.ts';

/** Figures about a library, for `/about` and `cli stats`. */
export interface LibraryStats {
  readonly articles: number;
  readonly passages: number;
  readonly indexBytes: number;
  readonly buildMs: number;
  readonly loadMs: number;
  readonly indexBuiltAt: Date;
  readonly indexSource: 'saved' | 'built';
  /** Earliest and latest publication dates, or null for an empty library. */
  readonly dateRange: { readonly from: string; readonly to: string } | null;
}

/** The articles, their passages and the index over them: everything a question is answered from. */
export interface Library {
  readonly dataDir: string;
  readonly articles: ReadonlyMap<string, Article>;
  readonly passages: ReadonlyMap<string, Passage>;
  readonly passagesByArticle: ReadonlyMap<string, readonly Passage[]>;
  /** Passage search (MiniSearch), in this thread or in a worker thread. */
  readonly index: PassageSearch;
  /** Article titles, for autocomplete. */
  readonly titles: TitleIndex;
  readonly problems: readonly LoadProblem[];
  readonly indexBuiltAt: Date;
  readonly stats: LibraryStats;
}

/** Thrown by {@link openLibrary} in strict mode when any article file is bad. */
export class LibraryLoadError extends Error {
  override readonly name = 'LibraryLoadError';
  constructor(readonly problems: readonly LoadProblem[]) {
    super(`${problems.length} article file problem(s):\n${problems.map(formatProblem).join('\n')}`);
  }
}

/** One line for a load problem: `file: field: message`. */
export function formatProblem(problem: LoadProblem): string {
  return `${problem.file}: ${problem.field ? `${problem.field}: ` : ''}${problem.message}`;
}

export interface OpenLibraryOptions {
  /** The data folder: articles in `<dataDir>/articles`, the saved index in `<dataDir>/cache`. */
  readonly dataDir: string;
  /** Make any bad article file fatal instead of skipping it. */
  readonly strict?: boolean;
  readonly indexOptions?: IndexOptions;
  /** Where the saved index lives; default {@link defaultIndexFile}. */
  readonly indexFile?: string;
  readonly logger?: Logger;
  /**
   * Where the index lives: `'worker'`, a worker thread (the bot: loading, building and querying a large index
   * never blocks its event loop); `'thread'`, this thread (the CLI, evaluations, tests). Default `'thread'`.
   */
  readonly searchIn?: 'thread' | 'worker';
}

/** Where a library's saved index lives: `<dataDir>/cache/index.json`. */
export function defaultIndexFile(dataDir: string): string {
  return join(dataDir, 'cache', 'index.json');
}

/** The text an article contributes to the metadata field of each of its passages. */
function articleMeta(article: Article): string {
  return [article.publisher, article.author ?? '', ...article.tags].join(' ');
}

/** Builds the in-memory library from already-loaded articles and an index. */
export function assembleLibrary(
  dataDir: string,
  articles: readonly Article[],
  passagesByArticle: ReadonlyMap<string, readonly Passage[]>,
  index: PassageSearch,
  origin: IndexOrigin,
  problems: readonly LoadProblem[],
): Library {
  const passages = new Map<string, Passage>();
  for (const list of passagesByArticle.values())
    for (const passage of list) passages.set(passage.id, passage);
  const dates = articles.map((article) => article.published).sort();
  const from = dates[0];
  const to = dates.at(-1);
  return {
    dataDir,
    articles: new Map(articles.map((article) => [article.id, article])),
    passages,
    passagesByArticle,
    index,
    titles: TitleIndex.build(articles),
    problems,
    indexBuiltAt: origin.builtAt,
    stats: {
      articles: articles.length,
      passages: passages.size,
      indexBytes: origin.bytes,
      buildMs: origin.buildMs,
      loadMs: origin.loadMs,
      indexBuiltAt: origin.builtAt,
      indexSource: origin.source,
      dateRange: from && to ? { from, to } : null,
    },
  };
}

/** Passages of every article, in the shape the index takes. */
export function indexedPassages(
  articles: readonly Article[],
  passagesByArticle: ReadonlyMap<string, readonly Passage[]>,
): IndexedPassage[] {
  return articles.flatMap((article) =>
    (passagesByArticle.get(article.id) ?? []).map((passage) => ({
      id: passage.id,
      articleId: article.id,
      text: passage.text,
      title: article.title,
      meta: articleMeta(article),
    })),
  );
}

/**
 * Loads the articles of `<dataDir>/articles`, splits them into passages, and loads the saved index when it
 * matches them (building and saving it when it does not).
 */
export async function openLibrary(options: OpenLibraryOptions): Promise<Library> {
  const { dataDir, strict = false, indexOptions = DEFAULT_INDEX_OPTIONS, logger } = options;
  const { articles, problems } = await loadArticles(join(dataDir, 'articles'));
  for (const problem of problems) logger?.warn({ ...problem }, 'article file skipped');
  if (strict && problems.length > 0) throw new LibraryLoadError(problems);
  const passagesByArticle = new Map(articles.map((article) => [article.id, splitIntoPassages(article)]));
  const indexFile = options.indexFile ?? defaultIndexFile(dataDir);
  const passages = indexedPassages(articles, passagesByArticle);
  const { index, origin } = await openSearch(indexFile, passages, indexOptions, options);
  logger?.info(
    {
      articles: articles.length,
      passages: passages.length,
      source: origin.source,
      ms: Math.round(origin.source === 'saved' ? origin.loadMs : origin.buildMs),
    },
    origin.source === 'saved' ? 'index loaded' : `index built (${origin.rebuildReason ?? 'new'})`,
  );
  return assembleLibrary(dataDir, articles, passagesByArticle, index, origin, problems);
}

/** Opens the passage index where {@link OpenLibraryOptions.searchIn} says. */
async function openSearch(
  file: string,
  passages: readonly IndexedPassage[],
  indexOptions: IndexOptions,
  { searchIn = 'thread', logger }: OpenLibraryOptions,
): Promise<{ index: PassageSearch; origin: IndexOrigin }> {
  if (searchIn === 'worker') {
    const { search, origin } = await SearchWorker.open({ file, passages, options: indexOptions }, logger);
    return { index: search, origin };
  }
  const { index, origin } = await loadOrBuildIndex(file, passages, indexOptions, (error) =>
    logger?.warn({ err: error, indexFile: file }, 'could not save the index; it will be rebuilt next start'),
  );
  return { index: inThreadSearch(index), origin };
}
