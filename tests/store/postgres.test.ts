/** PostgreSQL's own parts: migrations under an advisory lock, a newer schema refused, the URL's password hidden. */
import { describe, expect, it } from 'vitest';
import { DAILY_PG_MIGRATIONS } from '../../src/daily/pg-daily-store.ts';
import { openPgStore, PgOpenError, redactDatabaseUrl } from '../../src/store/postgres.ts';
import { describePostgres } from '../support/stores.ts';

describe('redactDatabaseUrl', () => {
  it('hides the password, in the user part or as a parameter, and keeps the rest', () => {
    expect(redactDatabaseUrl('postgres://footnote:s3cret@db:5432/footnote')).toBe(
      'postgres://footnote:[Redacted]@db:5432/footnote',
    );
    expect(redactDatabaseUrl('postgres://db/footnote?user=f&password=s3cret')).toBe(
      'postgres://db/footnote?user=f&password=[Redacted]',
    );
    expect(redactDatabaseUrl('postgres://footnote@db/footnote')).toBe('postgres://footnote@db/footnote');
    expect(redactDatabaseUrl('postgres://u:p@[bad')).toBe('[unparsable URL]');
  });
});

describePostgres('PostgreSQL migrations', (kind) => {
  it('six processes starting together apply each migration once, under the advisory lock', async () => {
    const db = await kind.fresh();
    const url = db.env.DATABASE_URL as string;
    const stores = await Promise.all(Array.from({ length: 6 }, () => openPgStore(url)));
    try {
      const applied = await Promise.all(stores.map((s) => s.migrate('daily', DAILY_PG_MIGRATIONS)));
      expect(applied.flat()).toEqual([1]);
      expect(await db.rows("SELECT version, name FROM schema_migrations WHERE module = 'daily'")).toEqual([
        { version: 1, name: 'daily settings, posts and rotation' },
      ]);
      expect(await stores[0]?.version('daily')).toBe(1);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('a schema newer than the code is refused, and nothing changes', async () => {
    const db = await kind.fresh();
    const store = await openPgStore(db.env.DATABASE_URL as string);
    try {
      await store.migrate('daily', DAILY_PG_MIGRATIONS);
      await store.pool.query(
        "INSERT INTO schema_migrations (module, version, name) VALUES ('daily', 2, 'later')",
      );
      await expect(store.migrate('daily', DAILY_PG_MIGRATIONS)).rejects.toThrow(
        /daily schema version 2, newer than this code's 1; upgrade Footnote/u,
      );
      await expect(store.migrate('other', [{ version: 2, name: 'gap', sql: 'SELECT 1' }])).rejects.toThrow(
        /has version 2, expected 1/u,
      );
    } finally {
      await store.close();
    }
  });

  it('a database that does not exist is refused with why, without the password', async () => {
    const db = await kind.fresh();
    const url = new URL(db.env.DATABASE_URL as string);
    url.pathname = '/no_such_database';
    url.password = 's3cret';
    const opening = openPgStore(url.toString());
    await expect(opening).rejects.toBeInstanceOf(PgOpenError);
    await expect(opening).rejects.toThrow(/\[Redacted\].*the database does not exist/u);
    await expect(opening).rejects.not.toThrow(/s3cret/u);
  });
});
