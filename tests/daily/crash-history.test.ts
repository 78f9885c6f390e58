/**
 * Exactly once after a crash, beyond the nonce window: the restarted poster cannot rely on Discord's
 * `enforce_nonce` any more and must read the channel's history (GET /channels/{id}/messages) on the local Discord.
 * The local Discord's nonce window is shortened to 1 ms, so a blind resend would show as a second message.
 * The child processes have no gateway and are told the bot's permissions; the in-process cases at the end get
 * them from a real discord.js client's cache, as the bot does (`historyReadability` in src/daily/service.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Events, GatewayIntentBits, REST, Routes } from 'discord.js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postNonce, runDailyTick } from '../../src/discord/daily-poster.ts';
import { historyReadability } from '../../src/discord/permissions.ts';
import { dailyMarker } from '../../src/discord/render/daily.ts';
import { openLibrary } from '../../src/library.ts';
import { type LocalDiscord, startLocalDiscord } from '../../src/local-discord/index.ts';
import { describeEachStore, type StoreUnderTest, type TestDatabase } from '../support/stores.ts';

const DATE = '2024-03-01';
/** The first attempt: 30 s after the 09:00 UTC post time. */
const FIRST_TRY = '2024-03-01T09:00:30Z';
/** The restart: ten minutes later, beyond the poster's nonce window (2 min) and its attempt lease (90 s). */
const RESTART = '2024-03-01T09:10:00Z';

