import type { Logger } from 'pino';
import type { Article, LoadProblem } from '../corpus/types.ts';
import type { Library } from '../library.ts';

/** What a reload did: the new library and how it differs, or why the old one was kept. */
export type ReloadOutcome = ReloadSuccess | ReloadFailure;

export interface ReloadSuccess {
  readonly ok: true;
  readonly library: Library;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
  /** Article files skipped in the new library (bad front matter...). */
  readonly problems: readonly LoadProblem[];
  readonly ms: number;
}

export interface ReloadFailure {
  readonly ok: false;
  /** The library still in use (the old one). */
  readonly library: Library;
  readonly error: string;
  readonly ms: number;
}

export interface LibraryHolderOptions {
  /** The library answering queries until the first successful reload. */
  readonly initial: Library;
  /**
   * Builds a fresh library from disk. The bot passes `() => openLibrary({ dataDir, logger, searchIn: 'worker' })`:
   * the library is then built in worker threads, so this thread keeps answering from the current one meanwhile.
   */
  readonly open: () => Promise<Library>;
  /** Swap in a library with no articles when the old one had some. Default false: that is usually a half-copied folder. */
  readonly allowEmpty?: boolean;
  readonly logger?: Logger;
  /** Clock for durations (tests). */
  readonly now?: () => number;
}

/**
 * Holds the library the bot answers from and replaces it without a restart. A reload builds a whole new
 * library beside the current one; only when that succeeds is the reference swapped, in one assignment, so a
 * query sees either the old library or the new one, never a mix, and a failed rebuild changes nothing.
 * Requests during a rebuild coalesce into one follow-up rebuild (files may have changed after the running
 * one read the folder).
 */
export class LibraryHolder {
  private library: Library;
  private running: Promise<ReloadOutcome> | undefined;
  private queued: Promise<ReloadOutcome> | undefined;
  private readonly now: () => number;
  private readonly listeners: ((outcome: ReloadOutcome) => void)[] = [];

  constructor(private readonly options: LibraryHolderOptions) {
    this.library = options.initial;
    this.now = options.now ?? (() => performance.now());
  }

  /** The library to answer from now; read it once per query so one query never spans two libraries. */
  get current(): Library {
    return this.library;
  }

  /** True while a rebuild is running. */
  get reloading(): boolean {
    return this.running !== undefined;
  }

  /** Calls `listener` once per finished rebuild (not per request: coalesced requests share one), e.g. for metrics. */
  onReload(listener: (outcome: ReloadOutcome) => void): void {
    this.listeners.push(listener);
  }

  /** Rebuilds and swaps; resolves when a rebuild that started after this call has finished. Never rejects. */
  reload(trigger = 'manual'): Promise<ReloadOutcome> {
    if (this.queued) return this.queued;
    if (this.running) {
      this.queued = this.running.then(() => {
        this.queued = undefined;
        return this.start(trigger);
      });
      return this.queued;
    }
    return this.start(trigger);
  }

  private start(trigger: string): Promise<ReloadOutcome> {
    const run = this.rebuild(trigger)
      .then((outcome) => {
        for (const listener of this.listeners) {
          try {
            listener(outcome);
          } catch (error) {
            this.options.logger?.warn({ err: error }, 'a reload listener failed');
          }
        }
        return outcome;
      })
      .finally(() => {
        if (this.running === run) this.running = undefined;
      });
    this.running = run;
    return run;
  }

  private async rebuild(trigger: string): Promise<ReloadOutcome> {
    const started = this.now();
    const old = this.library;
    const log = this.options.logger;
    let next: Library;
    try {
      next = await this.options.open();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log?.error({ err: error, trigger }, 'library reload failed; keeping the current library');
      return { ok: false, library: old, error: message, ms: this.now() - started };
    }
    if (next.articles.size === 0 && old.articles.size > 0 && !this.options.allowEmpty) {
      void next.index.close();
      const error = `the rebuilt library has no articles (${next.problems.length} file problem(s)); keeping the current one`;
      log?.error({ trigger, problems: next.problems.length }, 'library reload refused');
      return { ok: false, library: old, error, ms: this.now() - started };
    }
    this.library = next;
    // Questions that read the old library just before the swap still get answers: close() has a grace period.
    old.index
      .close()
      .catch((error: unknown) => log?.warn({ err: error }, 'closing the replaced index failed'));
    const diff = diffArticles(old.articles, next.articles);
    const ms = this.now() - started;
    log?.info(
      {
        trigger,
        articles: next.articles.size,
        added: diff.added.length,
        removed: diff.removed.length,
        changed: diff.changed.length,
        problems: next.problems.length,
        ms: Math.round(ms),
      },
      'library reloaded',
    );
    return { ok: true, library: next, ...diff, problems: next.problems, ms };
  }
}

/** Ids added, removed and changed (text or citation metadata) between two article maps. */
export function diffArticles(
  before: ReadonlyMap<string, Article>,
  after: ReadonlyMap<string, Article>,
): { added: string[]; removed: string[]; changed: string[] } {
  const added: string[] = [];
  const changed: string[] = [];
  for (const [id, article] of after) {
    const old = before.get(id);
    if (!old) added.push(id);
    else if (!sameArticle(old, article)) changed.push(id);
  }
  const removed = [...before.keys()].filter((id) => !after.has(id));
  return { added, removed, changed };
}

function sameArticle(a: Article, b: Article): boolean {
  return (
    a.body === b.body &&
    a.title === b.title &&
    a.url === b.url &&
    a.publisher === b.publisher &&
    a.published === b.published &&
    a.author === b.author &&
    a.language === b.language &&
    a.tags.join('\u0000') === b.tags.join('\u0000')
  );
}
