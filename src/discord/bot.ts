import { Client, Events, GatewayIntentBits, type Interaction, Status } from 'discord.js';
import type { Library } from '../library.ts';
import type { AnyCommand } from './command.ts';
import { fetchCommandIds, type Mention, mentionWith, plainMention } from './command-mentions.ts';
import { createCooldowns } from './cooldown.ts';
import type { BotDependencies } from './dependencies.ts';
import { deployCommands } from './deploy.ts';
import { type DispatchServices, dispatchInteraction } from './interactions.ts';
import { shardStatus } from './shards.ts';

/** What a start-up service (e.g. a daily-post scheduler) gets once the bot is ready. */
export interface ServiceContext
  extends Pick<BotDependencies, 'config' | 'logger' | 'metrics' | 'now' | 'store'> {
  readonly client: Client<true>;
  /** The current library (it changes when the library is reloaded: read it each time). */
  readonly library: Library;
}

/** Start-up work hooked into the bot: started after READY, stopped (in reverse order) on shutdown. */
export interface BotService {
  readonly name: string;
  start(context: ServiceContext): Promise<{ stop(): Promise<void> | void } | undefined> | undefined;
}

/** Where and how the bot connects: Discord, or a local Discord. */
export interface BotConnection {
  readonly token: string;
  /** REST base for a local Discord, e.g. `http://127.0.0.1:PORT/api` (discord.js appends `/v10`). */
  readonly restApiBase?: string | undefined;
  /** Register the commands after login (bulk overwrite): in this guild, or globally when guildId is absent. */
  readonly registerCommands?: { readonly guildId?: string | undefined } | false;
  /** How long to wait for READY before giving up. */
  readonly readyTimeoutMs?: number;
}

/** A running bot. */
export interface RunningBot {
  readonly client: Client<true>;
  readonly commands: ReadonlyMap<string, AnyCommand>;
  /** Whether the gateway connection is up now (false while it reconnects, and once stopped). */
  connected(): boolean;
  /** Stops services, then destroys the client (closes the gateway). Idempotent. */
  stop(): Promise<void>;
}

/** Logs in with the Guilds intent only, waits for READY, registers commands if asked, starts the services. */
export async function startBot(dependencies: BotDependencies, options: BotConnection): Promise<RunningBot> {
  const { config, logger, metrics, now, libraries, commands, store } = dependencies;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    rest: options.restApiBase ? { api: options.restApiBase, offset: 0 } : {},
  });
  // Commands are named in replies as clickable mentions once their ids are known (after READY).
  let mention: Mention = plainMention;
  const services: DispatchServices = {
    ...dependencies,
    mention: (command: string) => mention(command),
    cooldowns: createCooldowns(now),
  };
  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    void dispatchInteraction(interaction, services);
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
  for (const service of dependencies.services) {
    const handle = await service.start({
      client: readyClient,
      get library() {
        return libraries.current;
      },
      config,
      logger: logger.child({ service: service.name }),
      metrics,
      now,
      store,
    });
    if (handle) running.push({ name: service.name, stop: () => handle.stop() });
  }

  let stopped: Promise<void> | null = null;
  // This process's shards, ready or not, from each shard's own status (the manager's, client.ws.status, stays
  // Ready while a shard reconnects); once stopped, every shard is down.
  const readyShards = (): Map<number, boolean> => {
    const { ids, status } = shardStatus(readyClient);
    return new Map(ids.map((id) => [id, stopped === null && status[id] === Status.Ready]));
  };
  metrics.watchShards(readyShards);
  return {
    client: readyClient,
    commands,
    connected: () => [...readyShards().values()].every(Boolean) && stopped === null,
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
