import type Database from 'better-sqlite3';
import type { Migration, Store } from '../store/database.ts';

/** The daily-post settings of one server. */
export interface DailySettings {
  readonly guildId: string;
  readonly channelId: string;
  /** `HH:MM` in `timezone`. */
  readonly time: string;
  readonly timezone: string;
  readonly enabled: boolean;
  /** The first local date it may post on (a schedule set after today's time starts tomorrow). */
  readonly firstDate: string;
  readonly consecutiveFailures: number;
  /** No attempt before this instant (ms since the epoch), after a failure; null when none pending. */
  readonly retryAt: number | null;
  /** Set when posting paused itself after repeated failures: why. `/daily set` clears it. */
  readonly pausedReason: string | null;
  readonly lastFailureAt: number | null;
  readonly lastFailureReason: string | null;
}

/** One day's post of one server: written as an intent before sending, marked sent after. */
export interface DailyPost {
  readonly guildId: string;
  readonly localDate: string;
  readonly factId: string;
  readonly channelId: string;
  /** The Discord message nonce sent with `enforce_nonce` on every attempt of this post. */
  readonly nonce: string;
  /** `pending`: intent written, not known to be delivered; `sent`: delivered; `missed`: its day passed unsent. */
  readonly status: 'pending' | 'sent' | 'missed';
  readonly messageId: string | null;
  readonly createdAt: number;
  readonly sentAt: number | null;
  readonly attempts: number;
  readonly lastAttemptAt: number | null;
  /** An attempt went out and its outcome is unknown (crash, timeout, 5xx): it may have been delivered. */
  readonly uncertain: boolean;
  /** An attempt holds the post until this instant (ms), or null. */
  readonly leaseUntil: number | null;
}

/** The daily feature's tables (module `daily` in `schema_migrations`). */
export const DAILY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'daily settings, posts and rotation',
    up(db) {
      db.exec(`
        CREATE TABLE daily_settings (
          guild_id TEXT PRIMARY KEY,
          channel_id TEXT NOT NULL,
          time TEXT NOT NULL,
          timezone TEXT NOT NULL,
          enabled INTEGER NOT NULL,
          first_date TEXT NOT NULL,
          consecutive_failures INTEGER NOT NULL DEFAULT 0,
          retry_at INTEGER,
          paused_reason TEXT,
          last_failure_at INTEGER,
          last_failure_reason TEXT,
          updated_at INTEGER NOT NULL,
          updated_by TEXT
        );
        CREATE TABLE daily_posts (
          guild_id TEXT NOT NULL,
          local_date TEXT NOT NULL,
          fact_id TEXT NOT NULL,
          channel_id TEXT NOT NULL,
          nonce TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'missed')),
          message_id TEXT,
          created_at INTEGER NOT NULL,
          sent_at INTEGER,
          attempts INTEGER NOT NULL DEFAULT 0,
          last_attempt_at INTEGER,
          uncertain INTEGER NOT NULL DEFAULT 0,
          lease_until INTEGER,
          PRIMARY KEY (guild_id, local_date)
        );
        CREATE TABLE daily_used_facts (
          guild_id TEXT NOT NULL,
          fact_id TEXT NOT NULL,
          local_date TEXT NOT NULL,
          PRIMARY KEY (guild_id, fact_id)
        );
      `);
    },
  },
];

interface SettingsRow {
  guild_id: string;
  channel_id: string;
  time: string;
  timezone: string;
  enabled: number;
  first_date: string;
  consecutive_failures: number;
  retry_at: number | null;
  paused_reason: string | null;
  last_failure_at: number | null;
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
  created_at: number;
  sent_at: number | null;
  attempts: number;
  last_attempt_at: number | null;
  uncertain: number;
  lease_until: number | null;
}

const toSettings = (r: SettingsRow): DailySettings => ({
  guildId: r.guild_id,
  channelId: r.channel_id,
  time: r.time,
  timezone: r.timezone,
  enabled: r.enabled === 1,
  firstDate: r.first_date,
  consecutiveFailures: r.consecutive_failures,
  retryAt: r.retry_at,
  pausedReason: r.paused_reason,
  lastFailureAt: r.last_failure_at,
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
  createdAt: r.created_at,
  sentAt: r.sent_at,
  attempts: r.attempts,
  lastAttemptAt: r.last_attempt_at,
  uncertain: r.uncertain === 1,
  leaseUntil: r.lease_until,
});

/** What the intent transaction needs to pick the day's fact: the used set in, the fact id (or null) out. */
export type FactChooser = (used: ReadonlySet<string>) => { factId: string; newCycle: boolean } | null;

/** Reads and writes the daily tables. Every state change is one SQLite transaction. */
export class DailyStore {
  readonly db: Database.Database;

  /** Wraps a migrated store (see {@link openDailyStore}). */
  constructor(store: Store) {
    this.db = store.db;
  }

