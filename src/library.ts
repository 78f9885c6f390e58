import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Article, LoadProblem, Passage } from './corpus/types.ts';
import { libraryBuilder } from './library/build-client.ts';
import { indexedPassages, readLibraryContents } from './library/contents.ts';
import { Acronyms } from './search/acronyms.ts';
import { DEFAULT_INDEX_OPTIONS, type IndexOptions } from './search/passage-index.ts';
import { inThreadSearch, type PassageSearch } from './search/passage-search.ts';
import { type IndexOrigin, loadOrBuildIndex } from './search/saved-index.ts';
import { SearchWorker } from './search/search-worker-client.ts';
import { foldText } from './search/text.ts';
import { TitleIndex } from './search/title-index.ts';
import { TitleWords } from './search/title-words.ts';
import { articleTopic } from './search/topics.ts';
import { buildTimeline } from './timeline/extract.ts';
import type { FactKeys } from './timeline/fact-search.ts';
import { LibraryTimeline } from './timeline/library-timeline.ts';
import type { Fact } from './timeline/types.ts';

export { indexedPassages } from './library/contents.ts';

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

/** The articles, their passages, the index over them and their timeline: everything the bot answers from. */
export interface Library {
  readonly dataDir: string;
  readonly articles: ReadonlyMap<string, Article>;
  readonly passages: ReadonlyMap<string, Passage>;
  readonly passagesByArticle: ReadonlyMap<string, readonly Passage[]>;
  /** Passage search (MiniSearch), in this thread or in a worker thread. */
  readonly index: PassageSearch;
  /** Article titles, for autocomplete. */
  readonly titles: TitleIndex;
  /** The articles' names of several capitalised words by their initials, to read a question's acronyms. */
  readonly acronyms: Acronyms;
  /** How many titles hold each word, to tell a word that names one article from a word many titles share. */
  readonly titleWords: TitleWords;
  /** What an article is about: its terms in a large share of its passages, with that share (see `topics.ts`). */
  topicOf(articleId: string): ReadonlyMap<string, number>;
  /**
   * The article titled `title`, ignoring case, accents, quote styles and dashes (the first in library order when
   * several fold alike); undefined when none is. Its lookup table is built on first use and goes with the library.
   */
  articleTitled(title: string): Article | undefined;
  /** Dated events of the articles (`/timeline`, `/today`, daily posts). */
  readonly timeline: LibraryTimeline;
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
   * Where the library is built and the index lives. `'worker'` (the bot): the articles are read, split and their
   * timeline extracted in a build worker thread, and the index is loaded or built and queried in a search worker
   * thread, so neither opening nor reloading a large library holds the bot's event loop. `'thread'`: all in
   * this thread, the timeline computed on first use (the CLI, evaluations, tests). Default `'thread'`.
   */
  readonly searchIn?: 'thread' | 'worker';
}

/** Where a library's saved index lives: `<dataDir>/cache/index.json`. */
export function defaultIndexFile(dataDir: string): string {
  return join(dataDir, 'cache', 'index.json');
}

/** Where a library's timeline facts are kept between runs: `<dataDir>/cache/facts.json`. */
export function defaultFactsFile(dataDir: string): string {
  return join(dataDir, 'cache', 'facts.json');
}

/** Articles whose topic is kept once read (the oldest read is let go first). */
const MAX_CACHED_TOPICS = 4096;

/**
 * Builds the in-memory library from already-loaded articles and an index. Without `timeline`, the timeline is
 * computed the first time it is read.
 */
export function assembleLibrary(
  dataDir: string,
  articles: readonly Article[],
  passagesByArticle: ReadonlyMap<string, readonly Passage[]>,
  index: PassageSearch,
  origin: IndexOrigin,
  problems: readonly LoadProblem[],
  facts?: readonly Fact[],
): Library {
  const passages = new Map<string, Passage>();
  for (const list of passagesByArticle.values())
    for (const passage of list) passages.set(passage.id, passage);
  const timeline = facts ? { facts } : undefined;
  return libraryOf({ dataDir, articles, passages, passagesByArticle, index, origin, problems, timeline });
}

/**
 * The library of its parts. The build client hands over the passage map and the title index already built, a
 * message at a time as the articles and passages arrived.
 */
