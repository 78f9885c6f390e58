import { type DailyStore, openDailyStore } from '../daily/daily-store.ts';
import { openStore, type Store } from './database.ts';

/** The bot's persistent state, always there: the database (a file, or `:memory:` in tests) and what lives in it. */
export interface BotStore {
  /** The SQLite database (other features add their own tables with `database.migrate(module, migrations)`). */
  readonly database: Store;
  /** Daily-post settings, posts and rotation. */
  readonly daily: DailyStore;
}

/** An open {@link BotStore}, closed by whoever opened it. */
export interface OpenBotStore extends BotStore {
  close(): void;
}

/** Opens (creating and migrating) the database at `path`; `:memory:` gives a store for one test. */
export function openBotStore(path: string): OpenBotStore {
  const database = openStore(path);
  const daily = openDailyStore(database);
  return { database, daily, close: () => database.close() };
}
