import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { IndexedPassage, IndexOptions, SearchRequest } from './passage-index.ts';
import type { PassageSearch, SearchAnswer, TermFigures } from './passage-search.ts';
import type { IndexOrigin } from './saved-index.ts';
import type { WorkerReply, WorkerRequest, WorkerStart } from './search-worker-protocol.ts';

const BOOT = new URL('./worker-boot.mjs', import.meta.url);
const ENTRY = new URL('./search-worker.ts', import.meta.url).href;

/** How long a replaced index keeps answering (a question that read the old library just before a reload). */
const DEFAULT_CLOSE_GRACE_MS = 10_000;

interface Pending {
  readonly resolve: (value: SearchAnswer | TermFigures) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Passage search in a worker thread: the index is loaded (or built and saved) there and queried by message,
 * so the bot's event loop never waits on it. A worker that dies is started again on the next search (from
 * the saved index); the searches it was answering fail with an error.
 */
export class SearchWorker implements PassageSearch {
  private worker: Promise<Worker> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  private constructor(
    private readonly start: WorkerStart,
    readonly documentCount: number,
    private readonly logger: Logger | undefined,
  ) {}

  /** Starts a worker over `start.passages` and resolves once its index is ready. */
  static async open(
    start: WorkerStart,
    logger?: Logger,
  ): Promise<{ search: SearchWorker; origin: IndexOrigin }> {
    const { worker, origin } = await spawn(start, logger);
    const search = new SearchWorker(start, start.passages.length, logger);
    search.adopt(worker);
    return { search, origin };
  }

  get options(): IndexOptions {
    return this.start.options;
  }

  searchTerms(terms: readonly string[], request: SearchRequest = {}): Promise<SearchAnswer> {
    return this.ask({ type: 'search', id: 0, terms: [...terms], request }) as Promise<SearchAnswer>;
  }

  figures(terms: readonly string[]): Promise<TermFigures> {
    return this.ask({ type: 'figures', id: 0, terms: [...terms] }) as Promise<TermFigures>;
  }

  /** Ends the worker after a grace period in which searches are still answered. */
  async close(graceMs = DEFAULT_CLOSE_GRACE_MS): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await new Promise((resolve) => setTimeout(resolve, graceMs).unref());
    const worker = this.worker;
    this.worker = undefined;
    await (await worker?.catch(() => undefined))?.terminate();
  }

  private adopt(worker: Worker): void {
    this.worker = Promise.resolve(worker);
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type !== 'result' && reply.type !== 'error') return;
      const pending = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.type === 'result') pending?.resolve(reply.value);
      else pending?.reject(new Error(reply.message));
    });
    worker.on('exit', (code) => {
      if (this.closed && this.pending.size === 0) return;
      this.logger?.error(
        { code, pending: this.pending.size },
        'search worker stopped; it restarts on the next search',
      );
      this.worker = undefined;
      for (const pending of this.pending.values())
        pending.reject(new Error(`search: the search worker stopped (exit code ${code})`));
      this.pending.clear();
    });
  }

  private async ask(request: WorkerRequest): Promise<SearchAnswer | TermFigures> {
    if (this.closed && !this.worker)
      throw new Error('search: this index was closed (the library was replaced)');
    this.worker ??= spawn(this.start, this.logger).then(({ worker }) => {
      this.adopt(worker);
      return worker;
    });
    let worker: Worker;
    try {
      worker = await this.worker;
    } catch (error) {
      this.worker = undefined;
      throw error;
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    });
  }
}

/** Passages per message to a starting worker: each copy holds the event loop for about a millisecond. */
const PASSAGES_PER_MESSAGE = 500;

/** Starts a worker, hands it the passages a slice at a time, and waits for its index. */
function spawn(
  start: WorkerStart,
  logger: Logger | undefined,
): Promise<{ worker: Worker; origin: IndexOrigin }> {
  const worker = new Worker(BOOT, { workerData: { entry: ENTRY, file: start.file, options: start.options } });
  // The bot stays up through its gateway connection and servers; a search worker alone keeps nothing alive.
  worker.unref();
  const ready = new Promise<{ worker: Worker; origin: IndexOrigin }>((resolve, reject) => {
    const onExit = (code: number) =>
      reject(new Error(`search: the search worker exited (code ${code}) before its index was ready`));
    worker.on('error', (error) => logger?.error({ err: error }, 'search worker error'));
    worker.once('exit', onExit);
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'save-failed') {
        logger?.warn(
          { file: start.file, error: reply.message },
          'could not save the index; it will be rebuilt next start',
        );
      } else if (reply.type === 'ready') {
        worker.off('exit', onExit);
        resolve({ worker, origin: reply.origin });
      } else if (reply.type === 'failed') {
        worker.off('exit', onExit);
        void worker.terminate();
        reject(new Error(`search: the index could not be opened: ${reply.message}`));
      }
    });
  });
  return Promise.all([sendPassages(worker, start.passages), ready]).then(([, opened]) => opened);
}

async function sendPassages(worker: Worker, passages: readonly IndexedPassage[]): Promise<void> {
  for (let i = 0; i < passages.length; i += PASSAGES_PER_MESSAGE) {
    const message: WorkerRequest = {
      type: 'passages',
      passages: passages.slice(i, i + PASSAGES_PER_MESSAGE),
    };
    worker.postMessage(message);
    await new Promise((resolve) => setImmediate(resolve));
  }
  worker.postMessage({ type: 'passages-end' } satisfies WorkerRequest);
}
