/**
 * Two posters (two processes on one database) and one uncertain post, on SQLite and on PostgreSQL: a poster whose history check ran before
 * another poster's attempt must not send on the strength of that check. In process, with a fake clock, the
 * fake Discord (its nonce window 3 minutes) and a history listing held open to make the interleaving certain.
 */
import { pino } from 'pino';
import { beforeAll, expect, it } from 'vitest';
import { type DiscordRest, type PosterOptions, runDailyTick } from '../../src/discord/daily-poster.ts';
import { type Library, openLibrary } from '../../src/library.ts';
import { describeEachStore } from '../support/stores.ts';
import { FAKE_BOT_ID, fakeRest } from './fake-rest.ts';

const GUILD = '100000000000000001';
const CHANNEL = '200000000000000001';

let library: Library;
beforeAll(async () => {
  library = await openLibrary({ dataDir: 'data' });
});

describeEachStore('a claim made on a stale read of the post', (kind) => {
  it('is refused when another attempt began after the history check: one message, not two', async () => {
    let now = Date.parse('2024-03-01T09:00:30Z');
    const discord = fakeRest(() => now);
    const store = await (await kind.fresh()).open();
    const { daily } = store;
    await daily.enable({
      guildId: GUILD,
      channelId: CHANNEL,
      time: '09:00',
      timezone: 'UTC',
      firstDate: '2024-03-01',
      now,
    });
    const options = (rest: DiscordRest): PosterOptions => ({
      rest,
      botUserId: FAKE_BOT_ID,
      canReadHistory: () => true,
      daily,
      library,
      logger: pino({ level: 'silent' }),
      now: () => new Date(now),
      settings: { retryBaseMs: 60_000 },
    });

    // The first attempt's request fails without an answer (a 502): the post may have been delivered.
    discord.failNext({ status: 502, code: 0, message: 'Bad Gateway' });
    await runDailyTick(options(discord.rest));
    expect(await daily.post(GUILD, '2024-03-01')).toMatchObject({
      status: 'pending',
      uncertain: true,
      attempts: 1,
    });
    expect(discord.botMessages()).toHaveLength(0);

    // Ten minutes on (beyond the nonce window) poster B reads the history, and its listing is slow to return.
    now += 10 * 60_000;
    let releaseListing: () => void = () => {};
    const listingHeld = new Promise<void>((resolve) => {
      releaseListing = resolve;
    });
    let listed: () => void = () => {};
    const listingDone = new Promise<void>((resolve) => {
      listed = resolve;
    });
    const slowRest: DiscordRest = {
      post: discord.rest.post,
      async get(route, query) {
        const page = await discord.rest.get(route, query);
        listed();
        await listingHeld;
        return page;
      },
    };
    const b = runDailyTick(options(slowRest));
    await listingDone; // B has read an empty channel.

    // Meanwhile poster A checks, claims, sends; its process dies before recording (its claim released).
    const a = await runDailyTick({
      ...options(discord.rest),
      afterSend: () => {
        throw new Error('crash between send and record');
      },
    });
    expect(a.get(GUILD)).toBe('failed');
    expect(discord.botMessages()).toHaveLength(1);

    // B resumes past Discord's nonce window: sending now would make a second message.
    now += 4 * 60_000;
    releaseListing();
    expect((await b).get(GUILD)).toBe('in-flight');
    expect(discord.botMessages()).toHaveLength(1);

    // The next tick reads the row afresh, finds A's message and records it.
    expect((await runDailyTick(options(discord.rest))).get(GUILD)).toBe('recovered');
    expect(await daily.post(GUILD, '2024-03-01')).toMatchObject({
      status: 'sent',
      messageId: discord.botMessages()[0]?.id,
    });
    expect(discord.botMessages()).toHaveLength(1);
    await store.close();
  });
});
