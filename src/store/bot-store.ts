import { type DailyStore, openDailyStore } from '../daily/daily-store.ts';
import { openPgDailyStore } from '../daily/pg-daily-store.ts';
import { type DailyRecords, sqliteDailyRecords } from '../daily/records.ts';
import { openStore, type Store } from './database.ts';
import { openPgStore, type PgStore } from './postgres.ts';

/** The bot's persistent state, always there: where it lives and what lives in it. */
export interface BotStore {
  /** Where the records are, for logs: the SQLite path, or the PostgreSQL URL without its password. */
  readonly location: string;
  /** Daily-post settings, posts and rotation. */
  readonly daily: DailyRecords;
  /** Whether the database answers a trivial query (false, or a rejection, once it is closed or unusable). */
  reachable(): Promise<boolean>;
}

/** An open {@link BotStore}, closed by whoever opened it. */
export interface OpenBotStore extends BotStore {
  close(): Promise<void>;
}

/** A {@link BotStore} in SQLite, with the synchronous database beside it (tests and tools read it directly). */
export interface SqliteBotStore extends OpenBotStore {
  /** The SQLite database (other features add their own tables with `database.migrate(module, migrations)`). */
  readonly database: Store;
  /** The daily tables' synchronous accessor, which {@link BotStore.daily} wraps. */
  readonly dailyStore: DailyStore;
}

/** A {@link BotStore} in PostgreSQL. */
export interface PgBotStore extends OpenBotStore {
  readonly database: PgStore;
}

/** Opens (creating and migrating) the SQLite database at `path`; `:memory:` gives a store for one test. */
export function openBotStore(path: string): SqliteBotStore {
  const database = openStore(path);
  const dailyStore = openDailyStore(database);
  return {
    location: path,
    database,
    dailyStore,
    daily: sqliteDailyRecords(dailyStore),
    reachable: async () => database.db.prepare('SELECT 1 AS one').get() !== undefined,
    close: async () => database.close(),
  };
}

/** Opens (and migrates) the PostgreSQL database at `url`; throws `PgOpenError` when it cannot be reached. */
export async function openPgBotStore(url: string): Promise<PgBotStore> {
  const database = await openPgStore(url);
  try {
    const daily = await openPgDailyStore(database);
    return {
      location: database.shownUrl,
      database,
      daily,
      reachable: async () => (await database.pool.query('SELECT 1 AS one')).rowCount === 1,
      close: () => database.close(),
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Where the bot keeps its records: PostgreSQL when `databaseUrl` is set, else SQLite at `dbPath`. */
export interface StoreSettings {
  readonly databaseUrl?: string | undefined;
  readonly dbPath: string;
}

/** Opens the store the settings name (see {@link StoreSettings}). */
export async function openConfiguredStore(settings: StoreSettings): Promise<OpenBotStore> {
  return settings.databaseUrl ? openPgBotStore(settings.databaseUrl) : openBotStore(settings.dbPath);
}
