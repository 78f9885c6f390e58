/**
 * PostgreSQL as the shared store (DATABASE_URL): a connection pool, versioned migrations per module in
 * `schema_migrations`, and the errors start-up turns into a message naming the setting. Several bot processes
 * (on one machine or several) share one database; the daily tables' guarantees are in pg-daily-store.ts.
 */
import type { Pool, PoolClient } from 'pg';
import { StoreError } from './database.ts';
import { redactDatabaseUrl } from './database-url.ts';

export { redactDatabaseUrl };

/** One schema change of one module, as SQL. Versions start at 1 and increase by 1; a shipped one never changes. */
export interface PgMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** A PostgreSQL database reached through a pool. */
export interface PgStore {
  readonly pool: Pool;
  /** The URL with its password replaced by `[Redacted]`: what logs and messages show. */
  readonly shownUrl: string;
  /** Applies the module's migrations not applied yet, all in one transaction under an advisory lock; returns the versions applied. */
  migrate(module: string, migrations: readonly PgMigration[]): Promise<number[]>;
  /** The highest applied version of a module (0 when none). */
  version(module: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * Thrown when DATABASE_URL cannot be used (nothing answers, authentication refused, no such database): `reason`
 * says why in words for whoever set it. Its message shows the URL without its password.
 */
export class PgOpenError extends StoreError {
  constructor(
    readonly shownUrl: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`store: cannot use the PostgreSQL database ${shownUrl}: ${reason}`, options);
  }
}

/** Advisory-lock key of the migrations: a fixed 64-bit number, the same in every Footnote process. */
const MIGRATION_LOCK = '7381385651737769316';

const FAILURES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'nothing answers at that host and port (is PostgreSQL running?)',
  ENOTFOUND: 'its host name is not known',
  EAI_AGAIN: 'its host name could not be looked up',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'its host cannot be reached',
  ECONNRESET: 'the server closed the connection',
  '28P01': 'the password was refused',
  '28000': 'the server refused this user (pg_hba.conf or role)',
  '3D000': 'the database does not exist (create it first: createdb)',
  '42501': 'the user may not create tables there (permission denied)',
};

/** Why connecting or migrating failed, in words, from the error's code; null when it is none of those (a bug). */
export function describePgFailure(error: unknown): string | null {
  const e = error as { code?: unknown; message?: unknown };
  if (typeof e.code === 'string' && FAILURES[e.code]) return FAILURES[e.code] as string;
  if (typeof e.message === 'string' && /timeout/iu.test(e.message))
    return 'the connection timed out (is PostgreSQL running and reachable?)';
  return null;
}

/** Opens a pool on `url` and checks that the database answers; throws {@link PgOpenError} when it cannot be used. */
export async function openPgStore(url: string, options: { max?: number } = {}): Promise<PgStore> {
  const shownUrl = redactDatabaseUrl(url);
  // Loaded here, not at module load: a bot on SQLite never loads the PostgreSQL client.
  const { default: pg } = await import('pg');
  let pool: Pool;
  try {
    pool = new pg.Pool({ connectionString: url, max: options.max ?? 5, connectionTimeoutMillis: 10_000 });
  } catch (error) {
    throw new PgOpenError(shownUrl, `it is not a valid connection URL (${(error as Error).message})`, {
      cause: error,
    });
  }
  // An idle client's error (the server restarted) must not kill the process: the pool drops that client.
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => {});
    const reason = describePgFailure(error) ?? (error as Error).message;
    throw new PgOpenError(shownUrl, reason, { cause: error });
  }
  return pgStoreOver(pool, shownUrl);
}

/** Runs `work` in one transaction on one client of the pool (rolled back when it throws). */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  module TEXT NOT NULL,
  version INTEGER NOT NULL,
  name TEXT NOT NULL,
  applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (module, version)
)`;

function pgStoreOver(pool: Pool, shownUrl: string): PgStore {
  const versionOn = async (client: Pool | PoolClient, module: string): Promise<number> => {
    const exists = await client.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
    if (!(exists.rows[0] as { present: boolean }).present) return 0;
    const row = await client.query('SELECT MAX(version) AS v FROM schema_migrations WHERE module = $1', [
      module,
    ]);
    return (row.rows[0] as { v: number | null }).v ?? 0;
  };
  return {
    pool,
    shownUrl,
    version: (module) => versionOn(pool, module),
    async migrate(module, migrations) {
      migrations.forEach((migration, i) => {
        if (migration.version !== i + 1)
          throw new StoreError(
            `store: ${module} migration "${migration.name}" has version ${migration.version}, expected ${i + 1}`,
          );
      });
      // The transaction-scoped advisory lock makes processes that start together take turns: the first applies
      // the migrations, the others then read them applied. DDL is transactional in PostgreSQL, so a failed
      // migration leaves nothing behind.
      return inTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK]);
        await client.query(CREATE_MIGRATIONS_TABLE);
        const current = await versionOn(client, module);
        if (current > migrations.length)
          throw new StoreError(
            `store: ${shownUrl} has ${module} schema version ${current}, newer than this code's ${migrations.length}; upgrade Footnote`,
          );
        const applied: number[] = [];
        for (const migration of migrations.slice(current)) {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (module, version, name) VALUES ($1, $2, $3)', [
            module,
            migration.version,
            migration.name,
          ]);
          applied.push(migration.version);
        }
        return applied;
      });
    },
    close: () => pool.end(),
  };
}
