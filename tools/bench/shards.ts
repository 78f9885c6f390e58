/**
 * Benchmark (not a test): Footnote with 1, 2 and 4 shard processes (the real ShardingManager and src/shard-process.ts)
 * against the local Discord with many servers. For each count it sends /ask interactions spread over every
 * server (several in flight) and prints interactions per second, the p99 from INTERACTION_CREATE to the
 * callback, and each shard's memory; and it checks that every server's daily post was made exactly once.
 * Usage: npm run bench:shards [-- <servers> <interactions> <in flight>]   (default 32 300 8)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalDiscord } from '../../src/local-discord/index.ts';
import type { LocalDiscord } from '../../src/local-discord/types.ts';
import { createLogger } from '../../src/log.ts';
import { startShards, waitForCommands } from '../../src/shard-manager.ts';
import { openBotStore } from '../../src/store/bot-store.ts';

const QUESTIONS = [
  'Who obtained Directive 24?',
  'Why does Vietnam still let China train its senior cadres?',
  'What did the Politburo warn about hostile forces?',
  'What is the airspeed of an unladen swallow?',
];

interface Row {
  readonly shards: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly unanswered: number;
  readonly rssMiB: readonly number[];
  readonly dailyOk: number;
  readonly dailyBad: readonly string[];
}

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** Daily posts per server: bot messages in its #general that are no interaction's answer. */
function dailyPosts(discord: LocalDiscord, channels: ReadonlyMap<string, string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [guildId, channelId] of channels) {
    const posts = discord
      .channelMessages(channelId)
      .filter((m) => m.author.id === discord.botUserId && m.interaction_id === undefined);
    counts.set(guildId, posts.length);
  }
  return counts;
}

async function runWith(shardCount: number, servers: number, total: number, inFlight: number): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), `fn-bench-shards-${shardCount}-`));
  const dbPath = join(dir, 'footnote.db');
  const discord = await startLocalDiscord({
    shards: shardCount,
    settleQuietMs: 5,
    interactionDeadlineMs: 10_000,
  });
  const channels = new Map<string, string>([[discord.guildId, discord.channelId]]);
  for (let i = 1; i < servers; i++) {
    const guild = discord.addGuild(`Server ${i + 1}`);
    channels.set(guild.guildId, guild.channelId);
  }
  // Every server posts its daily fact at 00:00 UTC from today: due as soon as the shards' posters tick.
  const now = Date.now();
  const today = new Date(now).toISOString().slice(0, 10);
  const store = openBotStore(dbPath);
  for (const [guildId, channelId] of channels)
    store.daily.enable({ guildId, channelId, time: '00:00', timezone: 'UTC', firstDate: today, now });
  store.close();

  const shards = await startShards({
    count: shardCount,
    token: discord.botToken,
    logger: createLogger({ level: 'silent' }),
    localApi: discord.restApiBase,
    env: {
      FOOTNOTE_DB_PATH: dbPath,
      FOOTNOTE_WATCH_ARTICLES: 'false',
      DAILY_TICK_SECONDS: '1',
      ASK_COOLDOWN_SECONDS: '0',
      LOG_LEVEL: 'silent',
      DISCORD_TOKEN: '',
    },
    spawnDelayMs: 0,
  });
  try {
    await discord.waitForBot(60_000);
    await waitForCommands(discord);
    const guildIds = [...channels.keys()];
    const latencies: number[] = [];
    let unanswered = 0;
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      for (let i = next++; i < total; i = next++) {
        const guildId = guildIds[i % guildIds.length] as string;
        const question = QUESTIONS[i % QUESTIONS.length] as string;
        const outcome = await discord.slashCommand(
          'ask',
          { question, private: true },
          { guildId, waitMs: 15_000 },
        );
        if (outcome.callbackAt === null) unanswered += 1;
        else latencies.push(outcome.callbackAt - outcome.dispatchedAt);
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    const seconds = (performance.now() - started) / 1000;
    const rss = await shards.manager.broadcastEval(() => process.memoryUsage().rss);

    // Every server's post, exactly once: wait for them all, then a few more ticks for any duplicate.
    const deadline = Date.now() + 30_000;
    while ([...dailyPosts(discord, channels).values()].some((n) => n === 0) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 3000));
    const posts = dailyPosts(discord, channels);
    const bad = [...posts]
      .filter(([, n]) => n !== 1)
      .map(([guildId, n]) => {
        const shown = discord
          .channelMessages(channels.get(guildId) ?? '')
          .filter((m) => m.author.id === discord.botUserId && m.interaction_id === undefined)
          .map((m) => `${m.id} nonce=${String(m.nonce)} ${JSON.stringify(m.embeds).slice(0, 80)}`);
        return `${guildId}: ${n} (${shown.join('; ')})`;
      });
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      shards: shardCount,
      perSecond: total / seconds,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      unanswered,
      rssMiB: rss.map((bytes) => Math.round(bytes / 2 ** 20)),
      dailyOk: posts.size - bad.length,
      dailyBad: bad,
    };
  } finally {
    await shards.stop();
    await discord.close();
  }
}

async function main(): Promise<void> {
  const [servers = 32, total = 300, inFlight = 8] = process.argv.slice(2).map(Number);
  process.stdout.write(
    `bench:shards: ${servers} servers, ${total} /ask interactions (${inFlight} in flight), daily post due in every server\n\n`,
  );
  const rows: Row[] = [];
  const counts = (process.env.BENCH_SHARD_COUNTS ?? '1,2,4').split(',').map(Number);
  for (const count of counts) {
    rows.push(await runWith(count, servers, total, inFlight));
    const row = rows.at(-1) as Row;
    process.stderr.write(`  ${count} shard(s) done\n`);
    if (row.dailyBad.length > 0)
      process.stderr.write(`  daily posts not exactly once: ${row.dailyBad.join(', ')}\n`);
  }
  const header =
    '| shards | interactions/s | p50 ms | p99 ms | unanswered | RSS per shard (MiB) | daily posts exactly once |';
  process.stdout.write(`${header}\n|---|---|---|---|---|---|---|\n`);
  for (const r of rows)
    process.stdout.write(
      `| ${r.shards} | ${r.perSecond.toFixed(1)} | ${r.p50.toFixed(0)} | ${r.p99.toFixed(0)} | ${r.unanswered} | ${r.rssMiB.join(' / ')} | ${r.dailyOk}/${servers} |\n`,
    );
  const failed = rows.some((r) => r.dailyBad.length > 0 || r.unanswered > 0);
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:shards failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
