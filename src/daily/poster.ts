/**
 * The daily poster: once a day per server, at the server's local time, posts one fact — exactly once.
 *
 * Exactly-once design (why it never double-posts, and where it could lose a day):
 * 1. Before anything is sent, one SQLite transaction writes the day's *intent* row, keyed by (guild, local date)
 *    and holding the chosen fact, the channel and a nonce derived from (guild, date), and consumes the fact from
 *    the rotation. The primary key makes a second intent for the same day impossible (two ticks, two processes,
 *    a clock that jumps back into an already-posted day), and a post is never made for a date earlier than the
 *    latest one recorded (a clock jump backwards across midnight).
 * 2. `beginAttempt` is committed (synchronous = FULL) before the request: the row then says "an attempt is out,
 *    outcome unknown". The message is sent with `nonce` + `enforce_nonce: true`: Discord returns the existing
 *    message instead of creating a new one when the same nonce was used by us in that channel within a few minutes.
 * 3. On success the row is marked sent with the message id. A crash between 2 and 3 leaves an uncertain row:
 *    - retried within {@link NONCE_WINDOW_MS} of the intent (so of every attempt, whichever one delivered) → the
 *      retry reuses the nonce and Discord deduplicates it;
 *    - retried later → `checkDelivered` (delivered.ts) first asks the gateway cache whether the bot can view the
 *      channel and read its history (without Read Message History Discord lists *no* messages, 200 `[]`), then
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
import { Routes } from 'discord-api-types/v10';
import { shortHash } from '../discord/custom-id.ts';
import { dailyMarker, renderFact } from '../discord/render/daily.ts';
import { fitPayload } from '../discord/respond.ts';
import type { Library } from '../library.ts';
import type { Logger } from '../log.ts';
import { isOnThisDay, selectFact } from '../timeline/select.ts';
import type { Fact } from '../timeline/types.ts';
import { checkDelivered, type DiscordRest } from './delivered.ts';
import { describeFailure } from './failure.ts';
import { backoffMs, localDateAt, postInstant } from './schedule.ts';
import type { DailyPost, DailySettings, DailyStore } from './store.ts';

export type { DiscordRest } from './delivered.ts';
export { describeFailure } from './failure.ts';

/** How long we rely on Discord's `enforce_nonce` deduplication ("a few minutes"); conservative. */
export const NONCE_WINDOW_MS = 2 * 60_000;
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

