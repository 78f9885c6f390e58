import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { prepareEnglishCounts } from './answer/weights.ts';
import { type Config, ConfigError, readConfig } from './config.ts';
import { dailyPosterService } from './daily/service.ts';
import type { BotService, RunningBot } from './discord/bot.ts';
import { startBot } from './discord/bot.ts';
import { openLibrary } from './library.ts';
import type { LocalDiscord } from './local-discord/index.ts';
import { createLogger, LogFileError, type Logger, logProcessMetrics } from './log.ts';
import { LibraryHolder } from './reload/library-holder.ts';
import { watchArticles } from './reload/watch.ts';
import { openBotStore } from './store/bot-store.ts';

/**
 * Start-up work that runs beside the bot once it is ready (e.g. a daily-post scheduler): add a
 * `BotService` here. Each gets the ready client, library, config, logger and clock, and is stopped on shutdown.
 */
export const SERVICES: BotService[] = [dailyPosterService()];

/**
 * The process logger: in the terminal chat, logs go to stderr (or LOG_FILE) at `warn`, so they never garble the
 * chat. LOG_FILE is opened now (its folder is not created: a mistyped path should not make folders), so a file
 * that cannot be written stops start-up with a message naming the setting; a write error later (a full disk) is
 * reported on stderr and logging moves there, and the bot keeps running.
 */
function processLogger(config: Config, chat: boolean): Logger {
  try {
    return createLogger({
      level: config.LOG_LEVEL ?? (chat ? 'warn' : 'info'),
      destination: config.LOG_FILE ? { file: config.LOG_FILE } : chat ? 'stderr' : 'stdout',
      secrets: [config.DISCORD_TOKEN],
    });
  } catch (error) {
    if (!(error instanceof LogFileError)) throw error;
    throw new ConfigError(
      `config: invalid settings in the environment or .env:\n  LOG_FILE: expected a file Footnote can append to; ${JSON.stringify(error.path)} cannot be opened: ${error.reason}${error.code ? ` (${error.code})` : ''}`,
    );
  }
}

/** Runs Footnote: with DISCORD_TOKEN on Discord until a signal; without it against a local Discord with a terminal chat. */
export async function main(): Promise<number> {
  let config: Config;
  let logger: Logger;
  let chat: boolean;
  try {
    config = readConfig();
    chat = !config.DISCORD_TOKEN;
    logger = processLogger(config, chat);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
    return 1;
  }
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  logProcessMetrics(logger, config.FOOTNOTE_METRICS_INTERVAL_MS);

  const dataDir = config.FOOTNOTE_DATA_DIR;
  // The passage index lives in a worker thread: loading, building and searching it never stall the bot.
  const library = await openLibrary({ dataDir, logger, searchIn: 'worker' });
  // Word counts for answer weights: loaded now (~0.1 s), not inside the first question's interaction.
  prepareEnglishCounts(library.index.options.text);
  logger.info({ ...library.stats, problems: library.problems.length }, 'library open');
  const libraries = new LibraryHolder({
    initial: library,
    open: () => openLibrary({ dataDir, logger, searchIn: 'worker' }),
    logger: logger.child({ service: 'reload' }),
  });
  const watcher = config.FOOTNOTE_WATCH_ARTICLES
    ? watchArticles(
        join(dataDir, 'articles'),
        (files) => void libraries.reload(`changed: ${files.join(', ')}`),
        {
          logger,
        },
      )
    : undefined;
  const store = openBotStore(config.FOOTNOTE_DB_PATH);
  const botOptions = {
    store: { database: store.database, daily: store.daily },
    config,
    library: libraries,
    reloadLibrary: (trigger: string) => libraries.reload(trigger),
    ownerIds: config.FOOTNOTE_OWNER_IDS,
    logger,
    services: SERVICES,
  };

  let discord: LocalDiscord | undefined;
  let bot: RunningBot | undefined;
  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string) => {
    stopping ??= (async () => {
      logger.info({ reason }, 'shutting down');
      watcher?.close();
      await bot?.stop().catch((err: unknown) => logger.error({ err }, 'bot stop failed'));
      await discord?.close().catch((err: unknown) => logger.error({ err }, 'local Discord close failed'));
      store.close();
      logger.flush();
    })();
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals) => void shutdown(signal).then(() => process.exit(0));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  if (!chat) {
    bot = await startBot({
      ...botOptions,
      token: config.DISCORD_TOKEN as string,
      restApiBase: config.DISCORD_API_BASE,
    });
    await new Promise<never>(() => {}); // Runs until SIGINT/SIGTERM.
  }

  const { runTerminalChat, startLocalDiscord } = await import('./local-discord/index.ts');
  discord = await startLocalDiscord({
    port: config.LOCAL_DISCORD_PORT,
    logger: logger.child({ module: 'local-discord' }),
  });
  bot = await startBot({
    ...botOptions,
    token: discord.botToken,
    restApiBase: discord.restApiBase,
    registerCommands: { guildId: discord.guildId },
  });
  await discord.waitForBot();
  await runTerminalChat({ discord, input: process.stdin, output: process.stdout });
  await shutdown('end of input');
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `footnote: could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
