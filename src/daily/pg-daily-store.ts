/**
 * The daily tables in PostgreSQL: the same records and guarantees as the SQLite `DailyStore` (daily-store.ts), statement
 * by statement. SQLite serialises every write transaction (BEGIN IMMEDIATE); here:
 * - the intent (and giving up a day) runs in one transaction holding a per-server advisory lock, so two
 *   processes never choose a fact for one server at once; the primary key (guild_id, local_date) still makes a
 *   second row for a day impossible;
 * - claiming an attempt is one UPDATE whose WHERE compares the attempt count and the lease: under READ COMMITTED
 *   a concurrent UPDATE of the row waits for the other to commit and then re-checks the WHERE on the new row, so
 *   exactly one claim wins (compare-and-set);
 * - times are BIGINT milliseconds (as in SQLite), dates TEXT `YYYY-MM-DD` compared with the "C" collation.
 */
import type { Pool, PoolClient } from 'pg';
import { inTransaction, type PgMigration, type PgStore } from '../store/postgres.ts';
import type { DailyPost, DailySettings, DayState, FactChooser } from './daily-store.ts';
import type { DailyRecords, EnableInput, FailureInput, IntentInput } from './records.ts';

/** The daily feature's tables (module `daily` in `schema_migrations`), as in SQLite. */
export const DAILY_PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'daily settings, posts and rotation',
    sql: `
      CREATE TABLE daily_settings (
        guild_id TEXT PRIMARY KEY,
        channel_id TEXT NOT NULL,
        time TEXT NOT NULL,
        timezone TEXT NOT NULL,
        enabled BOOLEAN NOT NULL,
        first_date TEXT COLLATE "C" NOT NULL,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        retry_at BIGINT,
        paused_reason TEXT,
        last_failure_at BIGINT,
        last_failure_reason TEXT,
        updated_at BIGINT NOT NULL,
        updated_by TEXT
      );
      CREATE TABLE daily_posts (
        guild_id TEXT NOT NULL,
        local_date TEXT COLLATE "C" NOT NULL,
        fact_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        nonce TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'missed')),
        message_id TEXT,
        created_at BIGINT NOT NULL,
        sent_at BIGINT,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_attempt_at BIGINT,
        uncertain BOOLEAN NOT NULL DEFAULT false,
        lease_until BIGINT,
        PRIMARY KEY (guild_id, local_date)
      );
      CREATE TABLE daily_used_facts (
        guild_id TEXT NOT NULL,
        fact_id TEXT NOT NULL,
        local_date TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (guild_id, fact_id)
      );
    `,
  },
];

/** BIGINT comes back as a string (it may exceed 2^53); our milliseconds do not. */
type Big = string | number;
const ms = (value: Big | null): number | null => (value === null ? null : Number(value));

interface SettingsRow {
  guild_id: string;
  channel_id: string;
  time: string;
  timezone: string;
  enabled: boolean;
  first_date: string;
  consecutive_failures: number;
  retry_at: Big | null;
  paused_reason: string | null;
  last_failure_at: Big | null;
  last_failure_reason: string | null;
}

interface PostRow {
  guild_id: string;
  local_date: string;
  fact_id: string;
  channel_id: string;
  nonce: string;
  status: DailyPost['status'];
  message_id: string | null;
  created_at: Big;
  sent_at: Big | null;
  attempts: number;
  last_attempt_at: Big | null;
  uncertain: boolean;
  lease_until: Big | null;
}

const toSettings = (r: SettingsRow): DailySettings => ({
  guildId: r.guild_id,
  channelId: r.channel_id,
  time: r.time,
  timezone: r.timezone,
  enabled: r.enabled,
  firstDate: r.first_date,
  consecutiveFailures: r.consecutive_failures,
  retryAt: ms(r.retry_at),
  pausedReason: r.paused_reason,
  lastFailureAt: ms(r.last_failure_at),
  lastFailureReason: r.last_failure_reason,
});

const toPost = (r: PostRow): DailyPost => ({
  guildId: r.guild_id,
  localDate: r.local_date,
  factId: r.fact_id,
  channelId: r.channel_id,
  nonce: r.nonce,
  status: r.status,
  messageId: r.message_id,
  createdAt: Number(r.created_at),
  sentAt: ms(r.sent_at),
  attempts: r.attempts,
  lastAttemptAt: ms(r.last_attempt_at),
  uncertain: r.uncertain,
  leaseUntil: ms(r.lease_until),
});

