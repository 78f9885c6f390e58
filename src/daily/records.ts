/**
 * The daily feature's records as the poster and the commands see them: one asynchronous interface, kept in
 * SQLite ({@link sqliteDailyRecords} over the synchronous `DailyStore`, daily-store.ts) or PostgreSQL (`PgDailyStore`,
 * pg-daily-store.ts). Both give the same guarantees: the intent row is written before sending, one row per
 * (server, local date), attempts claimed with a lease and a compare-and-set on the attempt count.
 */
import type { DailyPost, DailySettings, DailyStore, DayState, FactChooser } from './daily-store.ts';

/** What `enable` records for a server. */
export interface EnableInput {
  readonly guildId: string;
  readonly channelId: string;
  readonly time: string;
  readonly timezone: string;
  readonly firstDate: string;
  readonly now: number;
  readonly userId?: string;
}

/** What `createIntent` records for a day (the fact comes from the chooser, inside the same transaction). */
export interface IntentInput {
  readonly guildId: string;
  readonly localDate: string;
  readonly channelId: string;
  readonly nonce: string;
  readonly now: number;
}

/** What `recordFailure` records. */
export interface FailureInput {
  readonly reason: string;
  readonly now: number;
  readonly retryAt: number;
  readonly pauseAfter: number;
}

/** Daily-post settings, posts and rotation (see `DailyStore` in daily-store.ts for each method's semantics). */
export interface DailyRecords {
  settings(guildId: string): Promise<DailySettings | null>;
  /** Every server with posting on (paused ones included: the poster skips those). */
  enabledSettings(): Promise<DailySettings[]>;
  /** Turns posting on (or changes it); clears failures and any pause. */
  enable(input: EnableInput): Promise<DailySettings>;
  /** Turns posting off; false when it was not on. */
  disable(guildId: string, now: number): Promise<boolean>;
  post(guildId: string, localDate: string): Promise<DailyPost | null>;
  /** The most recent post (of a status, when given) of a server, by local date. */
  latestPost(guildId: string, status?: DailyPost['status']): Promise<DailyPost | null>;
  /** Pending posts of local dates before `localDate`. */
  stalePending(guildId: string, localDate: string): Promise<DailyPost[]>;
  /** A server's rotation state for `localDate`. */
  dayState(guildId: string, localDate: string): Promise<DayState>;
  /** Writes the day's intent with its fact in one transaction, unless the day has a post (returned as is); null: no fact. */
  createIntent(input: IntentInput, choose: FactChooser): Promise<DailyPost | null>;
  /** Claims the post for one attempt (compare-and-set on `seenAttempts`, lease of `leaseMs`); false when refused. */
  beginAttempt(
    guildId: string,
    localDate: string,
    now: number,
    leaseMs: number,
    seenAttempts: number,
  ): Promise<boolean>;
  /** Releases the attempt's claim; `rejected`: Discord refused it, nothing was created. */
  endAttempt(guildId: string, localDate: string, rejected: boolean): Promise<void>;
  /** Marks a post delivered and clears the server's failure count, in one transaction. */
  markSent(guildId: string, localDate: string, messageId: string, now: number): Promise<void>;
  /** Gives up on a pending post whose day has passed (its fact back in the rotation unless it may have been delivered). */
  markMissed(post: DailyPost): Promise<void>;
  /** Records a failed attempt: the next retry time, and a pause after `pauseAfter` in a row. */
  recordFailure(guildId: string, input: FailureInput): Promise<DailySettings | null>;
}

/**
 * The SQLite store behind the asynchronous interface. Each call runs the synchronous statement at once (one
 * transaction, as before) and hands back a settled promise: the wrapper adds no I/O and no waiting.
 */
export function sqliteDailyRecords(store: DailyStore): DailyRecords {
  return {
    settings: async (guildId) => store.settings(guildId),
    enabledSettings: async () => store.enabledSettings(),
    enable: async (input) => store.enable(input),
    disable: async (guildId, now) => store.disable(guildId, now),
    post: async (guildId, localDate) => store.post(guildId, localDate),
    latestPost: async (guildId, status) => store.latestPost(guildId, status),
    stalePending: async (guildId, localDate) => store.stalePending(guildId, localDate),
    dayState: async (guildId, localDate) => store.dayState(guildId, localDate),
    createIntent: async (input, choose) => store.createIntent(input, choose),
    beginAttempt: async (guildId, localDate, now, leaseMs, seenAttempts) =>
      store.beginAttempt(guildId, localDate, now, leaseMs, seenAttempts),
    endAttempt: async (guildId, localDate, rejected) => store.endAttempt(guildId, localDate, rejected),
    markSent: async (guildId, localDate, messageId, now) =>
      store.markSent(guildId, localDate, messageId, now),
    markMissed: async (post) => store.markMissed(post),
    recordFailure: async (guildId, input) => store.recordFailure(guildId, input),
  };
}
