import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { type RunningBot, startBot } from '../../src/discord/bot.ts';
import { countedDailyOutcome, dailyPosterService } from '../../src/discord/daily-service.ts';
import { type BotDependencies, botDependencies } from '../../src/discord/dependencies.ts';
import { openLibrary } from '../../src/library.ts';
import { type LocalDiscord, startLocalDiscord } from '../../src/local-discord/index.ts';
import { createLogger } from '../../src/log.ts';
import { type OpenBotStore, openBotStore } from '../../src/store/bot-store.ts';
import { DATA_DIR } from '../discord/harness.ts';
import { sample } from './prometheus.ts';

const MANAGER = { permissions: String(1 << 5) };

async function until(check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('daily posts in the metrics (real bot, local Discord, fake clock)', () => {
  let discord: LocalDiscord;
  let bot: RunningBot;
  let store: OpenBotStore;
  let dependencies: BotDependencies;
  // 08:59 in Ho Chi Minh City on 2024-03-01.
  let now = new Date('2024-03-01T01:59:00Z');

  beforeAll(async () => {
    const library = await openLibrary({
      dataDir: DATA_DIR,
      indexFile: join(mkdtempSync(join(tmpdir(), 'fn-metrics-daily-')), 'index.json'),
    });
    store = openBotStore(':memory:');
    discord = await startLocalDiscord({ heartbeatIntervalMs: 1000 });
    dependencies = await botDependencies({
      config: parseConfig({}),
      library,
      logger: createLogger({ level: 'silent' }),
      now: () => now,
      store,
      services: [dailyPosterService({ tickMs: 25, retryBaseMs: 60_000 })],
    });
    bot = await startBot(dependencies, {
      token: discord.botToken,
      restApiBase: discord.restApiBase,
      registerCommands: { guildId: discord.guildId },
    });
    await discord.waitForBot();
  }, 30_000);

  afterAll(async () => {
    await bot?.stop();
    await discord?.close();
    store?.close();
  });

  const posts = async (outcome: string) =>
    sample(await dependencies.metrics.registry.metrics(), 'footnote_daily_posts_total', { outcome });

  it('counts a failed attempt, then the post sent on the retry, once each', async () => {
    const channel = discord.createChannel({ name: 'history' });
    await discord.slashCommand(
      'daily',
      { channel, time: '09:00', timezone: 'Asia/Ho_Chi_Minh' },
      { ...MANAGER, subcommand: 'set' },
    );
    await new Promise((r) => setTimeout(r, 100)); // several ticks before 09:00: nothing counted
    expect(await posts('sent')).toBe(0);
    expect(await posts('failed')).toBe(0);

    // Discord refuses the post once (discord.js tries it 4 times: once and 3 retries on a 5xx).
    discord.faults.serverError({ operationId: 'create_message', count: 4, status: 500 });
    now = new Date('2024-03-01T02:00:05Z');
    await until(async () => (await posts('failed')) === 1, 'a failed attempt');
    await new Promise((r) => setTimeout(r, 100)); // more ticks while backing off: not counted
    expect(await posts('failed')).toBe(1);
    expect(await posts('sent')).toBe(0);

    now = new Date('2024-03-01T02:01:10Z'); // past the first retry delay, inside the nonce window
    await until(async () => (await posts('sent')) === 1, 'the post sent on retry');
    await new Promise((r) => setTimeout(r, 100)); // more ticks the same day: the post is done
    expect(await posts('sent')).toBe(1);
    expect(await posts('failed')).toBe(1);
    expect(await posts('recovered')).toBe(0);
    expect(discord.channelMessages(channel)).toHaveLength(1);
  }, 30_000);

  it('counts only the turns that post or fail', () => {
    expect(countedDailyOutcome('sent')).toBe('sent');
    expect(countedDailyOutcome('recovered')).toBe('recovered');
    expect(countedDailyOutcome('failed')).toBe('failed');
    for (const quiet of ['not-due', 'done', 'paused', 'backing-off', 'in-flight', 'not-member'] as const)
      expect(countedDailyOutcome(quiet)).toBeUndefined();
  });
});
