import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import Database from 'better-sqlite3';

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

/**
 * Thrown when the database file cannot be opened or used: `reason` says why in words for whoever set its path
 * (not a SQLite database, damaged, read-only, ...). The file is left as it was.
 */
export class StoreOpenError extends StoreError {
  constructor(
    readonly path: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`store: cannot use the database ${JSON.stringify(path)}: ${reason}`, options);
  }
}

const OPEN_FAILURES: Readonly<Record<string, string>> = {
  SQLITE_NOTADB: 'it is not a SQLite database (the file was left untouched)',
  SQLITE_CORRUPT: 'the database is damaged (malformed or truncated; the file was left untouched)',
  SQLITE_READONLY:
    'it is read-only: Footnote records daily posts there, so it needs write access to the file and its folder',
  SQLITE_CANTOPEN: 'it cannot be opened (a folder in its place, or no permission on it or its folder)',
  SQLITE_BUSY: 'another program holds a lock on it',
  SQLITE_PERM: 'permission denied',
  SQLITE_IOERR: 'the disk reported an I/O error',
  SQLITE_FULL: 'the disk is full',
  EACCES: 'its folder cannot be created: permission denied',
  EPERM: 'its folder cannot be created: operation not permitted',
  ENOTDIR: 'a part of its folder path is a file, not a folder',
  // mkdir's answer when the file stands where the database's folder should be.
  EEXIST: 'a part of its folder path is a file, not a folder',
  EROFS: 'its folder is on a read-only file system',
};

/** Why opening a database failed, from SQLite's or the file system's error code; null when the error is not one of those (a bug). */
export function describeOpenFailure(error: unknown): string | null {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return null;
  // Extended codes (SQLITE_READONLY_DBMOVED, SQLITE_CORRUPT_INDEX, ...) read as their primary code.
  const primary = code.startsWith('SQLITE_') ? code.split('_').slice(0, 2).join('_') : code;
  return OPEN_FAILURES[primary] ?? null;
}

/** Opens (creating it and its folder at first start) the database at `path`; `:memory:` works for tests. */
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  let db: Database.Database | undefined;
  try {
    if (!options.readonly && path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true });
      checkWritable(path);
    }
    db = new Database(path, options.readonly ? { readonly: true, fileMustExist: true } : {});
    prepareConnection(db, options.readonly === true);
  } catch (error) {
    db?.close();
    if (error instanceof StoreOpenError) throw error;
    const reason = describeOpenFailure(error);
    if (reason === null) throw error;
    throw new StoreOpenError(path, reason, { cause: error });
  }
  return storeOver(db, path);
}

/**
 * Refuses a file (or folder) Footnote may not write. SQLite would open such a file read-only without a word, and
 * every later write (a daily post's record) would fail; in WAL mode it also creates `-wal` and `-shm` files beside it.
 */
function checkWritable(path: string): void {
  const folder = dirname(path);
  const denied = (target: string, mode: number) => {
    try {
      accessSync(target, mode);
      return false;
    } catch {
      return true;
    }
  };
  if (existsSync(path) && denied(path, constants.R_OK | constants.W_OK))
    throw new StoreOpenError(path, OPEN_FAILURES.SQLITE_READONLY as string);
  if (denied(folder, constants.W_OK | constants.X_OK))
    throw new StoreOpenError(
      path,
      `its folder ${JSON.stringify(folder)} is read-only: SQLite writes ${basename(path)}-wal and ${basename(path)}-shm beside the database`,
    );
}

/**
 * Checks the file before anything is written to it, then sets the connection up. A damaged file fails the quick
 * check (and a file that is not a database its first read) before WAL mode or a table could be written into it.
 */
function prepareConnection(db: Database.Database, readonly: boolean): void {
  db.pragma('busy_timeout = 5000');
  const check = db.pragma('quick_check', { simple: true });
  if (check !== 'ok') throw Object.assign(new Error(String(check)), { code: 'SQLITE_CORRUPT' });
  if (readonly) return;
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

function storeOver(db: Database.Database, path: string): Store {
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
