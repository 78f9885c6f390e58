/**
 * Runs a test suite against both stores: SQLite (a file in a temporary folder) and PostgreSQL (a throwaway server,
 * support/postgres.ts). Without PostgreSQL binaries the PostgreSQL variant is skipped with a message, unless
 * FOOTNOTE_TEST_POSTGRES=required (set by .ci/run): then it fails.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type OpenBotStore, openBotStore, openPgBotStore } from '../../src/store/bot-store.ts';
import { findPostgres, type PostgresServer, startPostgres } from './postgres.ts';

/** One empty database of a store under test. */
export interface TestDatabase {
  /** What a child process needs to open it (FOOTNOTE_DB_PATH, DATABASE_URL: one of them empty). */
  readonly env: Record<string, string>;
  /** Opens (and migrates) it here. */
  open(): Promise<OpenBotStore>;
  /** Runs one query directly on it (the same SQL reads the same in both stores). */
  rows<T>(sql: string): Promise<T[]>;
}

/** A store the suite runs against. */
export interface StoreUnderTest {
  readonly name: 'SQLite' | 'PostgreSQL';
  /** A new, empty database. */
  fresh(): Promise<TestDatabase>;
}

const sqlite: StoreUnderTest = {
  name: 'SQLite',
  async fresh() {
    const path = join(mkdtempSync(join(tmpdir(), 'footnote-store-')), 'footnote.db');
    return {
      env: { FOOTNOTE_DB_PATH: path, DATABASE_URL: '' },
      open: async () => openBotStore(path),
      async rows<T>(sql: string) {
        const db = new Database(path, { readonly: true });
        try {
          return db.prepare(sql).all() as T[];
        } finally {
          db.close();
        }
      },
    };
  },
};

function postgresStore(server: () => PostgresServer): StoreUnderTest {
  return {
    name: 'PostgreSQL',
    async fresh() {
      const url = await server().newDatabase();
      return {
        env: { DATABASE_URL: url, FOOTNOTE_DB_PATH: '' },
        open: () => openPgBotStore(url),
        async rows<T>(sql: string) {
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          try {
            return (await client.query(sql)).rows as T[];
          } finally {
            await client.end();
          }
        },
      };
    },
  };
}

let skipSaid = false;

/** `describe(title)` once per store, the body given the store; PostgreSQL's server lives as long as its block. */
export function describeEachStore(title: string, body: (store: StoreUnderTest) => void): void {
  describe(`${title} [SQLite]`, () => body(sqlite));
  describePostgres(title, body);
}

/** `describe(title)` on PostgreSQL only (skipped with a message, or failing when required, without it). */
export function describePostgres(title: string, body: (store: StoreUnderTest) => void): void {
  const found = findPostgres();
  const pgTitle = `${title} [PostgreSQL]`;
  if ('missing' in found) {
    if (process.env.FOOTNOTE_TEST_POSTGRES === 'required') {
      describe(pgTitle, () => {
        it('needs a PostgreSQL server (FOOTNOTE_TEST_POSTGRES=required)', () => {
          throw new Error(`PostgreSQL is required for these tests: ${found.missing}`);
        });
      });
      return;
    }
    if (!skipSaid) {
      skipSaid = true;
      console.warn(`PostgreSQL variants SKIPPED: ${found.missing}. .ci/run installs it and requires them.`);
    }
    describe.skip(`${pgTitle} (skipped: no PostgreSQL server binaries)`, () =>
      body(postgresStore(unreachable)));
    return;
  }
  describe(pgTitle, () => {
    let server: PostgresServer | undefined;
    beforeAll(async () => {
      server = await startPostgres(found.bin);
    }, 120_000);
    afterAll(async () => {
      await server?.stop();
    });
    body(
      postgresStore(() => {
        if (!server) throw new Error('the PostgreSQL test server did not start');
        return server;
      }),
    );
  });
}

function unreachable(): never {
  throw new Error('PostgreSQL variant is skipped');
}