function libraryOf(parts: {
  readonly dataDir: string;
  readonly articles: readonly Article[];
  readonly passages: ReadonlyMap<string, Passage>;
  readonly passagesByArticle: ReadonlyMap<string, readonly Passage[]>;
  readonly index: PassageSearch;
  readonly origin: IndexOrigin;
  readonly problems: readonly LoadProblem[];
  /** The facts, and their search keys when the build worker computed them (else computed on first query). */
  readonly timeline?: { readonly facts: readonly Fact[]; readonly keys?: readonly FactKeys[] } | undefined;
  readonly titles?: TitleIndex | undefined;
  readonly acronyms?: Acronyms | undefined;
  readonly titleWords?: TitleWords | undefined;
}): Library {
  const { dataDir, articles, passages, passagesByArticle, index, origin, problems } = parts;
  const dates = articles.map((article) => article.published).sort();
  const from = dates[0];
  const to = dates.at(-1);
  const articleMap = new Map(articles.map((article) => [article.id, article]));
  let byTitle: ReadonlyMap<string, Article> | undefined;
  let acronyms = parts.acronyms;
  let titleWords = parts.titleWords;
  const topics = new Map<string, ReadonlyMap<string, number>>();
  return {
    dataDir,
    articles: articleMap,
    passages,
    passagesByArticle,
    index,
    titles: parts.titles ?? TitleIndex.build(articles),
    // Read on first use when the library was not built by the build worker (which reads them off this thread).
    get acronyms() {
      acronyms ??= Acronyms.build(articles.flatMap((article) => [article.title, article.body]));
      return acronyms;
    },
    get titleWords() {
      titleWords ??= TitleWords.build(articles.map((article) => article.title));
      return titleWords;
    },
    topicOf(articleId) {
      let topic = topics.get(articleId);
      if (!topic) {
        topic = articleTopic(passagesByArticle.get(articleId) ?? [], index.options.text);
        // Read on a question's first need of it; a bounded number are kept.
        if (topics.size >= MAX_CACHED_TOPICS) topics.delete(topics.keys().next().value ?? '');
        topics.set(articleId, topic);
      }
      return topic;
    },
    articleTitled(title) {
      byTitle ??= articlesByFoldedTitle(articles);
      return byTitle.get(foldText(title).trim());
    },
    timeline: parts.timeline
      ? LibraryTimeline.of(parts.timeline.facts, articleMap, parts.timeline.keys)
      : LibraryTimeline.lazy(() => buildTimeline({ articles: articleMap, passagesByArticle }), articleMap),
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

/** Articles by folded title, the first of several that fold alike kept (as exact-title lookups find them). */
function articlesByFoldedTitle(articles: readonly Article[]): ReadonlyMap<string, Article> {
  const byTitle = new Map<string, Article>();
  for (const article of articles) {
    const folded = foldText(article.title);
    if (!byTitle.has(folded)) byTitle.set(folded, article);
  }
  return byTitle;
}

/**
 * Loads the articles of `<dataDir>/articles`, splits them into passages, and loads the saved index when it
 * matches them (building and saving it when it does not); with `searchIn: 'worker'`, all of it off this
 * thread's event loop, the timeline included.
 */
export async function openLibrary(options: OpenLibraryOptions): Promise<Library> {
  if (options.searchIn === 'worker') return openInWorkers(options);
  const { dataDir, indexOptions = DEFAULT_INDEX_OPTIONS, logger } = options;
  const contents = await readLibraryContents(join(dataDir, 'articles'));
  checkProblems(contents.problems, options);
  const { articles, passagesByArticle, problems } = contents;
  const passages = indexedPassages(articles, passagesByArticle);
  const file = options.indexFile ?? defaultIndexFile(dataDir);
  const { index, origin } = await loadOrBuildIndex(file, passages, indexOptions, (error) =>
    logger?.warn({ err: error, indexFile: file }, 'could not save the index; it will be rebuilt next start'),
  );
  logOpened(logger, articles.length, passages.length, origin);
  return assembleLibrary(dataDir, articles, passagesByArticle, inThreadSearch(index), origin, problems);
}

/**
 * The bot's way: a build worker reads the articles, splits them and extracts the timeline; once the passages
 * are here, a search worker loads or builds their index while the build worker is still on the timeline.
 */
async function openInWorkers(options: OpenLibraryOptions): Promise<Library> {
  const { dataDir, indexOptions = DEFAULT_INDEX_OPTIONS, logger } = options;
  const build = libraryBuilder.build(join(dataDir, 'articles'), defaultFactsFile(dataDir));
  try {
    const contents = await build.contents;
    checkProblems(contents.problems, options);
    const file = options.indexFile ?? defaultIndexFile(dataDir);
    const [search, timeline] = await Promise.allSettled([
      SearchWorker.open({ file, passages: contents.indexed, options: indexOptions }, logger),
      build.timeline,
    ]);
    if (search.status === 'rejected') throw search.reason;
    if (timeline.status === 'rejected') {
      void search.value.search.close(0);
      throw timeline.reason;
    }
    const { origin } = search.value;
    logOpened(logger, contents.articles.length, contents.indexed.length, origin);
    const { extracted, saved, saveError } = timeline.value;
    logger?.debug(
      { facts: timeline.value.facts.length, extracted, saved },
      'timeline built (facts of new and changed articles extracted)',
    );
    if (saveError !== undefined) {
      logger?.warn(
        { err: saveError, factsFile: defaultFactsFile(dataDir) },
        'could not save the timeline; the next start extracts it again',
      );
    }
    return libraryOf({
      dataDir,
      articles: contents.articles,
      passages: contents.passages,
      passagesByArticle: contents.passagesByArticle,
      index: search.value.search,
      origin,
      problems: contents.problems,
      timeline: timeline.value,
      titles: contents.titles,
      acronyms: contents.acronyms,
      titleWords: contents.titleWords,
    });
  } finally {
    build.stop();
  }
}

/** Logs each bad article file; in strict mode, any makes opening fail. */
function checkProblems(
  problems: readonly LoadProblem[],
  { strict = false, logger }: OpenLibraryOptions,
): void {
  for (const problem of problems) logger?.warn({ ...problem }, 'article file skipped');
  if (strict && problems.length > 0) throw new LibraryLoadError(problems);
}

function logOpened(
  logger: Logger | undefined,
  articles: number,
  passages: number,
  origin: IndexOrigin,
): void {
  logger?.info(
    {
      articles,
      passages,
      source: origin.source,
      ms: Math.round(origin.source === 'saved' ? origin.loadMs : origin.buildMs),
    },
    origin.source === 'saved' ? 'index loaded' : `index built (${origin.rebuildReason ?? 'new'})`,
  );
}
