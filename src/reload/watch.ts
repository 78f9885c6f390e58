import { type FSWatcher, mkdirSync, watch } from 'node:fs';
import type { Logger } from 'pino';

export interface WatchOptions {
  /** Quiet time after the last change before `onChange` runs, in ms. Default 750. */
  readonly debounceMs?: number;
  /** Longest wait while changes keep coming, in ms, so a long copy still reloads. Default 5000. */
  readonly maxWaitMs?: number;
  /** Delay before watching again after the watcher fails (folder removed and re-created), in ms. Default 2000. */
  readonly retryMs?: number;
  readonly logger?: Logger;
}

/** A running watcher; `close()` stops it and cancels a pending call. */
export interface ArticleWatcher {
  close(): void;
}

/** True for names the loader reads: `*.md`, not the ingester's `.name.tmp` files or editors' dot files. */
export function isArticleFileName(name: string | null): boolean {
  if (name === null) return true; // Some platforms omit the name; a reload is the safe answer.
  const base = name.split(/[\\/]/).at(-1) ?? name;
  return base.endsWith('.md') && !base.startsWith('.');
}

/**
 * Watches an articles folder and calls `onChange` (debounced) with the article file names that changed.
 * The folder is created if missing; if the watcher dies it is re-created after `retryMs`.
 */
export function watchArticles(
  dir: string,
  onChange: (files: readonly string[]) => void,
  options: WatchOptions = {},
): ArticleWatcher {
  const { debounceMs = 750, maxWaitMs = 5000, retryMs = 2000, logger } = options;
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  let retry: NodeJS.Timeout | undefined;
  let firstChangeAt: number | undefined;
  let closed = false;
  const changed = new Set<string>();

  const fire = (): void => {
    timer = undefined;
    firstChangeAt = undefined;
    const files = [...changed].sort();
    changed.clear();
    onChange(files);
  };

  const schedule = (name: string | null): void => {
    if (!isArticleFileName(name)) return;
    if (name !== null) changed.add(name);
    const now = Date.now();
    firstChangeAt ??= now;
    if (timer) clearTimeout(timer);
    const wait = Math.max(0, Math.min(debounceMs, firstChangeAt + maxWaitMs - now));
    timer = setTimeout(fire, wait);
  };

  const start = (): void => {
    if (closed) return;
    try {
      mkdirSync(dir, { recursive: true });
      watcher = watch(dir, { persistent: false }, (_event, name) =>
        schedule(name === null ? null : String(name)),
      );
      watcher.on('error', (error) => {
        logger?.warn({ err: error, dir }, 'articles watcher failed; restarting it');
        watcher?.close();
        retry = setTimeout(start, retryMs);
      });
      logger?.debug({ dir }, 'watching articles');
    } catch (error) {
      logger?.warn({ err: error, dir }, 'cannot watch the articles folder; retrying');
      retry = setTimeout(start, retryMs);
    }
  };

  start();
  return {
    close(): void {
      closed = true;
      watcher?.close();
      if (timer) clearTimeout(timer);
      if (retry) clearTimeout(retry);
    },
  };
}