  settings(guildId: string): DailySettings | null {
    const row = this.db.prepare('SELECT * FROM daily_settings WHERE guild_id = ?').get(guildId) as
      | SettingsRow
      | undefined;
    return row ? toSettings(row) : null;
  }

  /** Every server with posting on (paused ones included: the poster skips those). */
  enabledSettings(): DailySettings[] {
    return (
      this.db
        .prepare('SELECT * FROM daily_settings WHERE enabled = 1 ORDER BY guild_id')
        .all() as SettingsRow[]
    ).map(toSettings);
  }

  /** Turns posting on (or changes it); clears failures and any pause. */
  enable(input: {
    guildId: string;
    channelId: string;
    time: string;
    timezone: string;
    firstDate: string;
    now: number;
    userId?: string;
  }): DailySettings {
    this.db
      .prepare(
        `INSERT INTO daily_settings (guild_id, channel_id, time, timezone, enabled, first_date, consecutive_failures, retry_at, paused_reason, updated_at, updated_by)
         VALUES (@guildId, @channelId, @time, @timezone, 1, @firstDate, 0, NULL, NULL, @now, @userId)
         ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id, time = excluded.time, timezone = excluded.timezone,
           enabled = 1, first_date = excluded.first_date, consecutive_failures = 0, retry_at = NULL, paused_reason = NULL,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run({ ...input, userId: input.userId ?? null });
    return this.settings(input.guildId) as DailySettings;
  }

  /** Turns posting off; returns false when it was not on. */
  disable(guildId: string, now: number): boolean {
    return (
      this.db
        .prepare('UPDATE daily_settings SET enabled = 0, updated_at = ? WHERE guild_id = ? AND enabled = 1')
        .run(now, guildId).changes > 0
    );
  }

  post(guildId: string, localDate: string): DailyPost | null {
    const row = this.db
      .prepare('SELECT * FROM daily_posts WHERE guild_id = ? AND local_date = ?')
      .get(guildId, localDate) as PostRow | undefined;
    return row ? toPost(row) : null;
  }

  /** The most recent post (any status) of a server, by local date. */
  latestPost(guildId: string, status?: DailyPost['status']): DailyPost | null {
    const row = (
      status
        ? this.db
            .prepare(
              'SELECT * FROM daily_posts WHERE guild_id = ? AND status = ? ORDER BY local_date DESC LIMIT 1',
            )
            .get(guildId, status)
        : this.db
            .prepare('SELECT * FROM daily_posts WHERE guild_id = ? ORDER BY local_date DESC LIMIT 1')
            .get(guildId)
    ) as PostRow | undefined;
    return row ? toPost(row) : null;
  }

  /** Pending posts of local dates before `localDate` (their day passed unsent, or unconfirmed). */
  stalePending(guildId: string, localDate: string): DailyPost[] {
    return (
      this.db
        .prepare("SELECT * FROM daily_posts WHERE guild_id = ? AND status = 'pending' AND local_date < ?")
        .all(guildId, localDate) as PostRow[]
    ).map(toPost);
  }

  /** A server's rotation state for `localDate` (see {@link readDayState}). */
  dayState(guildId: string, localDate: string): DayState {
    return readDayState(this.db, guildId, localDate);
  }

  /** Facts used in the current rotation cycle of a server. */
  usedFacts(guildId: string): Set<string> {
    const rows = this.db.prepare('SELECT fact_id FROM daily_used_facts WHERE guild_id = ?').all(guildId) as {
      fact_id: string;
    }[];
    return new Set(rows.map((r) => r.fact_id));
  }

  /**
   * Writes the day's intent, in one transaction with choosing and consuming its fact, unless the day already has
   * a post: then that post is returned unchanged. Returns null when there is no fact to post.
   */
  createIntent(
    input: { guildId: string; localDate: string; channelId: string; nonce: string; now: number },
    choose: FactChooser,
  ): DailyPost | null {
    return this.db
      .transaction((): DailyPost | null => {
        const existing = this.post(input.guildId, input.localDate);
        if (existing) return existing;
        const choice = choose(this.usedFacts(input.guildId));
        if (!choice) return null;
        if (choice.newCycle)
          this.db.prepare('DELETE FROM daily_used_facts WHERE guild_id = ?').run(input.guildId);
        this.db
          .prepare('INSERT OR REPLACE INTO daily_used_facts (guild_id, fact_id, local_date) VALUES (?, ?, ?)')
          .run(input.guildId, choice.factId, input.localDate);
        this.db
          .prepare(
            `INSERT INTO daily_posts (guild_id, local_date, fact_id, channel_id, nonce, status, created_at, attempts)
             VALUES (?, ?, ?, ?, ?, 'pending', ?, 0)`,
          )
          .run(input.guildId, input.localDate, choice.factId, input.channelId, input.nonce, input.now);
        return this.post(input.guildId, input.localDate);
      })
      .immediate();
  }

  /**
   * Claims the post for one attempt and records, before the request goes out, that its outcome is unknown.
   * Returns false when another attempt holds the claim (another tick or process; a crashed one's claim expires
   * after `leaseMs`), or when another attempt began since the caller read the post with `seenAttempts`: its
   * decision to send (a history check, the nonce window) was made on a row that is no longer current. One UPDATE
   * statement, so the claim is atomic across processes.
   */
  beginAttempt(
    guildId: string,
    localDate: string,
    now: number,
    leaseMs: number,
    seenAttempts: number,
  ): boolean {
    return (
      this.db
        .prepare(
          `UPDATE daily_posts SET attempts = attempts + 1, last_attempt_at = @now, uncertain = 1, lease_until = @until
           WHERE guild_id = @guildId AND local_date = @localDate AND status = 'pending' AND attempts = @seenAttempts
             AND (lease_until IS NULL OR lease_until <= @now)`,
        )
        .run({ guildId, localDate, now, until: now + leaseMs, seenAttempts }).changes === 1
    );
  }

  /** The attempt ended (with an error): releases the claim; `rejected` when Discord refused it (nothing created). */
  endAttempt(guildId: string, localDate: string, rejected: boolean): void {
    this.db
      .prepare(
        `UPDATE daily_posts SET lease_until = NULL${rejected ? ', uncertain = 0' : ''} WHERE guild_id = ? AND local_date = ?`,
      )
      .run(guildId, localDate);
  }

  /** Marks a post delivered and clears the server's failure count, in one transaction. */
  markSent(guildId: string, localDate: string, messageId: string, now: number): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          "UPDATE daily_posts SET status = 'sent', message_id = ?, sent_at = ?, uncertain = 0, lease_until = NULL WHERE guild_id = ? AND local_date = ?",
        )
        .run(messageId, now, guildId, localDate);
      this.db
        .prepare('UPDATE daily_settings SET consecutive_failures = 0, retry_at = NULL WHERE guild_id = ?')
        .run(guildId);
    })();
  }

  /**
   * Gives up on a pending post whose day has passed. Its fact goes back into the rotation unless an attempt
   * may have delivered it.
   */
  markMissed(post: DailyPost): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          "UPDATE daily_posts SET status = 'missed' WHERE guild_id = ? AND local_date = ? AND status = 'pending'",
        )
        .run(post.guildId, post.localDate);
      if (!post.uncertain) {
        this.db
          .prepare('DELETE FROM daily_used_facts WHERE guild_id = ? AND fact_id = ? AND local_date = ?')
          .run(post.guildId, post.factId, post.localDate);
      }
    })();
  }

  /** Records a failed attempt: the next retry time, and a pause (with its reason) after `pauseAfter` in a row. */
  recordFailure(
    guildId: string,
    input: { reason: string; now: number; retryAt: number; pauseAfter: number },
  ): DailySettings | null {
    this.db
      .prepare(
        `UPDATE daily_settings SET consecutive_failures = consecutive_failures + 1, last_failure_at = @now,
           last_failure_reason = @reason, retry_at = @retryAt,
           paused_reason = CASE WHEN consecutive_failures + 1 >= @pauseAfter
             THEN 'paused after ' || (consecutive_failures + 1) || ' failed attempts in a row; last: ' || @reason ELSE paused_reason END
         WHERE guild_id = @guildId`,
      )
      .run({ guildId, ...input });
    return this.settings(guildId);
  }
}

/** Migrates the daily tables in `store` and returns their accessor. */
export function openDailyStore(store: Store): DailyStore {
  store.migrate('daily', DAILY_MIGRATIONS);
  return new DailyStore(store);
}

/** What decides a server's fact of a day: its rotation so far, and the fact already chosen for that day, if any. */
export interface DayState {
  readonly used: ReadonlySet<string>;
  readonly chosenFactId: string | null;
}

/**
 * Reads a server's {@link DayState} for `localDate` from a database without changing anything (nothing used,
 * nothing chosen when the tables are absent): what `cli fact` shows, as `/today` does.
 */
export function readDayState(db: Database.Database, guildId: string, localDate: string): DayState {
  const tables = new Set(
    (
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('daily_used_facts', 'daily_posts')",
        )
        .all() as { name: string }[]
    ).map((row) => row.name),
  );
  const used = tables.has('daily_used_facts')
    ? new Set(
        (
          db.prepare('SELECT fact_id FROM daily_used_facts WHERE guild_id = ?').all(guildId) as {
            fact_id: string;
          }[]
        ).map((row) => row.fact_id),
      )
    : new Set<string>();
  const chosen = tables.has('daily_posts')
    ? (db
        .prepare('SELECT fact_id FROM daily_posts WHERE guild_id = ? AND local_date = ?')
        .get(guildId, localDate) as { fact_id: string } | undefined)
    : undefined;
  return { used, chosenFactId: chosen?.fact_id ?? null };
}
