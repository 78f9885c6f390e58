import { Worker } from 'node:worker_threads';
import type { Article, Passage } from '../corpus/types.ts';
import { Acronyms } from '../search/acronyms.ts';
import type { IndexedPassage } from '../search/passage-index.ts';
import { TitleIndex } from '../search/title-index.ts';
import { TitleWords } from '../search/title-words.ts';
import type { FactCacheFileStatus } from '../timeline/fact-cache-file.ts';
import type { FactKeys } from '../timeline/fact-search.ts';
import type { Fact } from '../timeline/types.ts';
import type { BuildReply, BuildRequest, PassageWithoutText } from './build-protocol.ts';
import { articleMeta, type LibraryContents, toIndexedPassage } from './contents.ts';

// The search worker's boot file starts any TypeScript worker: it registers tsx, then imports `entry`.
const BOOT = new URL('../search/worker-boot.mjs', import.meta.url);
const ENTRY = new URL('./build-worker.ts', import.meta.url).href;

/** A library's contents as taken in from a build worker, with the maps and index input built on the way. */
export interface BuiltContents extends LibraryContents {
  readonly articles: readonly Article[];
  readonly passages: ReadonlyMap<string, Passage>;
  /** The passages in the shape the index takes, in order. */
  readonly indexed: readonly IndexedPassage[];
  /** The articles' titles, indexed a message at a time as they arrived. */
  readonly titles: TitleIndex;
  /** The articles' names by their initials, read by the build worker. */
  readonly acronyms: Acronyms;
  /** How many titles hold each word, counted by the build worker. */
  readonly titleWords: TitleWords;
}

/** A library's timeline as built by the build worker. */
export interface BuiltTimeline {
  readonly facts: readonly Fact[];
  /** Each fact's search keys, computed in the worker. */
  readonly keys: readonly FactKeys[];
  /** Articles whose facts were extracted for this build. */
  readonly extracted: number;
  /** How the saved facts file was read ('kept': read at an earlier build of this worker; 'none': no file given). */
  readonly saved: FactCacheFileStatus | 'kept' | 'none';
  /** Why the facts file could not be written, when it could not (the library is whole; the next start extracts again). */
  readonly saveError?: string;
}

/** A library being built in the build worker. */
export interface LibraryBuild {
  /** The articles and passages, once all are taken in. */
  readonly contents: Promise<BuiltContents>;
  /**
   * The timeline (chronological), once the worker has it (after the contents), and how many articles' facts it
   * extracted for it (the others' were kept from the build before).
   */
  readonly timeline: Promise<BuiltTimeline>;
  /** Gives the build up if it has not finished (what has not arrived yet fails); harmless after it finished. */
  stop(): void;
}

interface Settler<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}

