import { type DailyStore, openDailyStore } from '../daily/store.ts';
import { openStore, type Store } from './store.ts';

declare module '../discord/command.ts' {
  interface BotStore {
    /** The SQLite database (other features add their own tables with `database.migrate(module, migrations)`). */
    readonly database?: Store;
    /** Daily-post settings, posts and rotation. */
    readonly daily?: DailyStore;
  }
}

/** The bot's persistent state: opens (creating and migrating) the database at `path`. */
export function openBotStore(path: string): {
  readonly database: Store;
  readonly daily: DailyStore;
  close(): void;
} {
  const database = openStore(path);
  const daily = openDailyStore(database);
  return { database, daily, close: () => database.close() };
}
