import { accessSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { prepareEnglishCounts } from './answer/weights.ts';
import { type Config, ConfigError, readConfig, unusableSetting } from './config.ts';
import type { BotService, RunningBot } from './discord/bot.ts';
import { startBot } from './discord/bot.ts';
import { dailyPosterService } from './discord/daily-service.ts';
import { type BotDependencies, botDependencies } from './discord/dependencies.ts';
import { botHealthChecks } from './health/checks.ts';
import { type HealthServer, type HealthServerOptions, startHealthServer } from './health/health-server.ts';
import { openLibrary } from './library.ts';
import type { LocalDiscord } from './local-discord/index.ts';
import { createLogger, LogFileError, type Logger, logProcessMetrics } from './log.ts';
import { LibraryHolder } from './reload/library-holder.ts';
import { watchArticles } from './reload/watch.ts';
import { type OpenBotStore, openConfiguredStore } from './store/bot-store.ts';
import { StoreError, StoreOpenError } from './store/database.ts';
import { PgOpenError } from './store/postgres.ts';

/**
 * Start-up work that runs beside the bot once it is ready (e.g. a daily-post scheduler): add a
 * `BotService` here. Each gets the ready client, library, config, logger, clock and store, and is stopped on shutdown.
 */
export const SERVICES: BotService[] = [dailyPosterService()];

/**
 * The process logger: in the terminal chat, logs go to stderr (or LOG_FILE) at `warn`, so they never garble the
 * chat. LOG_FILE is opened now (its folder is not created: a mistyped path should not make folders), so a file
 * that cannot be written stops start-up with a message naming the setting; a write error later (a full disk) is
 * reported on stderr and logging moves there, and the bot keeps running.
 */
export function processLogger(config: Config, chat: boolean): Logger {
  try {
    return createLogger({
      level: config.LOG_LEVEL ?? (chat ? 'warn' : 'info'),
      destination: config.LOG_FILE ? { file: config.LOG_FILE } : chat ? 'stderr' : 'stdout',
      secrets: [config.DISCORD_TOKEN],
    });
  } catch (error) {
    if (!(error instanceof LogFileError)) throw error;
    throw unusableSetting(
      'LOG_FILE',
      'a file Footnote can append to',
      `${JSON.stringify(error.path)} cannot be opened: ${error.reason}${error.code ? ` (${error.code})` : ''}`,
    );
  }
}

/**
 * The database, opened (and migrated) before anything else starts: PostgreSQL when DATABASE_URL is set, else
 * SQLite at FOOTNOTE_DB_PATH. A database that cannot be used (PostgreSQL unreachable or refusing; a file that is
 * not a database, damaged, read-only, ...) stops start-up with a message naming the setting (a URL shown without
 * its password) and leaves the file as it was: a bot that cannot record its daily posts cannot keep them to one a
 * day, so it does not run half-way.
 */
export async function openDatabase(config: Config): Promise<OpenBotStore> {
  try {
    return await openConfiguredStore({ databaseUrl: config.DATABASE_URL, dbPath: config.FOOTNOTE_DB_PATH });
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    if (config.DATABASE_URL) {
      const problem =
        error instanceof PgOpenError
          ? `${error.shownUrl} cannot be used: ${error.reason}`
          : error.message.replace(/^store: /u, '');
      throw unusableSetting(
        'DATABASE_URL',
        'a PostgreSQL database Footnote can reach, read and write',
        problem,
      );
    }
    const problem =
      error instanceof StoreOpenError
        ? `${JSON.stringify(error.path)} cannot be used: ${error.reason}`
        : error.message.replace(/^store: /u, '');
    throw unusableSetting('FOOTNOTE_DB_PATH', 'a SQLite database file Footnote can read and write', problem);
  }
}

/** Why a folder cannot be read, or null when it can. */
function folderProblem(path: string): string | null {
  const shown = JSON.stringify(path);
  try {
    if (!statSync(path).isDirectory()) return `${shown} is a file, not a folder`;
    accessSync(path, constants.R_OK | constants.X_OK);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `${shown} does not exist`;
    if (code === 'ENOTDIR') return `${shown} is inside a file, not a folder`;
    return `${shown} cannot be read (${code ?? String(error)})`;
  }
}

/** The data folder and its articles must be readable: a bot started on the wrong folder would answer from nothing. */
export function checkDataDir(dataDir: string): void {
  const problem = folderProblem(dataDir) ?? folderProblem(join(dataDir, 'articles'));
  if (problem)
    throw unusableSetting(
      'FOOTNOTE_DATA_DIR',
      'a folder Footnote can read, with the library in articles/',
      problem,
    );
}

/**
 * The health and metrics server, when FOOTNOTE_HTTP_PORT is set; a port in use or an address that is not this
 * machine's stops start-up with a message naming the setting.
 */
export async function healthServer(config: Config, options: Omit<HealthServerOptions, 'host' | 'port'>) {
  if (config.FOOTNOTE_HTTP_PORT === undefined) return undefined;
  const host = config.FOOTNOTE_HTTP_HOST;
  const port = config.FOOTNOTE_HTTP_PORT;
  try {
    return await startHealthServer({ ...options, host, port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES')
      throw unusableSetting(
        'FOOTNOTE_HTTP_PORT',
        'a TCP port number from 1 to 65535 (0 picks a free one)',
        `port ${port} ${code === 'EADDRINUSE' ? 'is in use by another program' : 'needs privileges Footnote does not have'}`,
      );
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN')
      throw unusableSetting(
        'FOOTNOTE_HTTP_HOST',
        'an address of this machine to listen on, such as 127.0.0.1 or 0.0.0.0',
        `${JSON.stringify(host)} is not an address of this machine (${code})`,
      );
    throw error;
  }
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);

/** A start-up failure caused by a setting's value (a token Discord refuses, a port in use), or null. */
function settingFailure(error: unknown, config: Config): ConfigError | null {
  const e = error as { code?: unknown; status?: unknown; cause?: { code?: unknown } };
  const onDiscord = Boolean(config.DISCORD_TOKEN);
  const network = [e.code, e.cause?.code].find((code) => typeof code === 'string' && UNREACHABLE.has(code));
  if (onDiscord && config.DISCORD_API_BASE && network)
    return unusableSetting(
      'DISCORD_API_BASE',
      "the URL of a Discord API that answers (unset: Discord's own)",
      `nothing answers at ${JSON.stringify(config.DISCORD_API_BASE)} (${network})`,
    );
  if (e.code === 'TokenInvalid' || e.status === 401)
    return unusableSetting(
      'DISCORD_TOKEN',
      'a bot token (Developer Portal → Bot → Reset Token)',
      'Discord refused it (401 Unauthorized): copy the token again, without "Bot " in front',
    );
  if (!onDiscord && (e.code === 'EADDRINUSE' || e.code === 'EACCES'))
    return unusableSetting(
      'LOCAL_DISCORD_PORT',
      'a TCP port number (0 picks a free one)',
      `port ${config.LOCAL_DISCORD_PORT} ${e.code === 'EADDRINUSE' ? 'is in use by another program' : 'needs privileges Footnote does not have'}`,
    );
  return null;
}

/**
 * Runs Footnote: with DISCORD_TOKEN on Discord until a signal; without it against a local Discord with a terminal
 * chat. A bad setting (found by the schema, or when it is used at start-up) stops it with a short message naming
 * the setting, no stack trace, and exit code 1.
 */
export async function main(): Promise<number> {
  let config: Config | undefined;
  try {
    config = readConfig();
    return await run(config);
  } catch (error) {
    const failure = error instanceof ConfigError ? error : config ? settingFailure(error, config) : null;
    if (!failure) throw error;
    process.stderr.write(`${failure.message}\nSee .env.example for every setting.\n`);
    return 1;
  }
}

/** What one bot process opens before it connects: the database, the library (and its holder), the dependencies. */
export interface OpenedBot {
  readonly store: OpenBotStore;
  readonly libraries: LibraryHolder;
  readonly dependencies: BotDependencies;
}

/**
 * Opens what a bot process needs: the data folder is checked, the database opened (and migrated), the library
 * loaded with its index in a worker thread. The same in the single process and in each shard's process.
 */
export async function openBot(config: Config, logger: Logger): Promise<OpenedBot> {
  const dataDir = config.FOOTNOTE_DATA_DIR;
  checkDataDir(dataDir);
  const store = await openDatabase(config);
  logger.info({ store: store.location }, 'store open');
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  logProcessMetrics(logger, config.FOOTNOTE_METRICS_INTERVAL_MS);

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
  const dependencies = await botDependencies({
    config,
    library: libraries,
    logger,
    store,
    services: SERVICES,
  });
  return { store, libraries, dependencies };
}

async function run(config: Config): Promise<number> {
  // FOOTNOTE_SHARDS other than 1: a ShardingManager and one process per shard (src/shard-manager.ts).
  if (config.FOOTNOTE_SHARDS !== 1) return (await import('./shard-manager.ts')).runSharded(config);
  const chat = !config.DISCORD_TOKEN;
  const logger = processLogger(config, chat);
  const dataDir = config.FOOTNOTE_DATA_DIR;
  const { store, libraries, dependencies } = await openBot(config, logger);
  const watcher = config.FOOTNOTE_WATCH_ARTICLES
    ? watchArticles(
        join(dataDir, 'articles'),
        (files) => void libraries.reload(`changed: ${files.join(', ')}`),
        {
          logger,
        },
      )
    : undefined;

  let discord: LocalDiscord | undefined;
  let bot: RunningBot | undefined;
  // Up before the bot: /healthz answers 503 while it connects, so a process manager sees start-up as not ready.
  const health: HealthServer | undefined = await healthServer(config, {
    checks: botHealthChecks({ gateway: () => bot?.connected() ?? false, libraries, store }),
    registry: dependencies.metrics.registry,
    logger: logger.child({ module: 'health' }),
  });
  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string) => {
    stopping ??= (async () => {
      logger.info({ reason }, 'shutting down');
      watcher?.close();
      await health?.close();
      await bot?.stop().catch((err: unknown) => logger.error({ err }, 'bot stop failed'));
      await discord?.close().catch((err: unknown) => logger.error({ err }, 'local Discord close failed'));
      await store.close().catch((err: unknown) => logger.error({ err }, 'store close failed'));
      logger.flush();
    })();
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals) => void shutdown(signal).then(() => process.exit(0));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  if (config.DISCORD_TOKEN) {
    bot = await startBot(dependencies, {
      token: config.DISCORD_TOKEN,
      restApiBase: config.DISCORD_API_BASE,
    });
    await new Promise<never>(() => {}); // Runs until SIGINT/SIGTERM.
  }

  const { startLocalDiscord } = await import('./local-discord/index.ts');
  const { runTerminalChat } = await import('./terminal-chat/index.ts');
  discord = await startLocalDiscord({
    // The same local server every run: `/daily set` made in the chat is still there after a restart.
    stableIds: true,
    port: config.LOCAL_DISCORD_PORT,
    logger: logger.child({ module: 'local-discord' }),
  });
  bot = await startBot(dependencies, {
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
