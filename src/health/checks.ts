import type { Library } from '../library.ts';
import type { BotStore } from '../store/bot-store.ts';

/** Where the current library is read from (a fixed one, or a holder that swaps in rebuilt ones). */
export interface LibrarySource {
  readonly current: Library;
}

/** One health check: true when the part works; a check that throws counts as failing. */
export type HealthCheck = () => boolean | Promise<boolean>;

/** What `/healthz` checks: the gateway, the library and the database. */
export interface BotHealthParts {
  /** Whether the bot's gateway connection is up (the running bot's `connected()`; false before it starts). */
  readonly gateway: () => boolean;
  readonly libraries: LibrarySource;
  readonly store: BotStore;
}

/** A library is loaded when it has articles to answer from (an empty or unreadable articles folder is not). */
export function libraryLoaded(libraries: LibrarySource): boolean {
  return libraries.current.articles.size > 0;
}

/** The database (SQLite or PostgreSQL) answers a trivial query (false, or a rejection, once it is closed or unusable). */
export function storeReachable(store: BotStore): Promise<boolean> {
  return store.reachable();
}

/** The checks `/healthz` runs, by name (the names appear in its JSON body). */
export function botHealthChecks(parts: BotHealthParts): Record<'gateway' | 'library' | 'store', HealthCheck> {
  return {
    gateway: parts.gateway,
    library: () => libraryLoaded(parts.libraries),
    store: () => storeReachable(parts.store),
  };
}
