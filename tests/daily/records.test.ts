/**
 * The daily records' contract, on SQLite and on PostgreSQL: each statement of the SQLite store and its port give
 * the same results, and the guarantees hold between separate connections (separate processes' pools) racing.
 */
import { describe, expect, it } from 'vitest';
import type { DailyPost } from '../../src/daily/daily-store.ts';
import type { OpenBotStore } from '../../src/store/bot-store.ts';
import { describeEachStore, type TestDatabase } from '../support/stores.ts';

const GUILD = '100000000000000001';
const DAY = '2024-03-01';
const intent = (localDate = DAY, nonce = 'n1') => ({
  guildId: GUILD,
  localDate,
  channelId: '200000000000000001',
  nonce,
  now: 1_000,
});
const enable = (store: OpenBotStore, now = 0) =>
  store.daily.enable({
    guildId: GUILD,
    channelId: '200000000000000001',
    time: '09:00',
    timezone: 'UTC',
    firstDate: DAY,
    now,
  });

/** Opens `n` separate stores on one database (each with its own connection, as separate processes have). */
const openMany = (db: TestDatabase, n: number) => Promise.all(Array.from({ length: n }, () => db.open()));
const closeAll = (stores: OpenBotStore[]) => Promise.all(stores.map((s) => s.close()));

