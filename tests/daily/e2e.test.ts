import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { type RunningBot, startBot } from '../../src/discord/bot.ts';
import { dailyPosterService } from '../../src/discord/daily-service.ts';
import { botDependencies } from '../../src/discord/dependencies.ts';
import { openLibrary } from '../../src/library.ts';
import { type LocalDiscord, startLocalDiscord } from '../../src/local-discord/index.ts';
import { createLogger } from '../../src/log.ts';
import { type OpenBotStore, openBotStore } from '../../src/store/bot-store.ts';
import { buttonsOf, DATA_DIR } from '../discord/harness.ts';

/** Manage Server (1 << 5) and nothing else; and a member without it. */
const MANAGER = { permissions: String(1 << 5) };
const MEMBER = { permissions: String(1 << 11) };

const text = (outcome: { callback: { data?: unknown } | null; original: { content: string } | null }) =>
  outcome.original?.content ??
  String((outcome.callback?.data as { content?: string } | undefined)?.content ?? '');

async function until<T>(check: () => T | undefined, what: string, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('daily facts end to end (real discord.js client, local Discord)', () => {
  let discord: LocalDiscord;
  let bot: RunningBot;
  let store: OpenBotStore;
  // The fake clock: 08:59 in Ho Chi Minh City on 2024-03-01.
  let now = new Date('2024-03-01T01:59:00Z');

  beforeAll(async () => {
    const library = await openLibrary({
      dataDir: DATA_DIR,
      indexFile: join(mkdtempSync(join(tmpdir(), 'fn-daily-')), 'index.json'),
    });
    store = openBotStore(join(mkdtempSync(join(tmpdir(), 'fn-daily-db-')), 'footnote.db'));
    discord = await startLocalDiscord({ heartbeatIntervalMs: 1000 });
    const dependencies = await botDependencies({
      config: parseConfig({}),
      library,
      logger: createLogger({ level: 'silent' }),
      now: () => now,
      store,
      services: [dailyPosterService({ tickMs: 25 })],
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

  describe('/daily permissions', () => {
    it('registers /daily for Manage Server only', () => {
      const daily = discord.commands().find((c) => (c as { name: string }).name === 'daily') as {
        default_member_permissions?: string;
      };
      expect(daily.default_member_permissions).toBe(String(1 << 5));
    });

    it('refuses a member without Manage Server at run time', async () => {
      const outcome = await discord.slashCommand('daily', {}, { ...MEMBER, subcommand: 'status' });
      expect(text(outcome)).toContain('Manage Server');
    });

    it('says what is missing when the bot cannot send in the channel', async () => {
      const muted = discord.createChannel({ name: 'muted', botCanSend: false });
      const outcome = await discord.slashCommand(
        'daily',
        { channel: muted, time: '09:00', timezone: 'Asia/Ho_Chi_Minh' },
        { ...MANAGER, subcommand: 'set' },
      );
      expect(text(outcome)).toContain('I cannot post in');
      expect(text(outcome)).toContain('Send Messages');
      expect(await store.daily.settings(discord.guildId)).toBeNull();
    });

    it('offers time zones as autocomplete, by zone name, city, country or UTC offset', async () => {
      const outcome = await discord.autocomplete('daily', { timezone: 'ho_chi' }, 'timezone', {
        ...MANAGER,
        subcommand: 'set',
      });
      expect(outcome.choices?.map((c) => c.value)).toContain('Asia/Ho_Chi_Minh');
      for (const typed of ['hanoi', 'vietnam', 'UTC+7']) {
        const found = await discord.autocomplete('daily', { timezone: typed }, 'timezone', {
          ...MANAGER,
          subcommand: 'set',
        });
        expect(found.choices?.map((c) => c.value)).toContain('Asia/Ho_Chi_Minh');
      }
    });
  });

  describe('a scheduled post', () => {
    it('arrives once in the channel at the local time, with its citation, and /daily status reports it', async () => {
      const channel = discord.createChannel({ name: 'history' });
      const set = await discord.slashCommand(
        'daily',
        { channel, time: '09:00', timezone: 'Asia/Ho_Chi_Minh' },
        { ...MANAGER, subcommand: 'set' },
      );
      expect(text(set)).toContain('Daily facts will be posted');
      await new Promise((r) => setTimeout(r, 100));
      expect(discord.channelMessages(channel)).toHaveLength(0); // 08:59: not yet
      now = new Date('2024-03-01T02:00:05Z');
      const message = await until(() => discord.channelMessages(channel)[0], 'the daily post');
      const embed = message.embeds[0] as { title: string; description: string; footer: { text: string } };
      expect(embed.title).toBe('From the timeline: 1990');
      expect(embed.description).toContain('Since the 1990 Chengdu Conference');
      expect(embed.description).toContain(
        'https://thoibao.de/blog/2023/09/30/upgrading-relations-with-us-why-does-vietnam-still-let-china-train-its-senior-cadres#:~:text=',
      );
      expect(embed.footer.text).toBe('Footnote daily · 2024-03-01');
      expect(message.allowed_mentions).toEqual({ parse: [] });
      await new Promise((r) => setTimeout(r, 150)); // several more ticks
      expect(discord.channelMessages(channel)).toHaveLength(1);

      const status = await discord.slashCommand('daily', {}, { ...MANAGER, subcommand: 'status' });
      expect(text(status)).toContain('Daily facts are **on**');
      expect(text(status)).toContain(`Last post: 2024-03-01`);
      expect(text(status)).toContain(message.id);
    });

    it('/today shows the same fact as today’s post', async () => {
      const outcome = await discord.slashCommand('today', {});
      const embed = (outcome.original?.embeds[0] ?? {}) as { description?: string };
      expect(embed.description).toContain('Since the 1990 Chengdu Conference');
    });

    it('/daily off stops posting', async () => {
      const off = await discord.slashCommand('daily', {}, { ...MANAGER, subcommand: 'off' });
      expect(text(off)).toBe('Daily facts are off.');
      expect((await store.daily.settings(discord.guildId))?.enabled).toBe(false);
    });
  });

  describe('/timeline', () => {
    it('pages through the facts with buttons', async () => {
      const first = await discord.slashCommand('timeline', {});
      const embed = first.original?.embeds[0] as { description: string; footer: { text: string } };
      expect(embed.footer.text).toBe('Page 1 of 2 · 9 events');
      expect(embed.description).toContain('**1990**');
      const next = buttonsOf(first.original).get('Next');
      if (!first.original || !next) throw new Error('no Next button');
      const second = await discord.pressButton(first.original.id, next);
      const page2 = (second.original?.embeds[0] ?? {}) as { description?: string; footer?: { text: string } };
      expect(page2.footer?.text).toBe('Page 2 of 2 · 9 events');
      expect(page2.description).toContain('**25 September 2023**');
    });

    it('filters by range and words, and rejects a bad date', async () => {
      const some = await discord.slashCommand('timeline', { from: '2015', to: '2017', query: 'visit' });
      const embed = (some.original?.embeds[0] ?? {}) as { description?: string };
      expect(embed.description).toContain('**April 2015**');
      expect(embed.description).not.toContain('1990');
      const bad = await discord.slashCommand('timeline', { from: 'last year' });
      expect(text(bad)).toContain('YYYY');
    });
  });
});