export interface PosterOptions {
  readonly rest: DiscordRest;
  /** The bot's user id (`client.user.id`): only the bot's own message can be a delivered post. */
  readonly botUserId: string;
  /**
   * Whether the bot can view a channel and read its history, from the gateway cache (undefined: unknown). After a
   * crash the poster trusts "not in the history" only when this is true: Discord lists no messages without it.
   */
  readonly canReadHistory: (channelId: string) => boolean | undefined;
  /**
   * Whether the bot is in a server, from the gateway cache (undefined: unknown). A server it is not in (it was
   * removed, or the local Discord of an earlier run) is skipped, not retried: nothing could be posted there.
   */
  readonly isMember?: (guildId: string) => boolean | undefined;
  readonly daily: DailyStore;
  readonly library: Library | (() => Library);
  readonly logger: Logger;
  readonly now: () => Date;
  readonly settings?: Partial<PosterSettings>;
  /** Test-only: runs right after Discord accepted a message, before it is recorded (to simulate a crash there). */
  readonly afterSend?: (post: DailyPost, messageId: string) => void;
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

/** The nonce of a server's post for a local date (≤ 25 characters, the same on every attempt). */
export function postNonce(guildId: string, localDate: string): string {
  return `fd${localDate.replaceAll('-', '')}${shortHash(guildId)}`;
}

interface Tick {
  readonly options: PosterOptions;
  readonly settings: PosterSettings;
  readonly facts: readonly Fact[];
  /** The facts dated to a local date's month and day, any year (the timeline's index, not a scan). */
  readonly sameDay: (localDate: string) => readonly Fact[];
  readonly now: Date;
}

function libraryOf(options: PosterOptions): Library {
  return typeof options.library === 'function' ? options.library() : options.library;
}

/** The message body of a post: the fact, its citation, the marker, the nonce, no mentions. */
function postBody(post: DailyPost, fact: Fact): Record<string, unknown> {
  const reason = isOnThisDay(fact, post.localDate) ? 'on-this-day' : 'rotation';
  const { flags: _flags, ...fitted } = fitPayload(
    renderFact(fact, { reason, marker: dailyMarker(post.localDate) }),
  );
  return { ...fitted, nonce: post.nonce, enforce_nonce: true };
}

/** Records a failed turn: the reason for `/daily status`, the next retry (backoff), and a pause after N. */
function fail(tick: Tick, guild: DailySettings, log: Logger, reason: string, error?: unknown): GuildOutcome {
  const nowMs = tick.now.getTime();
  const failures = guild.consecutiveFailures + 1;
  const retryAt = nowMs + backoffMs(failures, tick.settings.retryBaseMs, tick.settings.retryMaxMs);
  const after = tick.options.daily.recordFailure(guild.guildId, {
    reason,
    now: nowMs,
    retryAt,
    pauseAfter: tick.settings.pauseAfterFailures,
  });
  log.warn(
    {
      err: error,
      reason,
      failures,
      retryAt: new Date(retryAt).toISOString(),
      paused: Boolean(after?.pausedReason),
    },
    'daily post failed',
  );
  return 'failed';
}

async function deliver(tick: Tick, guild: DailySettings, post: DailyPost): Promise<GuildOutcome> {
  const { daily, rest, logger } = tick.options;
  const log = logger.child({ guildId: guild.guildId, localDate: post.localDate, factId: post.factId });
  const nowMs = tick.now.getTime();
  // Only an error answered to the POST itself can prove that nothing was created.
  let sending = false;
  // An earlier attempt may have delivered the post until the history proves otherwise.
  let earlierUncertain = post.uncertain;
  try {
    const fact = tick.facts.find((f) => f.id === post.factId);
    if (!fact) throw new Error(`the fact ${post.factId} is no longer in the library`);
    if (post.leaseUntil !== null && post.leaseUntil > nowMs) return 'in-flight';
    // Measured from the intent, not the last attempt: the nonce window runs from whichever attempt delivered.
    if (post.uncertain && nowMs - post.createdAt > NONCE_WINDOW_MS) {
      const delivery = await checkDelivered(tick.options, post);
      if (delivery.kind === 'unknown') return fail(tick, guild, log, delivery.reason);
      if (delivery.kind === 'delivered') {
        daily.markSent(guild.guildId, post.localDate, delivery.messageId, delivery.sentAt);
        log.info({ messageId: delivery.messageId }, 'daily post found already delivered; recorded');
        return 'recovered';
      }
      earlierUncertain = false;
    }
    // Claimed only if no attempt began since `post` was read: a check made on an older row decides nothing.
    if (!daily.beginAttempt(guild.guildId, post.localDate, nowMs, ATTEMPT_LEASE_MS, post.attempts))
      return 'in-flight';
    sending = true;
    const message = (await rest.post(Routes.channelMessages(post.channelId), {
      body: postBody(post, fact),
    })) as { id: string };
    tick.options.afterSend?.(post, message.id);
    daily.markSent(guild.guildId, post.localDate, message.id, nowMs);
    log.info(
      { messageId: message.id, channelId: post.channelId, late: post.attempts > 0 },
      'daily post sent',
    );
    return 'sent';
  } catch (error) {
    const { reason, definite } = describeFailure(error, post.channelId);
    if (sending) daily.endAttempt(guild.guildId, post.localDate, definite && !earlierUncertain);
    return fail(tick, guild, log, reason, error);
  }
}

/** One server's turn: decides (from the store and the clock) whether a post is due, and makes it. */
async function serveGuild(tick: Tick, guild: DailySettings): Promise<GuildOutcome> {
  const { daily } = tick.options;
  if (guild.pausedReason) return 'paused';
  const localDate = localDateAt(tick.now, guild.timezone);
  for (const stale of daily.stalePending(guild.guildId, localDate)) {
    daily.markMissed(stale);
    tick.options.logger.warn(
      { guildId: guild.guildId, localDate: stale.localDate, uncertain: stale.uncertain },
      'daily post day ended unposted',
    );
  }
  if (localDate < guild.firstDate) return 'not-started';
  const latest = daily.latestPost(guild.guildId);
  if (latest && latest.localDate > localDate) return 'clock-behind';
  const existing = daily.post(guild.guildId, localDate);
  if (existing && existing.status !== 'pending') return 'done';
  if (tick.now < postInstant(localDate, guild.time, guild.timezone)) return 'not-due';
  if (guild.retryAt !== null && tick.now.getTime() < guild.retryAt) return 'backing-off';
  const post =
    existing ??
    daily.createIntent(
      {
        guildId: guild.guildId,
        localDate,
        channelId: guild.channelId,
        nonce: postNonce(guild.guildId, localDate),
        now: tick.now.getTime(),
      },
      (used) => {
        const selection = selectFact(tick.facts, used, localDate, tick.sameDay(localDate));
        return selection ? { factId: selection.fact.id, newCycle: selection.newCycle } : null;
      },
    );
  if (!post) return 'no-facts';
  return deliver(tick, guild, post);
}

/**
 * One pass over every enabled server (servers one after another; a failure in one never stops the others).
 * A server the bot is not in is skipped, said once per process (`notMemberSaid` holds those already said).
 */
export async function runDailyTick(
  options: PosterOptions,
  notMemberSaid: Set<string> = new Set(),
): Promise<Map<string, GuildOutcome>> {
  const settings = { ...DEFAULT_POSTER_SETTINGS, ...options.settings };
  const { timeline } = libraryOf(options);
  const tick: Tick = {
    options,
    settings,
    facts: timeline.facts,
    sameDay: (localDate) => timeline.search.onThisDay(localDate),
    now: options.now(),
  };
  const outcomes = new Map<string, GuildOutcome>();
  for (const guild of options.daily.enabledSettings()) {
    if (options.isMember?.(guild.guildId) === false) {
      if (!notMemberSaid.has(guild.guildId)) {
        notMemberSaid.add(guild.guildId);
        options.logger.info({ guildId: guild.guildId }, 'daily posts skipped: the bot is not in this server');
      }
      outcomes.set(guild.guildId, 'not-member');
      continue;
    }
    try {
      outcomes.set(guild.guildId, await serveGuild(tick, guild));
    } catch (err) {
      options.logger.error({ err, guildId: guild.guildId }, 'daily tick failed for a server');
      outcomes.set(guild.guildId, 'failed');
    }
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
export function startDailyPoster(options: PosterOptions): DailyPoster {
  const settings = { ...DEFAULT_POSTER_SETTINGS, ...options.settings };
  let chain: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const notMemberSaid = new Set<string>();
  const tick = () => {
    const next = chain.then(() =>
      stopped ? new Map<string, GuildOutcome>() : runDailyTick(options, notMemberSaid),
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