describeEachStore('daily records', (kind) => {
  it('the store answers while open (the health check), and not once closed', async () => {
    const store = await (await kind.fresh()).open();
    expect(await store.reachable()).toBe(true);
    await store.close();
    expect(await store.reachable().catch(() => false)).toBe(false);
  });

  describe('settings', () => {
    it('enable, disable and the enabled list; enabling again clears failures and the pause', async () => {
      const store = await (await kind.fresh()).open();
      expect(await store.daily.settings(GUILD)).toBeNull();
      expect(await enable(store)).toMatchObject({ guildId: GUILD, enabled: true, consecutiveFailures: 0 });
      const failed = await store.daily.recordFailure(GUILD, {
        reason: 'Missing Permissions',
        now: 5,
        retryAt: 65,
        pauseAfter: 2,
      });
      expect(failed).toMatchObject({
        consecutiveFailures: 1,
        retryAt: 65,
        lastFailureAt: 5,
        pausedReason: null,
      });
      const paused = await store.daily.recordFailure(GUILD, {
        reason: 'Missing Permissions',
        now: 6,
        retryAt: 126,
        pauseAfter: 2,
      });
      expect(paused?.pausedReason).toBe('paused after 2 failed attempts in a row; last: Missing Permissions');
      expect(await enable(store, 7)).toMatchObject({
        consecutiveFailures: 0,
        retryAt: null,
        pausedReason: null,
      });
      expect((await store.daily.enabledSettings()).map((s) => s.guildId)).toEqual([GUILD]);
      expect(await store.daily.disable(GUILD, 8)).toBe(true);
      expect(await store.daily.disable(GUILD, 9)).toBe(false);
      expect(await store.daily.enabledSettings()).toEqual([]);
      await store.close();
    });
  });

  describe('the intent', () => {
    it('one row per (server, day), whoever writes it: five connections at once get the same post', async () => {
      const db = await kind.fresh();
      const stores = await openMany(db, 5);
      const posts = await Promise.all(
        stores.map((s, i) =>
          s.daily.createIntent(intent(DAY, `n${i}`), () => ({ factId: `f${i}`, newCycle: false })),
        ),
      );
      const first = posts[0] as DailyPost;
      expect(posts).toEqual(posts.map(() => first));
      expect(first).toMatchObject({ status: 'pending', attempts: 0, uncertain: false, leaseUntil: null });
      const day = await stores[0]?.daily.dayState(GUILD, DAY);
      expect([...(day?.used ?? [])]).toEqual([first.factId]);
      expect(day?.chosenFactId).toBe(first.factId);
      expect(await db.rows('SELECT guild_id FROM daily_posts')).toHaveLength(1);
      await closeAll(stores);
    });

    it('a new cycle clears the used facts; no fact writes nothing', async () => {
      const store = await (await kind.fresh()).open();
      await store.daily.createIntent(intent('2024-03-01'), () => ({ factId: 'a', newCycle: false }));
      await store.daily.createIntent(intent('2024-03-02'), (used) => {
        expect([...used]).toEqual(['a']);
        return { factId: 'b', newCycle: true };
      });
      expect([...(await store.daily.dayState(GUILD, '2024-03-02')).used]).toEqual(['b']);
      expect(await store.daily.createIntent(intent('2024-03-03'), () => null)).toBeNull();
      expect(await store.daily.post(GUILD, '2024-03-03')).toBeNull();
      await store.close();
    });
  });

  describe('attempts', () => {
    it('exactly one of five connections claiming at once wins (compare-and-set on the attempt count)', async () => {
      const db = await kind.fresh();
      const stores = await openMany(db, 5);
      await stores[0]?.daily.createIntent(intent(), () => ({ factId: 'f', newCycle: false }));
      const claims = await Promise.all(stores.map((s) => s.daily.beginAttempt(GUILD, DAY, 2_000, 90_000, 0)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await stores[0]?.daily.post(GUILD, DAY)).toMatchObject({
        attempts: 1,
        uncertain: true,
        lastAttemptAt: 2_000,
        leaseUntil: 92_000,
      });
      await closeAll(stores);
    });

    it('a claim holds until its lease expires; a stale attempt count is refused', async () => {
      const store = await (await kind.fresh()).open();
      await store.daily.createIntent(intent(), () => ({ factId: 'f', newCycle: false }));
      expect(await store.daily.beginAttempt(GUILD, DAY, 0, 90_000, 0)).toBe(true);
      expect(await store.daily.beginAttempt(GUILD, DAY, 89_999, 90_000, 1)).toBe(false);
      expect(await store.daily.beginAttempt(GUILD, DAY, 90_000, 90_000, 0)).toBe(false);
      expect(await store.daily.beginAttempt(GUILD, DAY, 90_000, 90_000, 1)).toBe(true);
      await store.daily.endAttempt(GUILD, DAY, true);
      expect(await store.daily.post(GUILD, DAY)).toMatchObject({
        attempts: 2,
        uncertain: false,
        leaseUntil: null,
      });
      expect(await store.daily.beginAttempt(GUILD, DAY, 100_000, 90_000, 2)).toBe(true);
      await store.daily.endAttempt(GUILD, DAY, false);
      expect(await store.daily.post(GUILD, DAY)).toMatchObject({
        attempts: 3,
        uncertain: true,
        leaseUntil: null,
      });
      await store.close();
    });

    it('sent: recorded with its message, the failure count cleared; no claim after', async () => {
      const store = await (await kind.fresh()).open();
      await enable(store);
      await store.daily.recordFailure(GUILD, { reason: 'x', now: 1, retryAt: 2, pauseAfter: 5 });
      await store.daily.createIntent(intent(), () => ({ factId: 'f', newCycle: false }));
      await store.daily.markSent(GUILD, DAY, 'm1', 3_000);
      expect(await store.daily.post(GUILD, DAY)).toMatchObject({
        status: 'sent',
        messageId: 'm1',
        sentAt: 3_000,
        uncertain: false,
      });
      expect(await store.daily.settings(GUILD)).toMatchObject({ consecutiveFailures: 0, retryAt: null });
      expect(await store.daily.beginAttempt(GUILD, DAY, 4_000, 90_000, 0)).toBe(false);
      expect(await store.daily.latestPost(GUILD, 'sent')).toMatchObject({ localDate: DAY });
      await store.close();
    });
  });

  describe('days that passed', () => {
    it('stale pending posts are listed; missed ones give their fact back unless it may have been delivered', async () => {
      const store = await (await kind.fresh()).open();
      await store.daily.createIntent(intent('2024-03-01'), () => ({ factId: 'a', newCycle: false }));
      await store.daily.createIntent(intent('2024-03-02'), () => ({ factId: 'b', newCycle: false }));
      await store.daily.beginAttempt(GUILD, '2024-03-02', 0, 1, 0);
      const stale = await store.daily.stalePending(GUILD, '2024-03-03');
      expect(stale.map((p) => p.localDate).sort()).toEqual(['2024-03-01', '2024-03-02']);
      for (const post of stale) await store.daily.markMissed(post);
      expect(await store.daily.stalePending(GUILD, '2024-03-03')).toEqual([]);
      expect([...(await store.daily.dayState(GUILD, '2024-03-03')).used]).toEqual(['b']);
      expect(await store.daily.latestPost(GUILD)).toMatchObject({
        localDate: '2024-03-02',
        status: 'missed',
      });
      await store.close();
    });
  });
});
