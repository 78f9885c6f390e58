/**
 * The daily decision (pure): for one server, at one instant, what the poster does now. It reads nothing and
 * writes nothing: the poster reads the server's recorded state, asks {@link decideDaily}, and acts on the
 * answer (the store's writes, the Discord calls). See poster.ts for the exactly-once design it serves.
 */

import type { DailyPost, DailySettings } from './daily-store.ts';
import { backoffMs, postInstant } from './schedule.ts';

/** How long we rely on Discord's `enforce_nonce` deduplication ("a few minutes"); conservative. */
export const NONCE_WINDOW_MS = 2 * 60_000;
/**
 * An uncertain post is sent again blind (trusting the nonce) only this long after its intent: the rest of the
 * window is a margin for a slow process and for the request to reach Discord. Later, it is looked up first.
 */
export const BLIND_RESEND_MS = NONCE_WINDOW_MS - 30_000;

/** What the poster knows about one server when it decides: its settings and posts, read at `now`. */
export interface DailyState {
  readonly now: Date;
  /** The local date `now` falls on in the server's time zone (`localDateAt(now, settings.timezone)`). */
  readonly localDate: string;
  readonly settings: DailySettings;
  /** Whether the bot is in the server, from the gateway cache; undefined when unknown. */
  readonly isMember: boolean | undefined;
  /** The server's most recent post of any status, by local date. */
  readonly latest: DailyPost | null;
  /** The post of `localDate`, if its intent was written. */
  readonly today: DailyPost | null;
  /** Pending posts of earlier local dates: their day ended unposted (or unconfirmed). */
  readonly stale: readonly DailyPost[];
  /** The library's facts, as far as the decision needs them. */
  readonly facts: { readonly count: number; has(factId: string): boolean };
}

/** Why nothing is done now. */
export type WaitReason = 'not-started' | 'clock-behind' | 'done' | 'not-due' | 'backing-off' | 'in-flight';

/** What to do now about one server's day. */
export type DailyAction =
  /** Nothing now: before the first date, a clock behind the latest post, done, before the time, backing off, or another attempt holds the post. */
  | { readonly kind: 'wait'; readonly reason: WaitReason }
  /** Nothing can be posted here: the bot is not in the server, or the library has no fact. */
  | { readonly kind: 'skip'; readonly reason: 'not-member' | 'no-facts' }
  /** Posting paused itself after repeated failures, until `/daily set` is run again. */
  | { readonly kind: 'give-up'; readonly reason: string }
  /** The recorded post cannot be made (its fact left the library): a failure, retried with backoff. */
  | { readonly kind: 'fail'; readonly reason: string }
  /**
   * Send now. `post` null: write the day's intent first (choosing its fact), then decide again on it.
   * `earlierUncertain`: an earlier attempt may have delivered it (a refusal of this one then proves nothing).
   */
  | { readonly kind: 'post'; readonly post: DailyPost | null; readonly earlierUncertain: boolean }
  /** An earlier attempt may have been delivered and the nonce window has passed: look it up before resending. */
  | { readonly kind: 'recover'; readonly post: DailyPost };

export interface DailyDecision {
  /** Pending posts whose day ended: given up on (marked missed) whatever the action. */
  readonly expire: readonly DailyPost[];
  readonly action: DailyAction;
}

const decision = (action: DailyAction, expire: readonly DailyPost[] = []): DailyDecision => ({
  expire,
  action,
});

/** What the poster does now for one server (pure). */
export function decideDaily(state: DailyState): DailyDecision {
  const { settings, now, localDate, today } = state;
  if (state.isMember === false) return decision({ kind: 'skip', reason: 'not-member' });
  if (settings.pausedReason) return decision({ kind: 'give-up', reason: settings.pausedReason });
  const expire = state.stale.filter((post) => post.status === 'pending' && post.localDate < localDate);
  const wait = (reason: WaitReason) => decision({ kind: 'wait', reason }, expire);
  if (localDate < settings.firstDate) return wait('not-started');
  // Never a post for a date earlier than one already recorded: the clock jumped back across midnight.
  if (state.latest && state.latest.localDate > localDate) return wait('clock-behind');
  if (today && today.status !== 'pending') return wait('done');
  if (now < postInstant(localDate, settings.time, settings.timezone)) return wait('not-due');
  if (settings.retryAt !== null && now.getTime() < settings.retryAt) return wait('backing-off');
  if (!today) {
    if (state.facts.count === 0) return decision({ kind: 'skip', reason: 'no-facts' }, expire);
    return decision({ kind: 'post', post: null, earlierUncertain: false }, expire);
  }
  return decision(decideAttempt(today, now.getTime(), state.facts), expire);
}

/** For a pending post of today: send, look it up first, or leave it to the attempt that holds it. */
function decideAttempt(post: DailyPost, nowMs: number, facts: DailyState['facts']): DailyAction {
  if (!facts.has(post.factId))
    return { kind: 'fail', reason: `the fact ${post.factId} is no longer in the library` };
  if (post.leaseUntil !== null && post.leaseUntil > nowMs) return { kind: 'wait', reason: 'in-flight' };
  // Measured from the intent, not the last attempt: the nonce window runs from whichever attempt delivered.
  if (post.uncertain && nowMs - post.createdAt > BLIND_RESEND_MS) return { kind: 'recover', post };
  return { kind: 'post', post, earlierUncertain: post.uncertain };
}

/** A failed turn as it is recorded: the failures in a row, the next retry, and whether posting pauses now. */
export interface FailureRecord {
  readonly reason: string;
  readonly failures: number;
  readonly retryAt: number;
  readonly pauses: boolean;
}

/** The retry policy (pure): exponential backoff from the failures in a row, a pause after `pauseAfter`. */
export function recordOfFailure(
  settings: Pick<DailySettings, 'consecutiveFailures'>,
  policy: { readonly pauseAfterFailures: number; readonly retryBaseMs: number; readonly retryMaxMs: number },
  nowMs: number,
  reason: string,
): FailureRecord {
  const failures = settings.consecutiveFailures + 1;
  return {
    reason,
    failures,
    retryAt: nowMs + backoffMs(failures, policy.retryBaseMs, policy.retryMaxMs),
    pauses: failures >= policy.pauseAfterFailures,
  };
}