interface ChildResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/** Runs one poster tick in a child process (the crash test's fixture); `onSpawn` receives the process. */
function runChild(
  env: Record<string, string>,
  onSpawn?: (child: ChildProcess) => void,
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/daily/fixtures/poster-child.ts'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** A fresh database with daily posts enabled for the local Discord's guild in `channelId`. */
async function databaseFor(
  kind: StoreUnderTest,
  discord: LocalDiscord,
  channelId: string,
): Promise<TestDatabase> {
  const db = await kind.fresh();
  const store = await db.open();
  await store.daily.enable({
    guildId: discord.guildId,
    channelId,
    time: '09:00',
    timezone: 'UTC',
    firstDate: DATE,
    now: 0,
  });
  await store.close();
  return db;
}

const DELIVERY_UNKNOWN = `cannot check whether the ${DATE} post was delivered`;

const postOf = async (db: TestDatabase, guildId: string) => {
  const store = await db.open();
  try {
    return await store.daily.post(guildId, DATE);
  } finally {
    await store.close();
  }
};

/** Requests the local Discord received for one channel's messages since index `from`, as `METHOD path`. */
const channelCalls = (discord: LocalDiscord, channelId: string, from: number): string[] =>
  discord.requests
    .slice(from)
    .filter((r) => r.path.startsWith(`/channels/${channelId}/messages`))
    .map((r) => `${r.method} ${r.path.replace(channelId, '{channel_id}')}`);

/**
 * A stand-in for Discord that never receives anything: the first request to reach it SIGKILLs the child that
 * sent it and drops the connection. The child dies with its request in flight, before Discord got it.
 */
async function startBlackHole(): Promise<{
  url: string;
  target: { child: ChildProcess | null };
  seen: string[];
  close(): Promise<void>;
}> {
  const target: { child: ChildProcess | null } = { child: null };
  const seen: string[] = [];
  const server: Server = createServer((req) => {
    seen.push(`${req.method} ${req.url}`);
    target.child?.kill('SIGKILL');
    req.socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    target,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describeEachStore(
  'exactly once after a crash, restarted beyond the nonce window (channel history on the local Discord)',
  (kind) => {
    let discord: LocalDiscord;
    let rest: REST;
    const envFor = (db: TestDatabase, now: string, apiBase = discord.restApiBase) => ({
      ...db.env,
      DISCORD_API_BASE: apiBase,
      DISCORD_TOKEN: discord.botToken,
      FOOTNOTE_TEST_BOT_USER_ID: discord.botUserId,
      // The channels these child runs post in grant the bot Read Message History.
      FOOTNOTE_TEST_CAN_READ_HISTORY: '1',
      FOOTNOTE_TEST_NOW: now,
    });

    beforeAll(async () => {
      discord = await startLocalDiscord({ port: 0, nonceWindowMs: 1 });
      rest = new REST({ api: discord.restApiBase, retries: 0 }).setToken(discord.botToken);
    });
    afterAll(async () => {
      await discord?.close();
    });

    it('precondition: beyond the local Discord’s nonce window a repeated nonce creates a second message', async () => {
      const channel = discord.createChannel({ name: 'control' });
      const body = {
        content: 'same nonce',
        nonce: 'control-1',
        enforce_nonce: true,
        allowed_mentions: { parse: [] },
      };
      await rest.post(Routes.channelMessages(channel), { body });
      await new Promise((r) => setTimeout(r, 5));
      await rest.post(Routes.channelMessages(channel), { body });
      expect(discord.channelMessages(channel)).toHaveLength(2);
    });

    describe('killed after Discord accepted the post, before it was recorded', () => {
      let channelId: string;
      let db: TestDatabase;

      beforeAll(async () => {
        channelId = discord.createChannel({ name: 'daily-delivered' });
        db = await databaseFor(kind, discord, channelId);
      });

      it('the restart finds the post in the channel history, records it, and does not post again', async () => {
        const crashed = await runChild({ ...envFor(db, FIRST_TRY), FOOTNOTE_TEST_CRASH_AFTER_SEND: '1' });
        expect(crashed.signal).toBe('SIGKILL');
        const delivered = discord.channelMessages(channelId);
        expect(delivered).toHaveLength(1);
        expect(await postOf(db, discord.guildId)).toMatchObject({
          status: 'pending',
          uncertain: true,
          attempts: 1,
        });

        // What the restart will see: Discord's history carries no nonce, only the footer marker identifies the post.
        const history = (await rest.get(Routes.channelMessages(channelId))) as Record<string, unknown>[];
        expect(history).toHaveLength(1);
        expect(history[0]).not.toHaveProperty('nonce');
        expect(history[0]).toMatchObject({ embeds: [{ footer: { text: dailyMarker(DATE) } }] });

        const from = discord.requests.length;
        const restarted = await runChild(envFor(db, RESTART));
        expect(restarted.stderr).toBe('');
        expect(JSON.parse(restarted.stdout)).toEqual({ [discord.guildId]: 'recovered' });
        expect(channelCalls(discord, channelId, from)).toEqual(['GET /channels/{channel_id}/messages']);
        expect(discord.channelMessages(channelId)).toEqual(delivered);
        expect(await postOf(db, discord.guildId)).toMatchObject({
          status: 'sent',
          messageId: delivered[0]?.id,
        });
      }, 60_000);
    });

    describe('killed before Discord received the post', () => {
      let channelId: string;
      let db: TestDatabase;

      beforeAll(async () => {
        channelId = discord.createChannel({ name: 'daily-lost' });
        db = await databaseFor(kind, discord, channelId);
      });

      it('the restart finds nothing in the history and posts exactly once', async () => {
        const hole = await startBlackHole();
        try {
          const crashed = await runChild(envFor(db, FIRST_TRY, hole.url), (child) => {
            hole.target.child = child;
          });
          expect(crashed.signal).toBe('SIGKILL');
          expect(hole.seen).toEqual([`POST /api/v10/channels/${channelId}/messages`]);
        } finally {
          await hole.close();
        }
        expect(discord.channelMessages(channelId)).toHaveLength(0);
        // The attempt was committed before the request: the outcome is unknown to the poster.
        expect(await postOf(db, discord.guildId)).toMatchObject({
          status: 'pending',
          uncertain: true,
          attempts: 1,
        });

        const from = discord.requests.length;
        const restarted = await runChild(envFor(db, RESTART));
        expect(restarted.stderr).toBe('');
        expect(JSON.parse(restarted.stdout)).toEqual({ [discord.guildId]: 'sent' });
        expect(channelCalls(discord, channelId, from)).toEqual([
          'GET /channels/{channel_id}/messages',
          'POST /channels/{channel_id}/messages',
        ]);
        const messages = discord.channelMessages(channelId);
        expect(messages).toHaveLength(1);
        expect(messages[0]?.nonce).toBe(postNonce(discord.guildId, DATE));
        expect(messages[0]?.embeds).toMatchObject([{ footer: { text: dailyMarker(DATE) } }]);
        expect(await postOf(db, discord.guildId)).toMatchObject({
          status: 'sent',
          messageId: messages[0]?.id,
        });
      }, 60_000);
    });

    /**
     * The hard cases of the history check, in process (the crash is an `afterSend` that throws, as in poster.test.ts),
     * with the bot's permissions read from a logged-in discord.js client's gateway cache.
     */
    describe('hard cases of the history check (gateway cache for permissions)', () => {
      let client: Client<true>;
      let canReadHistory: (channelId: string) => boolean | undefined;

      beforeAll(async () => {
        const login = new Client({
          intents: [GatewayIntentBits.Guilds],
          rest: { api: discord.restApiBase, offset: 0 },
        });
        const ready = new Promise<Client<true>>((resolve) => login.once(Events.ClientReady, resolve));
        await login.login(discord.botToken);
        client = await ready;
        await discord.waitForBot();
        canReadHistory = historyReadability(client);
      }, 30_000);
      afterAll(async () => {
        await client?.destroy();
      });

      /** A new channel, once the client has it in its cache (CHANNEL_CREATE arrived). */
      const cachedChannel = async (options: Parameters<LocalDiscord['createChannel']>[0]) => {
        const channelId = discord.createChannel(options);
        for (let i = 0; i < 250 && !client.channels.cache.has(channelId); i += 1)
          await new Promise((r) => setTimeout(r, 20));
        return channelId;
      };

      const crashThenRestart = async (
        channelId: string,
        hooks: { before?: () => void; between?: () => void } = {},
      ) => {
        const db = await databaseFor(kind, discord, channelId);
        const store = await db.open();
        const library = await openLibrary({ dataDir: 'data' });
        let now = new Date(FIRST_TRY);
        const options = {
          rest,
          botUserId: client.user.id,
          canReadHistory,
          daily: store.daily,
          library,
          logger: pino({ level: 'silent' }),
          now: () => now,
        };
        try {
          hooks.before?.();
          await runDailyTick({
            ...options,
            afterSend: () => {
              throw new Error('crash between send and record');
            },
          });
          hooks.between?.();
          now = new Date(RESTART);
          const from = discord.requests.length;
          const outcome = (await runDailyTick(options)).get(discord.guildId);
          return {
            outcome,
            calls: channelCalls(discord, channelId, from),
            post: await store.daily.post(discord.guildId, DATE),
            settings: await store.daily.settings(discord.guildId),
          };
        } finally {
          await store.close();
        }
      };

      it('the gateway cache says whether the bot can read a channel’s history, or that it does not know', async () => {
        const hidden = await cachedChannel({ name: 'daily-hidden', botCanView: false });
        const unreadable = await cachedChannel({ name: 'daily-unreadable', botCanReadHistory: false });
        expect(canReadHistory(discord.channelId)).toBe(true);
        expect(canReadHistory(hidden)).toBe(false);
        expect(canReadHistory(unreadable)).toBe(false);
        expect(canReadHistory('1')).toBeUndefined(); // not in the cache
      });

      it('without Read Message History (Discord lists nothing) the restart records why and does not post again', async () => {
        const channelId = await cachedChannel({ name: 'daily-no-history', botCanReadHistory: false });
        expect(canReadHistory(channelId)).toBe(false);
        const restart = await crashThenRestart(channelId);
        const messages = discord.channelMessages(channelId);
        expect(messages).toHaveLength(1);
        // The trap: the one message is there, yet Discord lists none to this bot.
        expect(await rest.get(Routes.channelMessages(channelId))).toEqual([]);
        expect(restart.outcome).toBe('failed');
        expect(restart.calls).toEqual([]); // neither a listing that proves nothing nor a resend
        expect(restart.settings?.lastFailureReason).toBe(
          `${DELIVERY_UNKNOWN}: missing Read Message History (or View Channel) in <#${channelId}>`,
        );
        expect(restart.post).toMatchObject({ status: 'pending', uncertain: true, attempts: 1 });
      }, 30_000);

      it('more than a page of messages around the post: pages forward, finds it, and does not post again', async () => {
        const channelId = await cachedChannel({ name: 'daily-busy' });
        expect(canReadHistory(channelId)).toBe(true);
        const chatter = (label: string, count: number) => {
          for (let i = 0; i < count; i += 1) discord.postUserMessage(channelId, `${label} ${i}`);
        };
        const restart = await crashThenRestart(channelId, {
          before: () => chatter('before', 150),
          between: () => chatter('after', 100),
        });
        const posts = discord.channelMessages(channelId).filter((m) => m.author.id === discord.botUserId);
        expect(posts).toHaveLength(1);
        expect(restart.outcome).toBe('recovered');
        // Page 1: the oldest 100 (all chatter); page 2 holds the post.
        expect(restart.calls).toEqual([
          'GET /channels/{channel_id}/messages',
          'GET /channels/{channel_id}/messages',
        ]);
        expect(restart.post).toMatchObject({
          status: 'sent',
          messageId: posts[0]?.id,
          sentAt: Date.parse(posts[0]?.timestamp ?? ''),
        });
      }, 30_000);
    });
  },
);
