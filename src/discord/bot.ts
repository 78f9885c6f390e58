import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import type { Config } from '../config.ts';
import type { Library } from '../library.ts';
import type { Logger } from '../log.ts';
import type { ReloadOutcome } from '../reload/library-holder.ts';
import type { AnyCommand, BotStore, LibrarySource } from './command.ts';
import { fetchCommandIds, type Mention, mentionWith, plainMention } from './command-mentions.ts';
import { createCooldowns } from './cooldown.ts';
import { deployCommands } from './deploy.ts';
import { dispatchInteraction } from './interactions.ts';
import { loadCommands } from './loader.ts';
import { VERSION } from './version.ts';

/** What a start-up service (e.g. a daily-post scheduler) gets once the bot is ready. */
export interface ServiceContext {
  readonly client: Client<true>;
  /** The current library (it changes when the library is reloaded: read it each time). */
  readonly library: Library;
  readonly config: Config;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly store: BotStore | undefined;
}

/** Start-up work hooked into the bot: started after READY, stopped (in reverse order) on shutdown. */
export interface BotService {
  readonly name: string;
  start(context: ServiceContext): Promise<{ stop(): Promise<void> | void } | undefined> | undefined;
}

export interface StartBotOptions {
  readonly config: Config;
  /** The library to answer from: a fixed one, or a source whose `current` changes on reload. */
  readonly library: Library | LibrarySource;
  /** Rebuilds and swaps the library (for /reload). */
  readonly reloadLibrary?: (trigger: string) => Promise<ReloadOutcome>;
  /** Extra owner user ids, besides the application owner. */
  readonly ownerIds?: readonly string[];
  readonly logger: Logger;
  readonly token: string;
  /** REST base for a local Discord, e.g. `http://127.0.0.1:PORT/api` (discord.js appends `/v10`). */
  readonly restApiBase?: string | undefined;
  /** Preloaded commands; default: every file in `commands/`. */
  readonly commands?: ReadonlyMap<string, AnyCommand>;
  /** Register the commands after login (bulk overwrite): in this guild, or globally when guildId is absent. */
  readonly registerCommands?: { readonly guildId?: string | undefined } | false;
  readonly now?: () => Date;
  readonly store?: BotStore;
  readonly services?: readonly BotService[];
  /** How long to wait for READY before giving up. */
  readonly readyTimeoutMs?: number;
}

/** A running bot. */
export interface RunningBot {
  readonly client: Client<true>;
  readonly commands: ReadonlyMap<string, AnyCommand>;
  /** Stops services, then destroys the client (closes the gateway). Idempotent. */
  stop(): Promise<void>;
}

/** Logs in with the Guilds intent only, waits for READY, registers commands if asked, starts the services. */
export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  const { config, logger, now = () => new Date() } = options;
  const libraries: LibrarySource =
    'current' in options.library ? options.library : { current: options.library };
  const commands = options.commands ?? (await loadCommands());
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    rest: options.restApiBase ? { api: options.restApiBase, offset: 0 } : {},
  });
  // Commands are named in replies as clickable mentions once their ids are known (after READY).
  let mention: Mention = plainMention;
  const services = {
    mention: (command: string) => mention(command),
    libraries,
    reloadLibrary: options.reloadLibrary,
    ownerIds: options.ownerIds ?? [],
    config,
    logger,
    now,
    store: options.store,
    commands,
    version: VERSION,
  };
  const cooldowns = createCooldowns(now);
  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    void dispatchInteraction(interaction, { ...services, cooldowns });
  });
  client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shardId) =>
    logger.warn({ code: event.code, shardId }, 'gateway closed'),
  );
  client.on(Events.ShardResume, (shardId, replayed) => logger.info({ shardId, replayed }, 'gateway resumed'));
  client.rest.on('rateLimited', (info) =>
    logger.warn({ route: info.route, retryAfterMs: info.retryAfter, global: info.global }, 'rate limited'),
  );

  const ready = new Promise<Client<true>>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('bot: no READY from the gateway in time')),
      options.readyTimeoutMs ?? 30_000,
    );
    client.once(Events.ClientReady, (readyClient) => {
      clearTimeout(timer);
      resolve(readyClient);
    });
  });
  try {
    await client.login(options.token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw error;
  }
  const readyClient = client as Client<true>;
  logger.info({ user: readyClient.user.tag, guilds: readyClient.guilds.cache.size }, 'bot ready');

  if (options.registerCommands) {
    const count = await deployCommands(
      readyClient.rest,
      { applicationId: readyClient.application.id, guildId: options.registerCommands.guildId },
      commands.values(),
    );
    logger.info({ count, guildId: options.registerCommands.guildId ?? 'global' }, 'commands registered');
  }
  const target = {
    applicationId: readyClient.application.id,
    guildId: options.registerCommands ? options.registerCommands.guildId : undefined,
  };
  await fetchCommandIds(readyClient.rest, target).then(
    (ids) => {
      mention = mentionWith(ids);
    },
    (err: unknown) => logger.warn({ err }, 'command ids unknown: replies name commands as plain text'),
  );

  const running: { name: string; stop(): Promise<void> | void }[] = [];
  for (const service of options.services ?? []) {
    const handle = await service.start({
      client: readyClient,
      get library() {
        return libraries.current;
      },
      config,
      logger: logger.child({ service: service.name }),
      now,
      store: options.store,
    });
    if (handle) running.push({ name: service.name, stop: () => handle.stop() });
  }

  let stopped: Promise<void> | null = null;
  return {
    client: readyClient,
    commands,
    stop() {
      stopped ??= (async () => {
        for (const service of running.reverse()) {
          await Promise.resolve(service.stop()).catch((err: unknown) =>
            logger.error({ err, service: service.name }, 'service stop failed'),
          );
        }
        await client.destroy();
        logger.info('bot stopped');
      })();
      return stopped;
    },
  };
}
