import { type ChildProcess, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCommands } from '../../src/discord/deploy.ts';
import { loadCommands } from '../../src/discord/loader.ts';
import {
  type InteractionOutcome,
  type LocalDiscord,
  startLocalDiscord,
} from '../../src/local-discord/index.ts';
import { botProcessEnv } from '../../tools/bench/soak-bot.ts';
import { writeArticle, writeLibrary } from '../support/library-files.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/** Discord's deadline for the first response to an interaction. */
const DEADLINE_MS = 3000;

/** A 250 KB paragraph of short lines, as ingest makes of a page that separates lines with single `<br>`. */
function longParagraph(bytes: number): string {
  const lines: string[] = [];
  for (let i = 0, size = 0; size < bytes; i++) {
    const line = `Item ${i} was listed.`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

/**
 * The end-to-end tests run the local Discord inside the bot's process, where a stalled event loop delays the
 * emulator's clock too and looks like a slow success. Here the bot runs in its own process, as in production,
 * so a stall shows as what Discord would see: answers after the deadline.
 */
describe('a large reload with the bot in its own process', () => {
  let discord: LocalDiscord;
  let bot: ChildProcess;
  let dataDir: string;
  let output = '';

  beforeAll(async () => {
    dataDir = await writeLibrary([
      { id: 'rivers', title: 'Rivers', body: 'The Mekong delta is fed by nine branches of the river.' },
      {
        id: 'harvest',
        title: 'Harvest',
        body: 'Farmers reported a record rice harvest in the delta this autumn.',
      },
    ]);
    discord = await startLocalDiscord({ heartbeatIntervalMs: 2000 });
    // As `npm run deploy-commands` does for a real application.
    const rest = new REST({ api: discord.restApiBase }).setToken(discord.botToken);
    await deployCommands(
      rest,
      { applicationId: discord.applicationId, guildId: discord.guildId },
      (await loadCommands()).values(),
    );
    bot = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: botProcessEnv(discord, dataDir, { FOOTNOTE_WATCH_ARTICLES: 'false' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    bot.stdout?.on('data', (chunk) => {
      output += String(chunk);
    });
    bot.stderr?.on('data', (chunk) => {
      output += String(chunk);
    });
    await discord.waitForBot(60_000);
  }, 90_000);

  afterAll(async () => {
    if (bot && bot.exitCode === null) {
      const exited = new Promise((resolve) => bot.once('exit', resolve));
      bot.kill('SIGTERM');
      await exited;
    }
    await discord?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const latency = (outcome: InteractionOutcome): number =>
    outcome.callbackAt === null ? Number.POSITIVE_INFINITY : outcome.callbackAt - outcome.dispatchedAt;

  it('answers every question within the deadline while it rebuilds, then answers from the new library', async () => {
    const before = await discord.slashCommand('ask', { question: 'rice harvest in the delta' });
    expect(latency(before)).toBeLessThan(DEADLINE_MS);

    await writeArticle(dataDir, {
      id: 'registry',
      title: 'Registry of sluice gates',
      published: '2024-02-02',
      body: `The registry of sluice gates was opened in March 2020.\n\n${longParagraph(250_000)}`,
    });
    const reload = discord.slashCommand('reload', {}, { waitMs: 120_000 });
    let reloaded = false;
    void reload.finally(() => {
      reloaded = true;
    });
    // Questions keep coming, four a second, until the reload has answered.
    const asked: Promise<InteractionOutcome>[] = [];
    while (!reloaded) {
      asked.push(discord.slashCommand('ask', { question: 'rice harvest in the delta' }, { waitMs: 10_000 }));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const outcomes = await Promise.all(asked);
    const late = outcomes.map(latency).filter((ms) => ms > DEADLINE_MS);
    const shown = late.map((ms) => (Number.isFinite(ms) ? `${ms} ms` : 'refused'));
    expect(
      late,
      `${late.length} of ${outcomes.length} questions late: ${shown.join(', ')}\n${output.slice(-2000)}`,
    ).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(2);
    for (const outcome of outcomes) expect(outcome.original?.content ?? '').not.toMatch(/error id/iu);

    const done = await reload;
    expect(latency(done)).toBeLessThan(DEADLINE_MS);
    expect(done.original?.content).toMatch(/Added \(1\): `registry`/u);
    const after = await discord.slashCommand('ask', {
      question: 'When was the registry of sluice gates opened?',
    });
    expect(latency(after)).toBeLessThan(DEADLINE_MS);
    expect(`${after.original?.content} ${JSON.stringify(after.original?.embeds ?? [])}`).toMatch(
      /March 2020/u,
    );
  }, 180_000);

  it("has the new library's timeline ready: /timeline and /today answer within the deadline", async () => {
    const timeline = await discord.slashCommand('timeline', { query: 'registry' });
    expect(latency(timeline)).toBeLessThan(DEADLINE_MS);
    expect(JSON.stringify(timeline.original?.embeds ?? [])).toContain('March 2020');
    const today = await discord.slashCommand('today', {});
    expect(latency(today)).toBeLessThan(DEADLINE_MS);
    expect(today.original?.embeds).toHaveLength(1);
  }, 30_000);
});