/** Takes the per-server lock of the rotation for the rest of the transaction. */
const lockServer = (client: PoolClient, guildId: string) =>
  client.query("SELECT pg_advisory_xact_lock(hashtextextended('footnote.daily:' || $1, 0))", [guildId]);

async function postOn(
  client: Pool | PoolClient,
  guildId: string,
  localDate: string,
): Promise<DailyPost | null> {
  const { rows } = await client.query<PostRow>(
    'SELECT * FROM daily_posts WHERE guild_id = $1 AND local_date = $2',
    [guildId, localDate],
  );
  return rows[0] ? toPost(rows[0]) : null;
}

async function usedOn(client: Pool | PoolClient, guildId: string): Promise<Set<string>> {
  const { rows } = await client.query<{ fact_id: string }>(
    'SELECT fact_id FROM daily_used_facts WHERE guild_id = $1',
    [guildId],
  );
  return new Set(rows.map((r) => r.fact_id));
}

/** The daily records in PostgreSQL; every state change is one statement or one transaction. */
export class PgDailyStore implements DailyRecords {
  readonly pool: Pool;

  /** Wraps a migrated store (see {@link openPgDailyStore}). */
  constructor(store: PgStore) {
    this.pool = store.pool;
  }

  async settings(guildId: string): Promise<DailySettings | null> {
    const { rows } = await this.pool.query<SettingsRow>('SELECT * FROM daily_settings WHERE guild_id = $1', [
      guildId,
    ]);
    return rows[0] ? toSettings(rows[0]) : null;
  }

  async enabledSettings(): Promise<DailySettings[]> {
    const { rows } = await this.pool.query<SettingsRow>(
      'SELECT * FROM daily_settings WHERE enabled ORDER BY guild_id COLLATE "C"',
    );
    return rows.map(toSettings);
  }

  async enable(input: EnableInput): Promise<DailySettings> {
    const { rows } = await this.pool.query<SettingsRow>(
      `INSERT INTO daily_settings (guild_id, channel_id, time, timezone, enabled, first_date, consecutive_failures, retry_at, paused_reason, updated_at, updated_by)
       VALUES ($1, $2, $3, $4, true, $5, 0, NULL, NULL, $6, $7)
       ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id, time = excluded.time, timezone = excluded.timezone,
         enabled = true, first_date = excluded.first_date, consecutive_failures = 0, retry_at = NULL, paused_reason = NULL,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by
       RETURNING *`,
      [
        input.guildId,
        input.channelId,
        input.time,
        input.timezone,
        input.firstDate,
        input.now,
        input.userId ?? null,
      ],
    );
    return toSettings(rows[0] as SettingsRow);
  }

  async disable(guildId: string, now: number): Promise<boolean> {
    const result = await this.pool.query(
      'UPDATE daily_settings SET enabled = false, updated_at = $1 WHERE guild_id = $2 AND enabled',
      [now, guildId],
    );
    return (result.rowCount ?? 0) > 0;
  }

  post(guildId: string, localDate: string): Promise<DailyPost | null> {
    return postOn(this.pool, guildId, localDate);
  }

  async latestPost(guildId: string, status?: DailyPost['status']): Promise<DailyPost | null> {
    const { rows } = status
      ? await this.pool.query<PostRow>(
          'SELECT * FROM daily_posts WHERE guild_id = $1 AND status = $2 ORDER BY local_date DESC LIMIT 1',
          [guildId, status],
        )
      : await this.pool.query<PostRow>(
          'SELECT * FROM daily_posts WHERE guild_id = $1 ORDER BY local_date DESC LIMIT 1',
          [guildId],
        );
    return rows[0] ? toPost(rows[0]) : null;
  }

  async stalePending(guildId: string, localDate: string): Promise<DailyPost[]> {
    const { rows } = await this.pool.query<PostRow>(
      "SELECT * FROM daily_posts WHERE guild_id = $1 AND status = 'pending' AND local_date < $2",
      [guildId, localDate],
    );
    return rows.map(toPost);
  }

  async dayState(guildId: string, localDate: string): Promise<DayState> {
    const [used, chosen] = await Promise.all([
      usedOn(this.pool, guildId),
      postOn(this.pool, guildId, localDate),
    ]);
    return { used, chosenFactId: chosen?.factId ?? null };
  }

