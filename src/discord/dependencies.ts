import type { Config } from '../config.ts';
import { type BotMetrics, createBotMetrics } from '../health/metrics.ts';
import type { Library } from '../library.ts';
import type { Logger } from '../log.ts';
import { LibraryHolder, type ReloadOutcome } from '../reload/library-holder.ts';
import type { BotStore } from '../store/bot-store.ts';
import type { BotService } from './bot.ts';
import type { AnyCommand, LibrarySource } from './command.ts';
import { loadCommands } from './loader.ts';
import { VERSION } from './version.ts';

/**
 * Everything the bot is made of, declared once: `src/main.ts`, the test harnesses and the benchmarks build it with
 * {@link botDependencies}; the dispatcher hands its parts to each command ({@link CommandContext}) and to the
 * start-up services.
 */
export interface BotDependencies {
  readonly config: Config;
  /** Where the library is read from; read once per interaction, so one never spans two libraries during a reload. */
  readonly libraries: LibrarySource;
  /** Rebuilds the library and swaps it in (for /reload); undefined when this process cannot reload. */
  readonly reloadLibrary: ((trigger: string) => Promise<ReloadOutcome>) | undefined;
  /** Extra owner user ids (`FOOTNOTE_OWNER_IDS`), besides the application owner. */
  readonly ownerIds: readonly string[];
  readonly logger: Logger;
  /** The clock: pass `now()` into pure functions instead of calling `new Date()` deep inside. */
  readonly now: () => Date;
  /** The database and what lives in it (daily-post settings...): always open while the bot runs. */
  readonly store: BotStore;
  /** Every loaded command by name (for dispatch and /help). */
  readonly commands: ReadonlyMap<string, AnyCommand>;
  /** package.json version. */
  readonly version: string;
  /** Start-up work beside the bot (the daily poster...): started after READY, stopped on shutdown. */
  readonly services: readonly BotService[];
  /** The process's Prometheus metrics (served on `/metrics` when `FOOTNOTE_HTTP_PORT` is set). */
  readonly metrics: BotMetrics;
}

/** What {@link botDependencies} needs; the rest has a default. */
export interface BotParts {
  readonly config: Config;
  /** A fixed library, or a holder that swaps in rebuilt ones (then /reload reloads it). */
  readonly library: Library | LibraryHolder;
  readonly logger: Logger;
  readonly store: BotStore;
  /** Default: the system clock. */
  readonly now?: () => Date;
  /** Default: every file in `commands/`. */
  readonly commands?: ReadonlyMap<string, AnyCommand>;
  /** Default: none. */
  readonly services?: readonly BotService[];
  /** Default: a new set over this library, with Node's process metrics. */
  readonly metrics?: BotMetrics;
}

/**
 * The bot's dependencies from its parts: the owners from the configuration, reload from a library holder, the
 * metrics over the library (and its reloads).
 */
export async function botDependencies(parts: BotParts): Promise<BotDependencies> {
  const { config, logger, store } = parts;
  const source = librarySource(parts.library);
  const metrics = parts.metrics ?? createBotMetrics({ library: () => source.libraries.current });
  if (parts.library instanceof LibraryHolder) parts.library.onReload((outcome) => metrics.reloaded(outcome));
  return {
    config,
    ...source,
    ownerIds: config.FOOTNOTE_OWNER_IDS,
    logger,
    now: parts.now ?? (() => new Date()),
    store,
    commands: parts.commands ?? (await loadCommands()),
    version: VERSION,
    services: parts.services ?? [],
    metrics,
  };
}

function librarySource(
  library: Library | LibraryHolder,
): Pick<BotDependencies, 'libraries' | 'reloadLibrary'> {
  if (library instanceof LibraryHolder)
    return { libraries: library, reloadLibrary: (trigger) => library.reload(trigger) };
  return { libraries: { current: library }, reloadLibrary: undefined };
}
