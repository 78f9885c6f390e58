/**
 * The daily poster: once a day per server, at the server's local time, posts one fact — exactly once. Each
 * server's turn reads its recorded state, asks the pure {@link decideDaily} (decide.ts) what to do, and acts:
 * the store's writes here, the Discord calls through a {@link DailyOutlet} (src/discord/daily-poster.ts).
 *
 * Exactly-once design (why it never double-posts, and where it could lose a day):
 * 1. Before anything is sent, one transaction (SQLite, or PostgreSQL: pg-daily-store.ts) writes the day's *intent*
 *    row, keyed by (guild, local date) and holding the chosen fact, the channel and a nonce derived from (guild, date), and consumes the fact from
 *    the rotation. The primary key makes a second intent for the same day impossible (two ticks, two processes,
 *    a clock that jumps back into an already-posted day), and a post is never made for a date earlier than the
 *    latest one recorded (a clock jump backwards across midnight).
 * 2. `beginAttempt` is committed (SQLite's synchronous = FULL; PostgreSQL's commit) before the request: the row
 *    then says "an attempt is out, outcome unknown". The message is sent with `nonce` + `enforce_nonce: true`: Discord returns the existing
 *    message instead of creating a new one when the same nonce was used by us in that channel within a few minutes.
 * 3. On success the row is marked sent with the message id. A crash between 2 and 3 leaves an uncertain row:
 *    - retried within {@link BLIND_RESEND_MS} of the intent (so of every attempt, whichever one delivered; 30 s
 *      short of the assumed {@link NONCE_WINDOW_MS}, a margin for a slow process and the request's way, and the
 *      clock read again just before the send) → the retry reuses the nonce and Discord deduplicates it;
 *    - retried later → the outlet's `findDelivered` (src/discord/daily-delivered.ts) first asks the gateway
 *      cache whether the bot can view the channel and read its history (without Read Message History Discord lists *no* messages, 200 `[]`), then
 *      pages the history forward from just before the intent, 100 at a time, for a message *by the bot* with the
 *      post's nonce or footer marker (`Footnote daily · <date>`). Found → recorded as sent with that message's id
 *      and time. Proven absent (every page read, the permission held) → sent again: it never arrived.
 *      Permission missing or unknown, a listing error, or more than 5,000 messages since → a failure with the
 *      reason, retried with backoff (posting pauses after the usual N failures; `/daily status` says why).
 *      It is never resent blind.
 *    A definite refusal (a 4xx such as Missing Permissions) clears "uncertain" (nothing was created), unless an
 *    earlier attempt was itself uncertain and not yet proven absent.
 * Residual risk: a post can be lost (never duplicated) when the process dies after sending, stays down beyond
 * the nonce window, and the bot cannot read the channel's history (or it fills with 5,000 messages) until that
 * local day ends. A duplicate remains possible only if the gateway cache says the bot can read the history while
 * Discord disagrees (a permission changed in the instant between), if our clock runs more than
 * `HISTORY_SLACK_MS` (5 minutes) ahead of Discord's, or if Discord's nonce window is shorter than our 2 minutes
 * (its documentation says only "a few minutes").
 * Catch-up: a post time that passed while the bot was down is posted once, late, the same local day; a day
 * that ended unposted is marked missed, never posted the next day.
 */
import type { Library } from '../library.ts';
import type { Logger } from '../log.ts';
import type { Fact } from '../timeline/types.ts';
import type { DailyPost, DailySettings } from './daily-store.ts';
import {
  BLIND_RESEND_MS,
  type DailyAction,
  type DailyState,
  decideDaily,
  recordOfFailure,
} from './decide.ts';
import { factOfServerDay } from './fact-of-day.ts';
import type { DailyRecords } from './records.ts';
import { localDateAt } from './schedule.ts';

export { BLIND_RESEND_MS, NONCE_WINDOW_MS } from './decide.ts';

/**
 * How long one attempt holds its claim on a post: longer than a request with discord.js's retries takes, so
 * two ticks (or processes) never send at once; a crashed attempt's claim expires after it.
 */
export const ATTEMPT_LEASE_MS = 90_000;