function settler<T>(): Settler<T> {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  // Whoever is not waiting for one of them yet (the facts while the contents arrive) must not see an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** One build: takes the worker's messages in, one per turn of the event loop, and assembles the contents. */
class BuildRun {
  readonly contents = settler<BuiltContents>();
  readonly timeline = settler<BuiltTimeline>();
  /** Set once the build has finished, failed or been stopped. */
  finished = false;
  private readonly ended = settler<void>();
  private readonly articles: Article[] = [];
  private readonly byId = new Map<string, { article: Article; passages: Passage[]; meta: string }>();
  private readonly passages = new Map<string, Passage>();
  private readonly passagesByArticle = new Map<string, Passage[]>();
  private readonly indexed: IndexedPassage[] = [];
  private readonly facts: Fact[] = [];
  private readonly keys: FactKeys[] = [];
  private readonly titles = TitleIndex.builder();

  constructor(
    readonly articlesDir: string,
    readonly factsFile: string | undefined,
    private readonly onEnd: (run: BuildRun, abandoned: boolean) => void,
  ) {}

  /** Resolves when the build has ended, however. */
  get settled(): Promise<void> {
    return this.ended.promise;
  }

  /** Starts the build in `worker`. */
  begin(worker: Worker): void {
    worker.postMessage({
      type: 'build',
      articlesDir: this.articlesDir,
      factsFile: this.factsFile,
    } satisfies BuildRequest);
    this.askForNext(worker);
  }

  take(reply: BuildReply, worker: Worker): void {
    if (this.finished) return;
    try {
      switch (reply.type) {
        case 'articles':
          this.takeArticles(reply.articles);
          break;
        case 'passages':
          this.takePassages(reply.passages);
          break;
        case 'contents-end':
          this.contents.resolve({
            articles: this.articles,
            passagesByArticle: this.passagesByArticle,
            problems: reply.problems,
            passages: this.passages,
            indexed: this.indexed,
            titles: this.titles.finish(),
            acronyms: Acronyms.fromJSON(reply.acronyms),
            titleWords: TitleWords.fromJSON(reply.titleWords),
          });
          break;
        case 'facts':
          for (const fact of reply.facts) this.facts.push(this.sharingStrings(fact));
          for (const keys of reply.keys) this.keys.push(keys);
          break;
        case 'facts-end':
          this.timeline.resolve({
            facts: this.facts,
            keys: this.keys,
            extracted: reply.extracted,
            saved: reply.saved,
            ...(reply.saveError === undefined ? {} : { saveError: reply.saveError }),
          });
          this.end(false);
          return;
        case 'failed':
          // The worker stays usable: a build fails on what it read (an unreadable folder...), not on its state.
          this.fail(new Error(`library: building the library failed: ${reply.message}`), false);
          return;
      }
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)), true);
      return;
    }
    this.askForNext(worker);
  }

  /** Fails what has not arrived; `abandoned` when the worker may still be sending (it must be ended). */
  fail(error: Error, abandoned: boolean): void {
    if (this.finished) return;
    this.contents.reject(error);
    this.timeline.reject(error);
    this.end(abandoned);
  }

  private end(abandoned: boolean): void {
    this.finished = true;
    this.onEnd(this, abandoned);
    this.ended.resolve();
  }

  private askForNext(worker: Worker): void {
    setImmediate(() => {
      if (!this.finished) worker.postMessage({ type: 'next' } satisfies BuildRequest);
    });
  }

  private takeArticles(articles: readonly Article[]): void {
    for (const article of articles) {
      const passages: Passage[] = [];
      this.articles.push(article);
      this.byId.set(article.id, { article, passages, meta: articleMeta(article) });
      this.passagesByArticle.set(article.id, passages);
    }
    this.titles.add(articles);
  }

  /**
   * The fact with the strings it has in common with its article and passage taken from them (the sentence cut from
   * the body, the ids, title, publisher, date and URL) instead of the copies each message brings: at 100,000
   * facts that is a quarter to half of the library's heap in this thread, held twice while a reload swaps.
   */
  private sharingStrings(fact: Fact): Fact {
    const article = this.byId.get(fact.articleId)?.article;
    if (!article) return fact;
    const same = (copy: string, original: string) => (copy === original ? original : copy);
    const { citation } = fact;
    return {
      ...fact,
      articleId: article.id,
      passageId: same(fact.passageId, this.passages.get(fact.passageId)?.id ?? fact.passageId),
      sentence: same(fact.sentence, article.body.slice(fact.start, fact.stop)),
      citation: {
        ...citation,
        title: same(citation.title, article.title),
        publisher: same(citation.publisher, article.publisher),
        published: same(citation.published, article.published),
        url: same(citation.url, article.url),
      },
    };
  }

  private takePassages(batch: readonly PassageWithoutText[]): void {
    for (const sent of batch) {
      const entry = this.byId.get(sent.articleId);
      if (!entry)
        throw new Error(`library: the build worker sent a passage of an unknown article: ${sent.id}`);
      const passage: Passage = {
        id: sent.id,
        articleId: sent.articleId,
        paragraph: sent.paragraph,
        start: sent.start,
        end: sent.end,
        // Cut from the body here rather than sent: the same text, one copy across threads.
        text: entry.article.body.slice(sent.start, sent.end),
        sentences: sent.sentences,
      };
      entry.passages.push(passage);
      this.passages.set(passage.id, passage);
      this.indexed.push(toIndexedPassage(entry.article, passage, entry.meta));
    }
  }
}

/**
 * Builds libraries in a worker thread: reads, parses and splits the articles of a folder and extracts their
 * timeline there, and takes the results in one message per turn of this thread's event loop (each a few hundred
 * passages at most), so building even a very large library never holds this thread for long. The worker is
 * kept between builds (a reload finds its code loaded and the facts of unchanged articles extracted); builds
 * run one at a time, in the order asked; a worker that fails or is given up is replaced at the next build.
 */
export class LibraryBuilder {
  private worker: Worker | undefined;
  private running: BuildRun | undefined;
  private queue: Promise<void> = Promise.resolve();

  /**
   * Starts building the library of `articlesDir` (after the builds asked before it); with `factsFile`, the
   * timeline's facts are kept there between runs (see fact-cache-file.ts).
   */
  build(articlesDir: string, factsFile?: string): LibraryBuild {
    const run = new BuildRun(articlesDir, factsFile, (ended, abandoned) => this.ended(ended, abandoned));
    this.queue = this.queue.then(() => {
      if (run.finished) return; // Given up before its turn.
      const worker = this.workerForBuild();
      this.running = run;
      // Referenced while it builds (a script awaiting a library must not exit), not while it waits.
      worker.ref();
      run.begin(worker);
      return run.settled;
    });
    return {
      contents: run.contents.promise,
      timeline: run.timeline.promise,
      stop: () => run.fail(new Error('library: the build was stopped'), true),
    };
  }

  /** Ends the worker (a build still running fails). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.running?.fail(new Error('library: the builder was closed'), false);
    await worker?.terminate();
  }

  private ended(run: BuildRun, abandoned: boolean): void {
    if (this.running !== run) return;
    this.running = undefined;
    const worker = this.worker;
    if (!worker) return;
    if (abandoned) {
      // It may still be sending this build: a fresh worker takes the next one.
      this.worker = undefined;
      void worker.terminate();
    } else {
      worker.unref();
    }
  }

  private workerForBuild(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(BOOT, { workerData: { entry: ENTRY } });
    this.worker = worker;
    worker.on('message', (reply: BuildReply) => {
      if (this.worker === worker) this.running?.take(reply, worker);
    });
    const lost = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.running?.fail(error, false);
    };
    worker.on('error', (error) => lost(error));
    worker.on('exit', (code) => lost(new Error(`library: the build worker exited (code ${code})`)));
    return worker;
  }
}

/** The process's library builder (the bot builds its libraries, at start-up and on reload, in one worker). */
export const libraryBuilder = new LibraryBuilder();
