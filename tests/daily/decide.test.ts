import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DailyPost, DailySettings } from '../../src/daily/daily-store.ts';
import {
  BLIND_RESEND_MS,
  type DailyAction,
  type DailyState,
  decideDaily,
  recordOfFailure,
} from '../../src/daily/decide.ts';
import { localDateAt, postInstant } from '../../src/daily/schedule.ts';

const GUILD = '100000000000000001';
const NY = 'America/New_York';
const FACT = 'china-trains-cadres@1990';

function settings(extra: Partial<DailySettings> = {}): DailySettings {
  return {
    guildId: GUILD,
    channelId: '200000000000000001',
    time: '09:00',
    timezone: NY,
    enabled: true,
    firstDate: '2024-01-01',
    consecutiveFailures: 0,
    retryAt: null,
    pausedReason: null,
    lastFailureAt: null,
    lastFailureReason: null,
    ...extra,
  };
}

function post(localDate: string, extra: Partial<DailyPost> = {}): DailyPost {
  return {
    guildId: GUILD,
    localDate,
    factId: FACT,
    channelId: '200000000000000001',
    nonce: 'fd20240301abc',
    status: 'pending',
    messageId: null,
    createdAt: Date.parse(`${localDate}T14:00:00Z`),
    sentAt: null,
    attempts: 0,
    lastAttemptAt: null,
    uncertain: false,
    leaseUntil: null,
    ...extra,
  };
}

const facts = (ids: readonly string[] = [FACT]) => ({
  count: ids.length,
  has: (id: string) => ids.includes(id),
});

/** The state at `iso` for a server with `extra` settings: its local date computed as the poster does. */
function state(iso: string, extra: Partial<Omit<DailyState, 'now' | 'localDate'>> = {}): DailyState {
  const now = new Date(iso);
  const s = extra.settings ?? settings();
  return {
    now,
    localDate: localDateAt(now, s.timezone),
    settings: s,
    isMember: true,
    latest: null,
    today: null,
    stale: [],
    facts: facts(),
    ...extra,
  };
}

const action = (s: DailyState): DailyAction => decideDaily(s).action;
const kindOf = (a: DailyAction): string =>
  a.kind === 'wait' || a.kind === 'skip'
    ? `${a.kind}:${a.reason}`
    : a.kind === 'post' && !a.post
      ? 'post:new'
      : a.kind;