/** Tuning of the poster (see `.env.example`). */
export interface PosterSettings {
  /** How often due posts are looked for. */
  readonly tickMs: number;
  /** Consecutive failures after which a server's posting pauses until `/daily set` is run again. */
  readonly pauseAfterFailures: number;
  /** First retry delay after a failure; doubled each time up to `retryMaxMs`. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
}

export const DEFAULT_POSTER_SETTINGS: PosterSettings = {
  tickMs: 30_000,
  pauseAfterFailures: 5,
  retryBaseMs: 60_000,
  retryMaxMs: 60 * 60_000,
};

/** What the poster can tell about an uncertain post from its channel: delivered (as which message), absent, or unknown (why). */
export type Delivery =
  | { readonly kind: 'delivered'; readonly messageId: string; readonly sentAt: number }
  | { readonly kind: 'absent' }
  | { readonly kind: 'unknown'; readonly reason: string };

/** Where posts go (the port; Discord's side is src/discord/daily-poster.ts). */
export interface DailyOutlet {
  /** The nonce of a server's post for a local date: the same on every attempt, so the platform can deduplicate. */
  nonce(guildId: string, localDate: string): string;
  /** Sends the post of `fact`; resolves with the message id, rejects with the platform's error. */
  send(post: DailyPost, fact: Fact): Promise<string>;
  /** An error `send` rejected with, as a sentence for `/daily status`, and whether nothing was created. */
  describeFailure(error: unknown, post: DailyPost): { reason: string; definite: boolean };
  /** Was an uncertain post delivered? Never rejects: an error is an `unknown` delivery. */
  findDelivered(post: DailyPost): Promise<Delivery>;
  /** Whether the bot is in a server (undefined: unknown); a server it is not in is skipped. */
  isMember?(guildId: string): boolean | undefined;
}

export interface DailyTickOptions {
  readonly outlet: DailyOutlet;
  readonly daily: DailyRecords;
  readonly library: Library | (() => Library);
  readonly logger: Logger;
  readonly now: () => Date;
  readonly settings?: Partial<PosterSettings>;
  /**
   * Whether this process serves a server (default: every server). With shards, each process posts only for the
   * servers of its own shards; exactly-once across processes still rests on the store's intents and leases.
   */
  readonly owns?: (guildId: string) => boolean;
  /** Test-only: runs right after a message was accepted, before it is recorded (to simulate a crash there). */
  readonly afterSend?: (post: DailyPost, messageId: string) => void;
  /** Told each server's outcome of every tick (the bot counts sent and failed posts in its metrics). */
  readonly onOutcome?: (outcome: GuildOutcome, guildId: string) => void;
}

/** What one server's turn of a tick did. */
export type GuildOutcome =
  | 'paused'
  | 'not-started'
  | 'not-due'
  | 'done'
  | 'clock-behind'
  | 'backing-off'
  | 'no-facts'
  | 'in-flight'
  | 'sent'
  | 'recovered'
  | 'failed'
  | 'not-member';

interface Tick {
  readonly options: DailyTickOptions;
  readonly settings: PosterSettings;
  readonly timeline: Library['timeline'];
  readonly now: Date;
}

function libraryOf(options: DailyTickOptions): Library {
  return typeof options.library === 'function' ? options.library() : options.library;
}

/** A server's recorded state at the tick's instant: what {@link decideDaily} decides from. */
async function readState(tick: Tick, guild: DailySettings): Promise<DailyState> {
  const { daily, outlet } = tick.options;
  const localDate = localDateAt(tick.now, guild.timezone);
  const { facts } = tick.timeline;
  return {
    now: tick.now,
    localDate,
    settings: guild,
    isMember: outlet.isMember?.(guild.guildId),
    latest: await daily.latestPost(guild.guildId),
    today: await daily.post(guild.guildId, localDate),
    stale: await daily.stalePending(guild.guildId, localDate),
    facts: { count: facts.length, has: (id) => facts.some((f) => f.id === id) },
  };
}

/** Records a failed turn: the reason for `/daily status`, the next retry (backoff), and a pause after N. */
async function fail(
  tick: Tick,
  guild: DailySettings,
  log: Logger,
  reason: string,
  error?: unknown,
): Promise<GuildOutcome> {
  const record = recordOfFailure(guild, tick.settings, tick.now.getTime(), reason);
  const after = await tick.options.daily.recordFailure(guild.guildId, {
    reason,
    now: tick.now.getTime(),
    retryAt: record.retryAt,
    pauseAfter: tick.settings.pauseAfterFailures,
  });
  log.warn(
    {
      err: error,
      reason,
      failures: record.failures,
      retryAt: new Date(record.retryAt).toISOString(),
      paused: Boolean(after?.pausedReason),
    },
    'daily post failed',
  );
  return 'failed';
}

/**
 * Claims the post for one attempt and sends it; records the outcome. `lookedUp`: the channel was just read and the
 * post is not there (else an uncertain post is sent again only inside the blind-resend time).
 */
async function attempt(
  tick: Tick,
  guild: DailySettings,
  post: DailyPost,
  earlierUncertain: boolean,
  log: Logger,
  lookedUp = false,
): Promise<GuildOutcome> {
  const { daily, outlet } = tick.options;
  const nowMs = tick.now.getTime();
  const fact = tick.timeline.facts.find((f) => f.id === post.factId);
  if (!fact) return fail(tick, guild, log, `the fact ${post.factId} is no longer in the library`);
  // Only an error answered to the send itself can prove that nothing was created.
  let sending = false;
  try {
    // Claimed only if no attempt began since `post` was read: a check made on an older row decides nothing.
    if (!(await daily.beginAttempt(guild.guildId, post.localDate, nowMs, ATTEMPT_LEASE_MS, post.attempts)))
      return 'in-flight';
    // A resend of an uncertain post relies on Discord's nonce window, and this process may have been slow since
    // it decided (a tick reads the clock once): check again just before sending. Past the blind-resend time, the
    // next tick looks the post up in its channel instead (the row stays uncertain).
    if (post.uncertain && !lookedUp && tick.options.now().getTime() - post.createdAt > BLIND_RESEND_MS) {
      await daily.endAttempt(guild.guildId, post.localDate, false);
      log.info(
        { attempts: post.attempts + 1 },
        'daily post resend left to a lookup: the nonce window is closing',
      );
      return 'in-flight';
    }
    sending = true;
    const messageId = await outlet.send(post, fact);
    tick.options.afterSend?.(post, messageId);
    await daily.markSent(guild.guildId, post.localDate, messageId, nowMs);
    log.info({ messageId, channelId: post.channelId, late: post.attempts > 0 }, 'daily post sent');
    return 'sent';
  } catch (error) {
    const { reason, definite } = outlet.describeFailure(error, post);
    if (sending) await daily.endAttempt(guild.guildId, post.localDate, definite && !earlierUncertain);
    return fail(tick, guild, log, reason, error);
  }
}

/** An uncertain post past the nonce window: recorded if found in its channel, sent again if proven absent. */
async function recover(
  tick: Tick,
  guild: DailySettings,
  post: DailyPost,
  log: Logger,
): Promise<GuildOutcome> {
  const delivery = await tick.options.outlet.findDelivered(post);
  if (delivery.kind === 'unknown') return fail(tick, guild, log, delivery.reason);
  if (delivery.kind === 'absent') return attempt(tick, guild, post, false, log, true);
  try {
    await tick.options.daily.markSent(guild.guildId, post.localDate, delivery.messageId, delivery.sentAt);
  } catch (error) {
    return fail(tick, guild, log, tick.options.outlet.describeFailure(error, post).reason, error);
  }
  log.info({ messageId: delivery.messageId }, 'daily post found already delivered; recorded');
  return 'recovered';
}

/** Writes the day's intent (choosing and consuming its fact); null when there is no fact to post. */
function writeIntent(tick: Tick, state: DailyState): Promise<DailyPost | null> {
  const { guildId } = state.settings;
  return tick.options.daily.createIntent(
    {
      guildId,
      localDate: state.localDate,
      channelId: state.settings.channelId,
      nonce: tick.options.outlet.nonce(guildId, state.localDate),
      now: tick.now.getTime(),
    },
    (used) => {
      const selection = factOfServerDay(tick.timeline, { used, chosenFactId: null }, state.localDate);
      return selection ? { factId: selection.fact.id, newCycle: selection.newCycle } : null;
    },
  );
}

/** The logger of one server's day (and post, once it has one). */
function dayLogger(tick: Tick, state: DailyState, post: DailyPost | null): Logger {
  const { guildId } = state.settings;
  return tick.options.logger.child(
    post
      ? { guildId, localDate: state.localDate, factId: post.factId }
      : { guildId, localDate: state.localDate },
  );
}

/** Carries out a decided action (`state`: what it was decided from). */
async function act(tick: Tick, state: DailyState, action: DailyAction): Promise<GuildOutcome> {
  const guild = state.settings;
  switch (action.kind) {
    case 'wait':
    case 'skip':
      return action.reason;
    case 'give-up':
      return 'paused';
    case 'fail':
      return fail(tick, guild, dayLogger(tick, state, state.today), action.reason);
    case 'recover':
      return recover(tick, guild, action.post, dayLogger(tick, state, action.post));
    case 'post': {
      const { post, earlierUncertain } = action;
      if (post) return attempt(tick, guild, post, earlierUncertain, dayLogger(tick, state, post));
      const written = await writeIntent(tick, state);
      if (!written) return 'no-facts';
      // The intent may be another process's, written in between: decide again on the row as it is (with
      // today's post known, the decision never asks to write it again).
      const next = { ...state, latest: written, today: written, stale: [] };
      return act(tick, next, decideDaily(next).action);
    }
  }
}

/** One server's turn: read its state, decide (pure), act. */
async function serveGuild(
  tick: Tick,
  guild: DailySettings,
  notMemberSaid: Set<string>,
): Promise<GuildOutcome> {
  const state = await readState(tick, guild);
  const { expire, action } = decideDaily(state);
  if (action.kind === 'skip' && action.reason === 'not-member' && !notMemberSaid.has(guild.guildId)) {
    notMemberSaid.add(guild.guildId);
    tick.options.logger.info(
      { guildId: guild.guildId },
      'daily posts skipped: the bot is not in this server',
    );
  }
  for (const stale of expire) {
    await tick.options.daily.markMissed(stale);
    tick.options.logger.warn(
      { guildId: guild.guildId, localDate: stale.localDate, uncertain: stale.uncertain },
      'daily post day ended unposted',
    );
  }
  return act(tick, state, action);
}

/**
 * One pass over every enabled server this process serves (servers one after another; a failure in one never
 * stops the others).
 * A server the bot is not in is skipped, said once per process (`notMemberSaid` holds those already said).
 */
export async function tickDailyPosts(
  options: DailyTickOptions,
  notMemberSaid: Set<string> = new Set(),
): Promise<Map<string, GuildOutcome>> {
  const tick: Tick = {
    options,
    settings: { ...DEFAULT_POSTER_SETTINGS, ...options.settings },
    timeline: libraryOf(options).timeline,
    now: options.now(),
  };
  const outcomes = new Map<string, GuildOutcome>();
  const { owns } = options;
  for (const guild of await options.daily.enabledSettings()) {
    if (owns && !owns(guild.guildId)) continue;
    let outcome: GuildOutcome;
    try {
      outcome = await serveGuild(tick, guild, notMemberSaid);
    } catch (err) {
      options.logger.error({ err, guildId: guild.guildId }, 'daily tick failed for a server');
      outcome = 'failed';
    }
    outcomes.set(guild.guildId, outcome);
    options.onOutcome?.(outcome, guild.guildId);
  }
  return outcomes;
}

/** A running poster. */
export interface DailyPoster {
  /** Runs one tick now (after any tick in progress); resolves with its outcomes. */
  tick(): Promise<Map<string, GuildOutcome>>;
  stop(): Promise<void>;
}

/**
 * Starts the poster: a tick at once (the catch-up after a restart), then every `tickMs`. Ticks never overlap:
 * a tick that is due while one runs waits for it.
 */
export function startDailyPosts(options: DailyTickOptions): DailyPoster {
  const settings = { ...DEFAULT_POSTER_SETTINGS, ...options.settings };
  let chain: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const notMemberSaid = new Set<string>();
  const tick = () => {
    const next = chain.then(() =>
      stopped ? new Map<string, GuildOutcome>() : tickDailyPosts(options, notMemberSaid),
    );
    chain = next.catch((err: unknown) => options.logger.error({ err }, 'daily tick failed'));
    return next;
  };
  void tick();
  const timer = setInterval(() => void tick(), settings.tickMs);
  timer.unref?.();
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await chain;
    },
  };
}