  createIntent(input: IntentInput, choose: FactChooser): Promise<DailyPost | null> {
    return inTransaction(this.pool, async (client) => {
      await lockServer(client, input.guildId);
      const existing = await postOn(client, input.guildId, input.localDate);
      if (existing) return existing;
      const choice = choose(await usedOn(client, input.guildId));
      if (!choice) return null;
      if (choice.newCycle)
        await client.query('DELETE FROM daily_used_facts WHERE guild_id = $1', [input.guildId]);
      await client.query(
        `INSERT INTO daily_used_facts (guild_id, fact_id, local_date) VALUES ($1, $2, $3)
         ON CONFLICT (guild_id, fact_id) DO UPDATE SET local_date = excluded.local_date`,
        [input.guildId, choice.factId, input.localDate],
      );
      const { rows } = await client.query<PostRow>(
        `INSERT INTO daily_posts (guild_id, local_date, fact_id, channel_id, nonce, status, created_at, attempts)
         VALUES ($1, $2, $3, $4, $5, 'pending', $6, 0) RETURNING *`,
        [input.guildId, input.localDate, choice.factId, input.channelId, input.nonce, input.now],
      );
      return toPost(rows[0] as PostRow);
    });
  }

  async beginAttempt(
    guildId: string,
    localDate: string,
    now: number,
    leaseMs: number,
    seenAttempts: number,
  ): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE daily_posts SET attempts = attempts + 1, last_attempt_at = $3, uncertain = true, lease_until = $4
       WHERE guild_id = $1 AND local_date = $2 AND status = 'pending' AND attempts = $5
         AND (lease_until IS NULL OR lease_until <= $3)`,
      [guildId, localDate, now, now + leaseMs, seenAttempts],
    );
    return result.rowCount === 1;
  }

  async endAttempt(guildId: string, localDate: string, rejected: boolean): Promise<void> {
    await this.pool.query(
      `UPDATE daily_posts SET lease_until = NULL${rejected ? ', uncertain = false' : ''} WHERE guild_id = $1 AND local_date = $2`,
      [guildId, localDate],
    );
  }

  markSent(guildId: string, localDate: string, messageId: string, now: number): Promise<void> {
    return inTransaction(this.pool, async (client) => {
      await client.query(
        "UPDATE daily_posts SET status = 'sent', message_id = $1, sent_at = $2, uncertain = false, lease_until = NULL WHERE guild_id = $3 AND local_date = $4",
        [messageId, now, guildId, localDate],
      );
      await client.query(
        'UPDATE daily_settings SET consecutive_failures = 0, retry_at = NULL WHERE guild_id = $1',
        [guildId],
      );
    });
  }

  markMissed(post: DailyPost): Promise<void> {
    return inTransaction(this.pool, async (client) => {
      await lockServer(client, post.guildId);
      await client.query(
        "UPDATE daily_posts SET status = 'missed' WHERE guild_id = $1 AND local_date = $2 AND status = 'pending'",
        [post.guildId, post.localDate],
      );
      if (!post.uncertain)
        await client.query(
          'DELETE FROM daily_used_facts WHERE guild_id = $1 AND fact_id = $2 AND local_date = $3',
          [post.guildId, post.factId, post.localDate],
        );
    });
  }

  async recordFailure(guildId: string, input: FailureInput): Promise<DailySettings | null> {
    const { rows } = await this.pool.query<SettingsRow>(
      `UPDATE daily_settings SET consecutive_failures = consecutive_failures + 1, last_failure_at = $2,
         last_failure_reason = $3::text, retry_at = $4,
         paused_reason = CASE WHEN consecutive_failures + 1 >= $5
           THEN 'paused after ' || (consecutive_failures + 1) || ' failed attempts in a row; last: ' || $3::text ELSE paused_reason END
       WHERE guild_id = $1 RETURNING *`,
      [guildId, input.now, input.reason, input.retryAt, input.pauseAfter],
    );
    return rows[0] ? toSettings(rows[0]) : null;
  }
}

/** Migrates the daily tables in `store` and returns their accessor. */
export async function openPgDailyStore(store: PgStore): Promise<PgDailyStore> {
  await store.migrate('daily', DAILY_PG_MIGRATIONS);
  return new PgDailyStore(store);
}
