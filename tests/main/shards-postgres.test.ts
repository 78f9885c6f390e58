/**
 * Issue #14's done-when: with DATABASE_URL on a PostgreSQL server, daily posts stay exactly once across two shard
 * processes and a restart. Two shards (the real ShardingManager and src/shard-process.ts) post every server's
 * fact of the day on the local Discord; both are SIGKILLed, and two new shards start on the same database the
 * same day and tick several times. Each server must have one daily message in its channel and one 'sent' row,
 * posted by the shard that owns it. One server is enabled only before the restart, so the new shards are seen
 * to tick against the same records (they post it, and nothing else).
 */
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { shardOfGuild } from '../../src/discord/shards.ts';
import { startLocalDiscord } from '../../src/local-discord/index.ts';
import type { LocalDiscord } from '../../src/local-discord/types.ts';
import { createLogger } from '../../src/log.ts';
import { type RunningShards, startShards, waitForCommands } from '../../src/shard-manager.ts';
import { describePostgres, type TestDatabase } from '../support/stores.ts';

const SHARDS = 2;
/** Servers posting from the start (the default one and five added), three per shard. */
const SERVERS = 6;
/** The poster's tick (DAILY_TICK_SECONDS), and how many ticks the new shards run after their one post. */
const TICK_SECONDS = 1;
const TICKS_AFTER_RESTART = 5;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Server {
  readonly guildId: string;
  readonly channelId: string;
}

interface PostRow {
  guild_id: string;
  local_date: string;
  status: string;
  message_id: string | null;
}

/** The bot's daily posts in a channel: its messages that answer no interaction. */
function dailyMessages(discord: LocalDiscord, channelId: string) {
  return discord
    .channelMessages(channelId)
    .filter((m) => m.author.id === discord.botUserId && m.interaction_id === undefined && !m.deleted);
}

/** `daily post sent` / `found already delivered` lines of a shard log file: which shard posted which server. */
function postLines(file: string): { shard: number; guildId: string; msg: string }[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { shard: number; guildId: string; msg: string })
    .filter((l) => /^daily post (sent|found already delivered)/u.test(l.msg))
    .map(({ shard, guildId, msg }) => ({ shard, guildId, msg }));
}

async function enableDaily(db: TestDatabase, servers: readonly Server[], today: string): Promise<void> {
  const store = await db.open();
  try {
    for (const { guildId, channelId } of servers)
      await store.daily.enable({
        guildId,
        channelId,
        time: '00:00',
        timezone: 'UTC',
        firstDate: today,
        now: Date.now(),
      });
  } finally {
    await store.close();
  }
}

/** Waits until each server has a 'sent' row and a daily message in its channel. */
async function waitForPosts(
  discord: LocalDiscord,
  db: TestDatabase,
  servers: readonly Server[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const sent = new Set(
      (await db.rows<PostRow>("SELECT guild_id FROM daily_posts WHERE status = 'sent'")).map(
        (r) => r.guild_id,
      ),
    );
    const missing = servers.filter(
      (s) => !sent.has(s.guildId) || dailyMessages(discord, s.channelId).length === 0,
    );
    if (missing.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`daily posts not made in time for ${missing.map((s) => s.guildId).join(', ')}`);
    await sleep(200);
  }
}

/** SIGKILLs every shard process (no respawn, no goodbye) and waits until they are gone. */
async function killShards(shards: RunningShards): Promise<void> {
  shards.manager.respawn = false;
  const children = [...shards.manager.shards.values()].flatMap((s) => (s.process ? [s.process] : []));
  expect(children).toHaveLength(SHARDS);
  await Promise.all(
    children.map((child) => {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      return exited;
    }),
  );
  for (const child of children) expect(child.signalCode).toBe('SIGKILL');
}

describePostgres('daily posts across two shards and a restart, on one PostgreSQL database', (kind) => {
  let discord: LocalDiscord;
  let db: TestDatabase;
  let servers: Server[];
  let late: Server;
  let shards: RunningShards | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'fn-shards-pg-'));
  const logs = [join(dir, 'before.log'), join(dir, 'after.log')] as const;
  const today = new Date().toISOString().slice(0, 10);
  const start = (logFile: string) =>
    startShards({
      count: SHARDS,
      token: discord.botToken,
      logger: createLogger({ level: 'silent' }),
      localApi: discord.restApiBase,
      env: {
        DATABASE_URL: db.env.DATABASE_URL as string,
        FOOTNOTE_DB_PATH: join(dir, 'unused.db'),
        FOOTNOTE_WATCH_ARTICLES: 'false',
        DAILY_TICK_SECONDS: String(TICK_SECONDS),
        LOG_LEVEL: 'info',
        LOG_FILE: logFile,
        DISCORD_TOKEN: '',
      },
      spawnDelayMs: 0,
    });

  beforeAll(async () => {
    db = await kind.fresh();
    discord = await startLocalDiscord({ shards: SHARDS, settleQuietMs: 5 });
    servers = [{ guildId: discord.guildId, channelId: discord.channelId }];
    for (let i = 1; i < SERVERS; i++) servers.push(discord.addGuild(`Server ${i + 1}`));
    late = discord.addGuild('Enabled after the restart');
    // Every server posts at 00:00 UTC from today: due as soon as a shard's poster ticks.
    await enableDaily(db, servers, today);
  }, 60_000);

  afterAll(async () => {
    await shards?.stop(2000);
    await discord?.close();
  }, 30_000);

  it('posts each server once, from its own shard, and again nothing after the shards are killed and restarted', async () => {
    expect(new Set(servers.map((s) => shardOfGuild(s.guildId, SHARDS)))).toEqual(new Set([0, 1]));

    shards = await start(logs[0]);
    await waitForCommands(discord);
    await waitForPosts(discord, db, servers, 60_000);

    // Abrupt stop: every shard process SIGKILLed, nothing closed, then the new server's daily is switched on.
    await killShards(shards);
    shards = undefined;
    await enableDaily(db, [late], today);

    shards = await start(logs[1]);
    await waitForPosts(discord, db, [late], 60_000);
    // Several more ticks of both new shards over the same records.
    await sleep(TICKS_AFTER_RESTART * TICK_SECONDS * 1000);
    await shards.stop(2000);
    shards = undefined;

    const everyone = [...servers, late];
    const rows = await db.rows<PostRow>(
      'SELECT guild_id, local_date, status, message_id FROM daily_posts ORDER BY guild_id',
    );
    for (const { guildId, channelId } of everyone) {
      const messages = dailyMessages(discord, channelId);
      expect(messages, `daily messages in ${guildId}`).toHaveLength(1);
      expect(
        rows.filter((r) => r.guild_id === guildId),
        `daily_posts rows of ${guildId}`,
      ).toEqual([{ guild_id: guildId, local_date: today, status: 'sent', message_id: messages[0]?.id }]);
    }
    expect(rows).toHaveLength(everyone.length);

    // Who posted: each server by its own shard, the first ones before the restart, only the late one after.
    const owner = (guildId: string) => shardOfGuild(guildId, SHARDS);
    const sorted = (lines: { shard: number; guildId: string; msg: string }[]) =>
      [...lines].sort((a, b) => a.guildId.localeCompare(b.guildId));
    expect(sorted(postLines(logs[0]))).toEqual(
      sorted(servers.map(({ guildId }) => ({ shard: owner(guildId), guildId, msg: 'daily post sent' }))),
    );
    expect(postLines(logs[1])).toEqual([
      { shard: owner(late.guildId), guildId: late.guildId, msg: 'daily post sent' },
    ]);
  }, 240_000);
});
