import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDiscord } from '../../src/local-discord/index.ts';
import type { InteractionOutcome, LocalDiscord } from '../../src/local-discord/types.ts';
import { createLogger } from '../../src/log.ts';
import {
  type RunningShards,
  recommendedShardCount,
  shardMessage,
  shardsHealth,
  shardsMetrics,
  startShards,
  waitForCommands,
} from '../../src/shard-manager.ts';
import { writeArticle } from '../support/library-files.ts';
import { runStart } from '../support/start-run.ts';

/** The name of /about's shards field ("Shards (2, 2 servers; this answer: shard #1)"), or undefined. */
function shardsField(outcome: InteractionOutcome): string | undefined {
  const embeds = (outcome.original?.embeds ?? []) as { fields?: { name: string; value: string }[] }[];
  return embeds[0]?.fields?.find((f) => f.name.startsWith('Shards'))?.name;
}

describe('shard messages', () => {
  it('reads the manager’s reload message and nothing else', () => {
    expect(shardMessage({ footnote: 'reload', trigger: '/reload by 1' })).toEqual({
      footnote: 'reload',
      trigger: '/reload by 1',
    });
    expect(shardMessage({ _ready: true })).toBeNull();
    expect(shardMessage({ footnote: 'reload' })).toBeNull();
    expect(shardMessage(null)).toBeNull();
  });
});