describe('decideDaily', () => {
  describe('the time of day, in the server’s zone', () => {
    it.each([
      ['08:59 in New York (EST)', '2024-03-01T13:59:00Z', NY, 'wait:not-due'],
      ['09:00 in New York (EST)', '2024-03-01T14:00:00Z', NY, 'post:new'],
      ['late the same local day (catch-up)', '2024-03-02T04:59:00Z', NY, 'post:new'],
      ['08:59 in Tokyo, the UTC date a day behind', '2024-02-29T23:59:00Z', 'Asia/Tokyo', 'wait:not-due'],
      ['09:00 in Tokyo', '2024-03-01T00:00:00Z', 'Asia/Tokyo', 'post:new'],
      ['08:59 in Kathmandu (UTC+5:45)', '2024-03-01T03:14:00Z', 'Asia/Kathmandu', 'wait:not-due'],
      ['09:00 in Kathmandu (UTC+5:45)', '2024-03-01T03:15:00Z', 'Asia/Kathmandu', 'post:new'],
    ])('%s → %s', (_what, iso, timezone, expected) => {
      expect(kindOf(action(state(iso, { settings: settings({ timezone }) })))).toBe(expected);
    });

    it('decides for the local date, not the UTC one', () => {
      // 01:00 UTC on 2 March is 20:00 on 1 March in New York: 1 March's post is due, 2 March's is not.
      const s = state('2024-03-02T01:00:00Z');
      expect(s.localDate).toBe('2024-03-01');
      expect(kindOf(action(s))).toBe('post:new');
    });
  });

  describe('daylight-saving changes (America/New_York, 2024)', () => {
    it.each([
      // Spring forward on 10 March: 09:00 is EDT (13:00 UTC), an hour earlier in UTC than the day before.
      ['09:00', '2024-03-10T12:59:00Z', 'wait:not-due'],
      ['09:00', '2024-03-10T13:00:00Z', 'post:new'],
      // 02:30 does not exist that day: it moves forward by the gap, to 03:30 EDT (07:30 UTC).
      ['02:30', '2024-03-10T07:29:00Z', 'wait:not-due'],
      ['02:30', '2024-03-10T07:30:00Z', 'post:new'],
      // Fall back on 3 November: 01:30 happens twice; the post waits for the second (01:30 EST, 06:30 UTC).
      ['01:30', '2024-11-03T05:45:00Z', 'wait:not-due'],
      ['01:30', '2024-11-03T06:30:00Z', 'post:new'],
      ['09:00', '2024-11-03T13:59:00Z', 'wait:not-due'],
      ['09:00', '2024-11-03T14:00:00Z', 'post:new'],
    ])('at %s: %s → %s', (time, iso, expected) => {
      expect(kindOf(action(state(iso, { settings: settings({ time }) })))).toBe(expected);
    });

    it('the repeated hour of a fall-back day finds the day done, never due twice', () => {
      const sent = post('2024-11-03', { status: 'sent', messageId: '1' });
      const s = settings({ time: '01:30' });
      for (const iso of ['2024-11-03T05:30:00Z', '2024-11-03T06:30:00Z', '2024-11-03T06:59:00Z'])
        expect(kindOf(action(state(iso, { settings: s, today: sent, latest: sent })))).toBe('wait:done');
    });
  });

  describe('what was recorded', () => {
    const at = '2024-03-01T15:00:00Z'; // 10:00 in New York, after the post time
    it.each<[string, Partial<Omit<DailyState, 'now' | 'localDate'>>, string]>([
      ['the bot is not in the server', { isMember: false }, 'skip:not-member'],
      ['membership unknown: posts', { isMember: undefined }, 'post:new'],
      ['paused after failures', { settings: settings({ pausedReason: 'paused after 5' }) }, 'give-up'],
      [
        'not in the server and paused: not a member first',
        { isMember: false, settings: settings({ pausedReason: 'x' }) },
        'skip:not-member',
      ],
      ['before the first date', { settings: settings({ firstDate: '2024-03-02' }) }, 'wait:not-started'],
      [
        'a later date already recorded (clock behind)',
        { latest: post('2024-03-02', { status: 'sent' }) },
        'wait:clock-behind',
      ],
      ['today sent', { today: post('2024-03-01', { status: 'sent' }) }, 'wait:done'],
      ['today missed', { today: post('2024-03-01', { status: 'missed' }) }, 'wait:done'],
      [
        'backing off after a failure',
        { settings: settings({ retryAt: Date.parse('2024-03-01T15:00:01Z') }) },
        'wait:backing-off',
      ],
      ['the retry time reached', { settings: settings({ retryAt: Date.parse(at) }) }, 'post:new'],
      ['no fact in the library', { facts: facts([]) }, 'skip:no-facts'],
      ['the recorded fact left the library', { today: post('2024-03-01'), facts: facts(['other']) }, 'fail'],
    ])('%s', (_what, extra, expected) => {
      expect(kindOf(action(state(at, extra)))).toBe(expected);
    });

    it('gives up with the pause’s reason, and says why a recorded fact cannot be posted', () => {
      expect(
        action(state(at, { settings: settings({ pausedReason: 'paused after 5 failed attempts' }) })),
      ).toEqual({ kind: 'give-up', reason: 'paused after 5 failed attempts' });
      expect(action(state(at, { today: post('2024-03-01'), facts: facts([]) }))).toEqual({
        kind: 'fail',
        reason: `the fact ${FACT} is no longer in the library`,
      });
    });
  });

  describe('attempts, leases and the nonce window', () => {
    const intent = Date.parse('2024-03-01T14:00:00Z');
    const at = (ms: number) => new Date(intent + ms).toISOString();
    it.each<[string, number, Partial<DailyPost>, string, boolean?]>([
      ['an intent with no attempt', 0, {}, 'post', false],
      ['after refused attempts (not uncertain)', 600_000, { attempts: 3 }, 'post', false],
      [
        'a lease held by another attempt',
        30_000,
        { attempts: 1, uncertain: true, leaseUntil: intent + 90_000 },
        'wait:in-flight',
      ],
      [
        'a lease held past the nonce window',
        170_000,
        { attempts: 1, uncertain: true, leaseUntil: intent + 180_000 },
        'wait:in-flight',
      ],
      [
        'a lease that ends now',
        90_000,
        { attempts: 1, uncertain: true, leaseUntil: intent + 90_000 },
        'post',
        true,
      ],
      [
        'uncertain, within the nonce window (short of its margin): resent with the same nonce',
        BLIND_RESEND_MS,
        { attempts: 1, uncertain: true, lastAttemptAt: intent },
        'post',
        true,
      ],
      [
        'uncertain, in the margin before the nonce window ends: looked up first',
        BLIND_RESEND_MS + 1,
        { attempts: 1, uncertain: true },
        'recover',
      ],
      [
        'uncertain after several attempts, past the window',
        3_600_000,
        { attempts: 4, uncertain: true, lastAttemptAt: intent + 3_599_000 },
        'recover',
      ],
    ])('%s → %s', (_what, elapsed, extra, expected, earlierUncertain) => {
      const today = post('2024-03-01', { createdAt: intent, ...extra });
      const decided = action(state(at(elapsed), { today, latest: today }));
      expect(kindOf(decided)).toBe(expected);
      if (decided.kind === 'post') {
        expect(decided.post).toEqual(today);
        expect(decided.earlierUncertain).toBe(earlierUncertain);
      }
      if (decided.kind === 'recover') expect(decided.post).toEqual(today);
    });
  });

  describe('days that ended unposted', () => {
    const stale = [post('2024-02-28'), post('2024-02-29', { uncertain: true, attempts: 1 })];
    it('are given up on whatever else is decided', () => {
      for (const iso of ['2024-03-01T13:00:00Z', '2024-03-01T14:00:00Z']) {
        expect(decideDaily(state(iso, { stale })).expire).toEqual(stale);
      }
      const done = post('2024-03-01', { status: 'sent' });
      expect(decideDaily(state('2024-03-01T15:00:00Z', { stale, today: done })).expire).toEqual(stale);
    });

    it('are left alone while the server is skipped or paused, and a post of today is never one', () => {
      expect(decideDaily(state('2024-03-01T15:00:00Z', { stale, isMember: false })).expire).toEqual([]);
      const paused = settings({ pausedReason: 'paused' });
      expect(decideDaily(state('2024-03-01T15:00:00Z', { stale, settings: paused })).expire).toEqual([]);
      const today = post('2024-03-01');
      expect(decideDaily(state('2024-03-01T15:00:00Z', { stale: [today] })).expire).toEqual([]);
    });
  });

  describe('for every instant and zone', () => {
    const zones = [NY, 'Europe/Paris', 'Asia/Tokyo', 'Australia/Lord_Howe', 'Pacific/Chatham', 'UTC'];
    const instant = fc.integer({
      min: Date.parse('2024-01-01T00:00:00Z'),
      max: Date.parse('2025-12-31T00:00:00Z'),
    });
    const time = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

    it('posts only at or after the day’s post instant, and never on a day already done', () => {
      fc.assert(
        fc.property(instant, fc.constantFrom(...zones), time, fc.boolean(), (ms, timezone, t, done) => {
          const s = state(new Date(ms).toISOString(), {
            settings: settings({ timezone, time: t, firstDate: '2000-01-01' }),
          });
          const today = done ? post(s.localDate, { status: 'sent' }) : null;
          const decided = action({ ...s, today, latest: today });
          const due = s.now >= postInstant(s.localDate, t, timezone);
          if (done) expect(kindOf(decided)).toBe('wait:done');
          else expect(kindOf(decided)).toBe(due ? 'post:new' : 'wait:not-due');
        }),
      );
    });
  });
});

describe('recordOfFailure', () => {
  const policy = { pauseAfterFailures: 3, retryBaseMs: 60_000, retryMaxMs: 600_000 };
  it.each([
    [0, 60_000, false],
    [1, 120_000, false],
    [2, 240_000, true],
    [5, 600_000, true],
  ])('after %i failures in a row: retry in %i ms, pauses: %s', (before, delay, pauses) => {
    expect(recordOfFailure({ consecutiveFailures: before }, policy, 1_000, 'why')).toEqual({
      reason: 'why',
      failures: before + 1,
      retryAt: 1_000 + delay,
      pauses,
    });
  });
});
