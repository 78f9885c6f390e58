import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { type RunningBot, startBot } from '../../src/discord/bot.ts';
import { botDependencies } from '../../src/discord/dependencies.ts';
import { openLibrary } from '../../src/library.ts';
import { type LocalDiscord, startLocalDiscord } from '../../src/local-discord/index.ts';
import { createLogger } from '../../src/log.ts';
import { LibraryHolder } from '../../src/reload/library-holder.ts';
import { type OpenBotStore, openBotStore } from '../../src/store/bot-store.ts';
import { writeArticle, writeLibrary } from '../support/library-files.ts';

const STRANGER = '222222222222222222';

describe('/reload through the local Discord', () => {
  let discord: LocalDiscord;
  let bot: RunningBot;
  let dataDir: string;
  let store: OpenBotStore;

  beforeAll(async () => {
    dataDir = await writeLibrary([
      { id: 'rivers', title: 'Rivers', body: 'The Mekong delta is fed by nine branches of the river.' },
    ]);
    const logger = createLogger({ level: 'silent', pretty: false });
    const holder = new LibraryHolder({
      initial: await openLibrary({ dataDir }),
      open: () => openLibrary({ dataDir }),
    });
    discord = await startLocalDiscord({ heartbeatIntervalMs: 1000 });
    store = openBotStore(':memory:');
    const dependencies = await botDependencies({
      config: parseConfig({ ASK_COOLDOWN_SECONDS: '0' }),
      library: holder,
      logger,
      store,
    });
    bot = await startBot(dependencies, {
      token: discord.botToken,
      restApiBase: discord.restApiBase,
      registerCommands: { guildId: discord.guildId },
    });
    await discord.waitForBot();
  });

  afterAll(async () => {
    await bot?.stop();
    await discord?.close();
    store?.close();
  });

  const content = (outcome: Awaited<ReturnType<LocalDiscord['slashCommand']>>) =>
    `${outcome.original?.content ?? ''} ${JSON.stringify(outcome.original?.embeds ?? [])}`;

  it('is listed only for administrators (default_member_permissions: Administrator)', () => {
    const reload = (
      discord.commands() as { name: string; default_member_permissions?: string | null }[]
    ).find((command) => command.name === 'reload');
    expect(reload?.default_member_permissions).toBe('8');
  });

  it('refuses a member who is not the owner, and changes nothing', async () => {
    const outcome = await discord.slashCommand('reload', {}, { userId: STRANGER, username: 'stranger' });
    expect(content(outcome)).toMatch(/only the bot owner/iu);
  });

  it('picks up a new article for the owner, and /ask then quotes it', async () => {
    const before = await discord.slashCommand('ask', { question: 'sluice gates approved' });
    expect(content(before)).not.toMatch(/government/u);
    await writeArticle(dataDir, {
      id: 'sluices',
      title: 'Sluice gates',
      publisher: 'Example',
      published: '2024-02-02',
      body: 'Engineers proposed new sluice gates. The government approved them in March 2020.',
    });
    const reload = await discord.slashCommand('reload', {});
    expect(content(reload)).toMatch(/sluices/u);
    const after = await discord.slashCommand('ask', { question: 'sluice gates approved' });
    expect(content(after)).toMatch(/The government \*\*approved\*\* them in March 2020\./u);
  });
});
