import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DailyStore, openDailyStore } from '../../src/daily/daily-store.ts';
import { sqliteDailyRecords } from '../../src/daily/records.ts';
import { HISTORY_PAGE_CAP, HISTORY_SLACK_MS, snowflakeAt } from '../../src/discord/daily-delivered.ts';
import { type PosterOptions, postNonce, runDailyTick } from '../../src/discord/daily-poster.ts';
import { type Library, openLibrary } from '../../src/library.ts';
import { openStore } from '../../src/store/database.ts';
import { FAKE_BOT_ID, FAKE_USER_ID, fakeRest } from './fake-rest.ts';

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
    botUserId: FAKE_BOT_ID,
    // The gateway cache agrees with the fake Discord unless a test says otherwise.
    canReadHistory: () => discord.canReadHistory(),
    daily: sqliteDailyRecords(daily),
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

type World = ReturnType<typeof world>;

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

    it('skips a server the bot is not in, says so once, and posts there again once it is back', async () => {
      const w = world('2024-03-01T14:00:00Z');
      const lines: string[] = [];
      const said = new Set<string>();
      const recording = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
      const away = w.options({ isMember: () => false, logger: recording });
      for (let i = 0; i < 3; i++) expect((await runDailyTick(away, said)).get(GUILD)).toBe('not-member');
      expect(w.discord.messages).toHaveLength(0);
      expect(posts(w.daily)).toEqual([]);
      expect(lines.filter((line) => line.includes('not in this server'))).toHaveLength(1);
      expect(lines.filter((line) => /"level":(40|50)/u.test(line))).toEqual([]);
      expect(await w.tick({ isMember: () => true })).toBe('sent');
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
      w.advance(80_000); // after the first retry delay, within the nonce window (short of its margin)
      expect(await w.tick()).toBe('sent');
      expect(w.discord.messages).toHaveLength(1);
      expect(w.daily.post(GUILD, '2024-03-01')).toMatchObject({
        status: 'sent',
        messageId: w.discord.messages[0]?.id,
      });
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
      // Recorded as the message Discord holds, sent when Discord says, not when it was found.
      expect(w.daily.post(GUILD, '2024-03-01')).toMatchObject({
        status: 'sent',
        messageId: w.discord.messages[0]?.id,
        sentAt: Date.parse('2024-03-01T14:00:00Z'),
      });
    });
  });

  describe('recovery beyond the nonce window (the channel history)', () => {
    const DATE = '2024-03-01';
    const crashAfterSend = (w: World, extra: Partial<PosterOptions> = {}) =>
      runDailyTick(
        w.options({
          ...extra,
          afterSend: () => {
            throw new Error('crash between send and record');
          },
        }),
      );
    const chatter = (w: World, count: number) => {
      for (let i = 0; i < count; i++) w.discord.postAs(CHANNEL, FAKE_USER_ID, { content: `chatter ${i}` });
    };

    it('pages forward from just before the intent through busy history and finds the post', async () => {
      const w = world('2024-03-01T13:59:00Z');
      chatter(w, 150); // within the slack before the intent
      w.setNow('2024-03-01T14:00:00Z');
      await crashAfterSend(w);
      w.advance(60_000);
      chatter(w, 150); // more than a page after the post
      w.advance(30 * 60_000);
      expect(await w.tick()).toBe('recovered');
      expect(w.discord.botMessages()).toHaveLength(1);
      expect(w.daily.post(GUILD, DATE)).toMatchObject({
        status: 'sent',
        messageId: w.discord.botMessages()[0]?.id,
      });
      const afters = w.discord.listings.map((q) => q.get('after'));
      const intent = Date.parse('2024-03-01T14:00:00Z');
      // Page 1: the 150 earlier messages' oldest 100; page 2 holds the post.
      expect(afters).toEqual([snowflakeAt(intent - HISTORY_SLACK_MS), w.discord.messages[99]?.id]);
      expect(w.discord.listings.every((q) => q.get('limit') === '100')).toBe(true);
    });

    it('resends only after reading every page without finding it', async () => {
      const w = world('2024-03-01T14:00:00Z');
      w.discord.failNext({ status: 500, code: 0, message: 'Internal Server Error' }); // outcome unknown
      expect(await w.tick()).toBe('failed');
      expect(w.daily.post(GUILD, DATE)?.uncertain).toBe(true);
      chatter(w, 250);
      w.advance(30 * 60_000);
      expect(await w.tick()).toBe('sent');
      expect(w.discord.listings).toHaveLength(3); // 100, 100, 50: the end of the channel
      expect(w.discord.botMessages()).toHaveLength(1);
    });

    it('does not take a look-alike by another author for the post', async () => {
      const w = world('2024-03-01T14:00:00Z');
      w.discord.failNext({ status: 500, code: 0, message: 'Internal Server Error' });
      await w.tick();
      w.discord.postAs(CHANNEL, FAKE_USER_ID, { embeds: [{ footer: { text: `Footnote daily · ${DATE}` } }] });
      w.advance(30 * 60_000);
      expect(await w.tick()).toBe('sent');
      const own = w.discord.botMessages();
      expect(own).toHaveLength(1);
      expect(w.daily.post(GUILD, DATE)?.messageId).toBe(own[0]?.id);
    });

    it('without Read Message History (Discord lists nothing) it fails, never resends, and recovers once granted', async () => {
      const w = world('2024-03-01T14:00:00Z');
      await crashAfterSend(w);
      w.discord.setCanReadHistory(false);
      w.advance(30 * 60_000);
      expect(await w.tick()).toBe('failed');
      expect(w.discord.messages).toHaveLength(1);
      expect(w.discord.listings).toHaveLength(0); // an empty listing would prove nothing
      expect(w.daily.settings(GUILD)?.lastFailureReason).toBe(
        `cannot check whether the ${DATE} post was delivered: missing Read Message History (or View Channel) in <#${CHANNEL}>`,
      );
      w.discord.setCanReadHistory(true);
      w.advance(30 * 60_000);
      expect(await w.tick()).toBe('recovered');
      expect(w.discord.messages).toHaveLength(1);
      expect(w.daily.settings(GUILD)?.consecutiveFailures).toBe(0);
    });

    it('with its permissions unknown it fails, never resends, and pauses after repeated failures', async () => {
      const w = world('2024-03-01T14:00:00Z');
      const unknown = { canReadHistory: () => undefined };
      await crashAfterSend(w, unknown);
      for (let i = 0; i < 2; i++) {
        w.advance(30 * 60_000);
        expect(await w.tick(unknown)).toBe('failed');
      }
      w.advance(30 * 60_000);
      expect(await w.tick(unknown)).toBe('paused');
      expect(w.discord.messages).toHaveLength(1);
      expect(w.discord.listings).toHaveLength(0);
      expect(w.daily.settings(GUILD)?.pausedReason).toContain(
        `cannot check whether the ${DATE} post was delivered: the bot's permissions in <#${CHANNEL}> are unknown (not in its cache`,
      );
    });

    it('treats a failed listing as unknown: a failure and a retry, never a resend', async () => {
      const w = world('2024-03-01T14:00:00Z');
      await crashAfterSend(w);
      w.discord.failNextListing({ status: 503, code: 0, message: 'Service Unavailable' });
      w.advance(30 * 60_000);
      expect(await w.tick()).toBe('failed');
      expect(w.daily.settings(GUILD)?.lastFailureReason).toMatch(
        /^cannot check whether .* Discord answered 503/,
      );
      expect(w.discord.messages).toHaveLength(1);
      w.advance(30 * 60_000);
      expect(await w.tick()).toBe('recovered');
      expect(w.discord.messages).toHaveLength(1);
    });

    it(`gives up as unknown after ${HISTORY_PAGE_CAP} full pages, without resending`, async () => {
      const w = world('2024-03-01T14:00:00Z');
      w.discord.failNext({ status: 500, code: 0, message: 'Internal Server Error' });
      await w.tick();
      chatter(w, HISTORY_PAGE_CAP * 100 + 1);
      w.advance(30 * 60_000);
      expect(await w.tick()).toBe('failed');
      expect(w.discord.listings).toHaveLength(HISTORY_PAGE_CAP);
      expect(w.daily.settings(GUILD)?.lastFailureReason).toContain('more than 5000 messages');
      expect(w.discord.botMessages()).toHaveLength(0);
    });

    it('measures the nonce window from the intent: repeated crashes inside it do not lead to a blind resend', async () => {
      const w = world('2024-03-01T14:00:00Z');
      const quick = { settings: { pauseAfterFailures: 5, retryBaseMs: 10_000, retryMaxMs: 10_000 } };
      await crashAfterSend(w, quick);
      w.advance(80_000);
      await crashAfterSend(w, quick); // Discord returns the first message (same nonce); crash again
      expect(w.discord.messages).toHaveLength(1);
      w.advance(100_000); // 100 s after the last attempt, 180 s after the message: Discord forgot the nonce
      expect(await w.tick(quick)).toBe('recovered');
      expect(w.discord.messages).toHaveLength(1);
    });

    it('a resend decided inside the nonce window but slow to go out is left to a lookup, never sent blind', async () => {
      const w = world('2024-03-01T14:00:00Z');
      await crashAfterSend(w);
      const decidedAt = new Date('2024-03-01T14:00:00Z').getTime() + 80_000;
      w.setNow(new Date(decidedAt).toISOString());
      // The tick reads the clock once to decide (80 s after the intent: a blind resend is allowed); this process is
      // then slow, and by the send the clock says 110 s: past the blind-resend time, near the end of the window.
      let reads = 0;
      const slow = { now: () => new Date(decidedAt + (reads++ === 0 ? 0 : 30_000)) };
      expect(await w.tick(slow)).toBe('in-flight');
      expect(w.discord.messages).toHaveLength(1);
      expect(w.daily.post(GUILD, DATE)).toMatchObject({
        status: 'pending',
        uncertain: true,
        leaseUntil: null,
      });
      w.advance(60_000); // the next tick looks it up, finds it and records it
      expect(await w.tick()).toBe('recovered');
      expect(w.discord.messages).toHaveLength(1);
    });

    it('keeps an earlier uncertain attempt uncertain when a later one is refused', async () => {
      const w = world('2024-03-01T14:00:00Z');
      await crashAfterSend(w);
      w.advance(80_000);
      w.discord.failNext(MISSING_PERMISSIONS); // refused: but the first attempt may have delivered
      expect(await w.tick()).toBe('failed');
      expect(w.daily.post(GUILD, DATE)?.uncertain).toBe(true);
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
