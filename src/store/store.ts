import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** The default database file, relative to the working directory. */
export const DEFAULT_DB_PATH = 'data/footnote.db';

/** The database path from the environment: `FOOTNOTE_DB_PATH`, else {@link DEFAULT_DB_PATH}. */
export function dbPathFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const value = env.FOOTNOTE_DB_PATH?.trim();
  return value ? value : DEFAULT_DB_PATH;
}

/** One schema change of one module. Versions start at 1 and increase by 1; a shipped migration never changes. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}

/** Thrown when the database cannot be used as is (a newer schema than this code knows, a bad migration list). */
export class StoreError extends Error {
  override readonly name = 'StoreError';
}

/**
 * The embedded SQLite database: one file, WAL, versioned migrations per module. Each feature owns its tables
 * and calls {@link Store.migrate} with its own module name and migration list at start-up.
 */
export interface Store {
  readonly db: Database.Database;
  readonly path: string;
  /** Applies the module's migrations not applied yet, each in its own transaction; returns the versions applied. */
  migrate(module: string, migrations: readonly Migration[]): number[];
  /** The highest applied version of a module (0 when none). */
  version(module: string): number;
  close(): void;
}

export interface OpenStoreOptions {
  /** Open an existing file read-only (no migrations, no writes): for commands that only look. */
  readonly readonly?: boolean;
}

/** Opens (creating it and its folder at first start) the database at `path`; `:memory:` works for tests. */
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  if (!options.readonly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, options.readonly ? { readonly: true, fileMustExist: true } : {});
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    // FULL: a commit is on disk before the call returns; the daily poster's "intent before send" depends on it.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      module TEXT NOT NULL,
      version INTEGER NOT NULL,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL,
      PRIMARY KEY (module, version)
    )`);
  }
  const version = (module: string): number => {
    const exists = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
      .get();
    if (!exists) return 0;
    const row = db
      .prepare('SELECT MAX(version) AS v FROM schema_migrations WHERE module = ?')
      .get(module) as { v: number | null };
    return row.v ?? 0;
  };
  return {
    db,
    path,
    version,
    migrate(module, migrations) {
      checkMigrations(module, migrations);
      const newer = (current: number) =>
        new StoreError(
          `store: ${path} has ${module} schema version ${current}, newer than this code's ${migrations.length}; upgrade Footnote`,
        );
      const current = version(module);
      if (current > migrations.length) throw newer(current);
      const applied: number[] = [];
      // Each step re-reads the version inside its own write transaction (BEGIN IMMEDIATE): processes that open
      // one file at the same instant apply each migration once, and the others see it applied.
      for (const migration of migrations.slice(current)) {
        const ran = db
          .transaction((): boolean => {
            const now = version(module);
            if (now > migrations.length) throw newer(now);
            if (now >= migration.version) return false;
            migration.up(db);
            db.prepare(
              'INSERT INTO schema_migrations (module, version, name, applied_at) VALUES (?, ?, ?, ?)',
            ).run(module, migration.version, migration.name, new Date().toISOString());
            return true;
          })
          .immediate();
        if (ran) applied.push(migration.version);
      }
      return applied;
    },
    close: () => db.close(),
  };
}

function checkMigrations(module: string, migrations: readonly Migration[]): void {
  migrations.forEach((migration, i) => {
    if (migration.version !== i + 1) {
      throw new StoreError(
        `store: ${module} migration "${migration.name}" has version ${migration.version}, expected ${i + 1}`,
      );
    }
  });
}