describe('two shard processes under the manager, on the local Discord', () => {
  let discord: LocalDiscord;
  let shards: RunningShards;
  let guilds: { guildId: string; shard: number }[];
  let dataDir: string;

  beforeAll(async () => {
    discord = await startLocalDiscord({ shards: 2 });
    const second = discord.addGuild('Second');
    const dir = mkdtempSync(join(tmpdir(), 'fn-shards-'));
    // A copy of the seed library, so a test can add an article and reload.
    dataDir = join(dir, 'data');
    cpSync('data/articles', join(dataDir, 'articles'), { recursive: true });
    shards = await startShards({
      count: await recommendedShardCount(discord.restApiBase, discord.botToken),
      token: discord.botToken,
      logger: createLogger({ level: 'silent' }),
      localApi: discord.restApiBase,
      env: {
        FOOTNOTE_DB_PATH: join(dir, 'footnote.db'),
        FOOTNOTE_DATA_DIR: dataDir,
        FOOTNOTE_WATCH_ARTICLES: 'false',
        LOG_LEVEL: 'silent',
        DISCORD_TOKEN: '',
      },
      spawnDelayMs: 0,
    });
    await discord.waitForBot(30_000);
    await waitForCommands(discord);
    // Shards are known once the bot has identified with its shard count.
    guilds = [discord.guildId, second.guildId].map((guildId) => ({
      guildId,
      shard: discord.shardOf(guildId),
    }));
  }, 180_000);

  afterAll(async () => {
    await shards?.stop();
    await discord?.close();
  }, 30_000);

  it('puts the two servers on different shards', () => {
    expect(discord.shardCount()).toBe(2);
    expect(new Set(guilds.map((g) => g.shard))).toEqual(new Set([0, 1]));
  });

  it('answers each server from the process of its shard, with figures of every shard', async () => {
    for (const { guildId, shard } of guilds) {
      const outcome = await discord.slashCommand('about', {}, { guildId, waitMs: 20_000 });
      expect(shardsField(outcome)).toBe(`Shards (2, 2 servers; this answer: shard #${shard})`);
    }
  }, 60_000);

  it("gives the manager every shard's health and merged metrics (for /healthz and /metrics)", async () => {
    const aboutCount = (metrics: Awaited<ReturnType<typeof shardsHealth>>['metrics'][number]) =>
      metrics
        .find((metric) => metric.name === 'footnote_interactions_total')
        ?.values.filter((value) => value.labels.command === 'about')
        .reduce((sum, value) => sum + value.value, 0) ?? 0;
    const before = await shardsHealth(shards.manager);
    expect(before.checks).toEqual({ shards: true, gateway: true, library: true, store: true });
    expect(before.metrics).toHaveLength(2);
    for (const { guildId } of guilds) await discord.slashCommand('about', {}, { guildId, waitMs: 20_000 });
    const after = await shardsHealth(shards.manager);
    // One /about on each server: each shard counted its own one.
    expect(
      after.metrics.map(aboutCount).map((count, i) => count - aboutCount(before.metrics[i] ?? [])),
    ).toEqual([1, 1]);
    const merged = await shardsMetrics(shards.manager).metrics();
    const total = (text: string) =>
      [...text.matchAll(/^footnote_interactions_total\{[^}]*command="about"[^}]*\} (\d+)$/gmu)].reduce(
        (sum, match) => sum + Number(match[1]),
        0,
      );
    expect(total(merged)).toBe(after.metrics.map(aboutCount).reduce((a, b) => a + b, 0));
    // Each shard holds the whole library: the merged size is the library's, not the sum over shards.
    expect(merged).toMatch(/^footnote_library_articles 2$/mu);
    expect(merged).toMatch(/^footnote_gateway_shard_ready\{shard="0"\} 1$/mu);
    expect(merged).toMatch(/^footnote_gateway_shard_ready\{shard="1"\} 1$/mu);
  });

  it('a /reload on one shard reloads every shard', async () => {
    const articlesOf = async () =>
      (await shardsHealth(shards.manager)).metrics.map(
        (metrics) => metrics.find((metric) => metric.name === 'footnote_library_articles')?.values[0]?.value,
      );
    expect(await articlesOf()).toEqual([2, 2]);
    await writeArticle(dataDir, {
      id: 'sluices',
      title: 'Sluices',
      body: 'Engineers proposed new sluice gates. The government approved them in March 2020.',
    });
    const onZero = guilds.find((g) => g.shard === 0);
    const reload = await discord.slashCommand(
      'reload',
      {},
      { guildId: onZero?.guildId ?? '', waitMs: 60_000 },
    );
    expect(reload.original?.content).toMatch(/Reloaded in .*: 3 articles[\s\S]*Added \(1\): `sluices`/u);
    // Shard 0 reloaded for the command; the manager passes it on, and shard 1 reloads too.
    const deadline = Date.now() + 60_000;
    let counts = await articlesOf();
    while (counts.some((count) => count !== 3) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      counts = await articlesOf();
    }
    expect(counts).toEqual([3, 3]);
    const onOne = guilds.find((g) => g.shard === 1);
    const answer = await discord.slashCommand(
      'ask',
      { question: 'sluice gates approved' },
      { guildId: onOne?.guildId ?? '', waitMs: 20_000 },
    );
    expect(JSON.stringify(answer.original ?? {})).toMatch(/March 2020/u);
  }, 180_000);

  it('respawns a shard whose process died, which then answers its server again', async () => {
    const onOne = guilds.find((g) => g.shard === 1);
    const child = shards.manager.shards.get(1)?.process;
    expect(child).toBeTruthy();
    child?.kill('SIGKILL');
    // The manager starts a new process for shard 1; it is ready once its client has identified again.
    const shard = shards.manager.shards.get(1);
    const deadline = Date.now() + 120_000;
    while (!(shard?.ready && shard.process && shard.process.pid !== child?.pid)) {
      if (Date.now() > deadline) throw new Error('shard 1 was not respawned in time');
      await new Promise((r) => setTimeout(r, 50));
    }
    await discord.waitForBot(10_000);
    const outcome = await discord.slashCommand(
      'about',
      {},
      { guildId: onOne?.guildId ?? '', waitMs: 20_000 },
    );
    expect(shardsField(outcome)).toMatch(/this answer: shard #1\)$/u);
  }, 180_000);
});

describe('FOOTNOTE_SHARDS=2 npm start without a token', () => {
  it('answers in the terminal chat and exits 0 at end of input', async () => {
    const run = await runStart('/about\n/ask question: Who obtained Directive 24?\n', {
      FOOTNOTE_SHARDS: '2',
    });
    expect(run.stderr).not.toMatch(/could not start|Error:/u);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Shards \(2, 1 server; this answer: shard #\d\)/u);
    expect(run.stdout).toContain('Project88, was able to get the paper, also known as Directive 24.');
  }, 120_000);
});
