import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { type PosterOptions, postNonce, runDailyTick } from '../../src/daily/poster.ts';
import { type DailyStore, openDailyStore } from '../../src/daily/store.ts';
import { type Library, openLibrary } from '../../src/library.ts';
import { openStore } from '../../src/store/store.ts';
import { fakeRest } from './fake-rest.ts';

const GUILD = '100000000000000001';
const CHANNEL = '200000000000000001';
const logger = pino({ level: 'silent' });
const MISSING_PERMISSIONS = { status: 403, code: 50013, message: 'Missing Permissions' };

let library: Library;
beforeAll(async () => {
  library = await openLibrary({ dataDir: 'data' });
});

/** A world with a fake clock, one server posting daily at 09:00 in New York, and the fake Discord. */
function world(start = '2024-03-01T13:00:00Z') {
  let now = new Date(start).getTime();
  const clock = () => now;
  const discord = fakeRest(clock);
  const daily = openDailyStore(openStore(':memory:'));
  daily.enable({
    guildId: GUILD,
    channelId: CHANNEL,
    time: '09:00',
    timezone: 'America/New_York',
    firstDate: '2024-03-01',
    now,
  });
  const options = (extra: Partial<PosterOptions> = {}): PosterOptions => ({
    rest: discord.rest,
    daily,
    library,
    logger,
    now: () => new Date(now),
    settings: { pauseAfterFailures: 3, retryBaseMs: 60_000, retryMaxMs: 600_000 },
    ...extra,
  });
  return {
    discord,
    daily,
    options,
    tick: (extra?: Partial<PosterOptions>) => runDailyTick(options(extra)).then((m) => m.get(GUILD)),
    setNow: (iso: string) => {
      now = new Date(iso).getTime();
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const posts = (daily: DailyStore) =>
  daily.db.prepare('SELECT local_date, status, fact_id FROM daily_posts ORDER BY local_date').all();

describe('daily poster', () => {
  describe('scheduling', () => {
    it('waits for the local time, then posts once with the fact, its citation and the marker', async () => {
      const w = world('2024-03-01T13:59:00Z'); // 08:59 in New York
      expect(await w.tick()).toBe('not-due');
      w.setNow('2024-03-01T14:00:00Z');
      expect(await w.tick()).toBe('sent');
      expect(w.discord.messages).toHaveLength(1);
      const embed = w.discord.messages[0]?.embeds[0];
      expect(embed?.description).toContain('#:~:text=');
      expect(embed?.footer?.text).toBe('Footnote daily · 2024-03-01');
      expect(w.discord.messages[0]?.allowed_mentions).toEqual({ parse: [] });
      expect(w.discord.messages[0]?.nonce).toBe(postNonce(GUILD, '2024-03-01'));
    });

    it('posts the next fact of the rotation the next local day', async () => {
      const w = world('2024-03-01T14:00:00Z');
      await w.tick();
      w.setNow('2024-03-02T14:00:00Z');
      await w.tick();
      expect(posts(w.daily)).toEqual([
        { local_date: '2024-03-01', status: 'sent', fact_id: 'china-trains-cadres@1990' },
        { local_date: '2024-03-02', status: 'sent', fact_id: 'china-trains-cadres@2011-10' },
      ]);
    });
  });

  describe('exactly once', () => {
    it('posts once under many ticks the same day', async () => {
      const w = world('2024-03-01T14:00:00Z');
      const outcomes: (string | undefined)[] = await Promise.all([w.tick(), w.tick(), w.tick()]);
      expect(outcomes.sort()).toEqual(['in-flight', 'in-flight', 'sent']);
      for (let i = 0; i < 5; i++) {
        w.advance(3_600_000);
        outcomes.push(await w.tick());
      }
      expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
      expect(w.discord.messages).toHaveLength(1);
    });

    it('posts once across a restart (a new poster on the same database)', async () => {
      const w = world('2024-03-01T14:00:00Z');
      await w.tick();
      expect(await runDailyTick(w.options()).then((m) => m.get(GUILD))).toBe('done');
      expect(w.discord.messages).toHaveLength(1);
    });

    it('does not post twice when the clock jumps back into a posted day, or across midnight', async () => {
      const w = world('2024-03-02T14:00:00Z');
      w.daily.enable({
        guildId: GUILD,
        channelId: CHANNEL,
        time: '09:00',
        timezone: 'America/New_York',
        firstDate: '2024-03-01',
        now: 0,
      });
      await w.tick();
      w.setNow('2024-03-02T13:00:00Z'); // back before the post time
      expect(await w.tick()).toBe('done');
      w.setNow('2024-03-01T20:00:00Z'); // back to the previous day, which never had a post
      expect(await w.tick()).toBe('clock-behind');
      expect(w.discord.messages).toHaveLength(1);
    });

    it('after a crash between send and record, a restart inside the nonce window is deduplicated by Discord', async () => {
      const w = world('2024-03-01T14:00:00Z');
      const crash = new Error('crashed after send');
      await expect(
        runDailyTick(
          w.options({
            afterSend: () => {
              throw crash;
            },
          }),
        ),
      ).resolves.toBeDefined(); // the tick records the error as a failure (the child-process test really exits)
      expect(w.discord.messages).toHaveLength(1);
      w.advance(100_000); // after the first retry delay, within the nonce window
      expect(await w.tick()).toBe('sent');
      expect(w.discord.messages).toHaveLength(1);
      expect(w.daily.post(GUILD, '2024-03-01')).toMatchObject({ status: 'sent', messageId: '1' });
    });

    it('after a crash and a restart beyond the nonce window, finds the delivered post in the channel', async () => {
      const w = world('2024-03-01T14:00:00Z');
      await runDailyTick(
        w.options({
          afterSend: () => {
            throw new Error('crash');
          },
        }),
      );
      w.advance(30 * 60_000);
      expect(await w.tick()).toBe('recovered');
      expect(w.discord.messages).toHaveLength(1);
      expect(w.daily.post(GUILD, '2024-03-01')?.messageId).toBe('1');
    });

    it('never resends blind: beyond the window with an unreadable history it fails and retries later', async () => {
      const w = world('2024-03-01T14:00:00Z');
      await runDailyTick(
        w.options({
          afterSend: () => {
            throw new Error('crash');
          },
        }),
      );
      w.discord.setHistoryReadable(false);
      w.advance(30 * 60_000);
      expect(await w.tick()).toBe('failed');
      expect(w.discord.messages).toHaveLength(1);
      w.discord.setHistoryReadable(true);
      w.advance(30 * 60_000);
      expect(await w.tick()).toBe('recovered');
      expect(w.discord.messages).toHaveLength(1);
    });
  });

  describe('catch-up', () => {
    it('posts once, late, when started after the post time the same local day', async () => {
      const w = world('2024-03-01T21:00:00Z'); // 16:00 in New York, the bot was down at 09:00
      expect(await w.tick()).toBe('sent');
      expect(await w.tick()).toBe('done');
    });

    it('does not post a day that ended while down; its fact goes back to the rotation', async () => {
      const w = world('2024-03-01T14:00:00Z');
      w.discord.failNext(MISSING_PERMISSIONS);
      expect(await w.tick()).toBe('failed');
      w.setNow('2024-03-02T14:00:00Z');
      expect(await w.tick()).toBe('sent');
      expect(posts(w.daily)).toEqual([
        { local_date: '2024-03-01', status: 'missed', fact_id: 'china-trains-cadres@1990' },
        { local_date: '2024-03-02', status: 'sent', fact_id: 'china-trains-cadres@1990' },
      ]);
    });
  });

  describe('failures', () => {
    it('records the failure, retries with backoff, and succeeds with the same fact and nonce', async () => {
      const w = world('2024-03-01T14:00:00Z');
      w.discord.failNext(MISSING_PERMISSIONS);
      expect(await w.tick()).toBe('failed');
      expect(w.daily.settings(GUILD)).toMatchObject({
        consecutiveFailures: 1,
        lastFailureReason: expect.stringContaining('missing permission'),
      });
      w.advance(30_000);
      expect(await w.tick()).toBe('backing-off');
      w.advance(31_000);
      expect(await w.tick()).toBe('sent');
      expect(w.daily.settings(GUILD)?.consecutiveFailures).toBe(0);
      expect(w.daily.post(GUILD, '2024-03-01')?.attempts).toBe(2);
    });

    it('pauses after repeated failures, says why, and resumes on /daily set', async () => {
      const w = world('2024-03-01T14:00:00Z');
      w.discord.failNext(...Array(3).fill({ status: 404, code: 10003, message: 'Unknown Channel' }));
      for (let i = 0; i < 3; i++) {
        expect(await w.tick()).toBe('failed');
        w.advance(10 * 60_000);
      }
      expect(await w.tick()).toBe('paused');
      expect(w.daily.settings(GUILD)?.pausedReason).toMatch(
        /paused after 3 failed attempts.*no longer exists/,
      );
      w.daily.enable({
        guildId: GUILD,
        channelId: CHANNEL,
        time: '09:00',
        timezone: 'America/New_York',
        firstDate: '2024-03-01',
        now: 0,
      });
      expect(await w.tick()).toBe('sent');
    });
  });
});
