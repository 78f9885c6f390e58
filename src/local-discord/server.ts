import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import pino from 'pino';
import { errors } from './api-errors.ts';
import { buildInteractionOptions, type CommandDefinition, CommandInputError } from './command-options.ts';
import { Faults } from './faults.ts';
import { Gateway } from './gateway.ts';
import {
  chatInputData,
  interactionBase,
  messageCommandData,
  type ResolvedActor,
} from './interaction-payloads.ts';
import { type InteractionRecord, newInteraction, outcomeOf, waitForSettled } from './interactions.ts';
import { MessageFlag } from './limits.ts';
import { ALL_PERMISSIONS_STRING, apiChannel, apiUser, guildCreate } from './payloads.ts';
import { createRestHandler } from './rest.ts';
import { setNonceWindow } from './rest-channels.ts';
import { createToken, shardOfGuild } from './snowflake.ts';
import type {
  Actor,
  InteractionOutcome,
  LocalDiscord,
  LocalDiscordOptions,
  OptionInput,
  RecordedRequest,
  StoredMessage,
} from './types.ts';
import { World } from './world.ts';

/** Discord's documented defaults. */
const DEFAULTS = {
  interactionDeadlineMs: 3000,
  tokenLifetimeMs: 15 * 60_000,
  heartbeatIntervalMs: 41_250,
  settleQuietMs: 40,
  waitMs: 5000,
} as const;

/** The suggested bot token (any `Bot <non-empty>` is accepted; the emulator has no secrets). */
const LOCAL_BOT_TOKEN = 'local-discord-bot-token';

/** Starts the local Discord on 127.0.0.1: REST under `/api/v10`, gateway at `/gateway`. */
export async function startLocalDiscord(options: LocalDiscordOptions = {}): Promise<LocalDiscord> {
  const log = options.logger ?? pino({ level: 'silent' });
  const world = new World({ stableIds: options.stableIds === true });
  if (options.nonceWindowMs !== undefined) setNonceWindow(world, options.nonceWindowMs);
  const general = world.addChannel({ name: 'general' });
  const defaultGuild = world.guilds.get(world.store.ids.guildId);
  if (defaultGuild) defaultGuild.channelId = general.id;
  world.liveIds();
  let port = 0;
  const gatewayUrl = (): string => `ws://127.0.0.1:${port}/gateway`;
  const gateway = new Gateway({
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? DEFAULTS.heartbeatIntervalMs,
    url: gatewayUrl,
    log,
    shardOf: shardOfGuild,
    hooks: {
      onIdentify: ([shardId, shardCount]) => {
        const guilds = [...world.guilds.values()].filter((g) => shardOfGuild(g.id, shardCount) === shardId);
        return {
          ready: {
            user: { ...apiUser(world.bot), verified: true, mfa_enabled: false, flags: 0 },
            guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
            application: { id: world.store.ids.applicationId, flags: 0 },
            private_channels: [],
            presences: [],
            relationships: [],
            guild_join_requests: [],
            geo_ordered_rtc_regions: [],
            user_settings: {},
          },
          guilds: guilds.map((g) => guildCreate(world.store, world.bot, [world.human], g)),
        };
      },
    },
  });
  world.gateway = gateway;
  const faults = new Faults(() => gateway);
  const requests: RecordedRequest[] = [];
  const rules = {
    deadlineMs: options.interactionDeadlineMs ?? DEFAULTS.interactionDeadlineMs,
    tokenLifetimeMs: options.tokenLifetimeMs ?? DEFAULTS.tokenLifetimeMs,
  };
  const recommendedShards = options.shards ?? 1;
  const handler = createRestHandler({ world, rules, faults, requests, gatewayUrl, recommendedShards, log });
  const server = createServer(handler);
  server.on('upgrade', (req, socket, head) => {
    if ((req.url ?? '').startsWith('/gateway')) gateway.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  log.info({ port }, 'local Discord listening');

  const timing = {
    deadlineMs: rules.deadlineMs,
    quietMs: options.settleQuietMs ?? DEFAULTS.settleQuietMs,
  };
  const defaultWaitMs = options.waitMs ?? DEFAULTS.waitMs;

  const resolveActor = (actor: Actor = {}): ResolvedActor => {
    // A channel decides its server; a server alone means its #general.
    const channelGuild = actor.channelId ? world.store.channels.get(actor.channelId)?.guildId : undefined;
    const guildId = actor.guildId ?? channelGuild ?? world.store.ids.guildId;
    const guild = world.guilds.get(guildId);
    return {
      user: actor.userId
        ? { id: actor.userId, username: actor.username ?? `user${actor.userId.slice(-4)}` }
        : { ...world.human, username: actor.username ?? world.human.username },
      permissions: actor.permissions ?? ALL_PERMISSIONS_STRING,
      channelId: actor.channelId ?? guild?.channelId ?? general.id,
      guildId,
      locale: actor.locale ?? 'en-US',
    };
  };

  const resolveChannel = (value: string): string | null => {
    if (world.liveChannel(value)) return value;
    return [...world.store.channels.values()].find((c) => !c.deleted && c.name === value)?.id ?? null;
  };

  /** Sends an interaction once a bot session exists, and waits for its outcome. */
  const run = async (
    type: number,
    actor: ResolvedActor,
    data: Record<string, unknown>,
    waitMs: number,
    extra: { sourceMessageId?: string; message?: Record<string, unknown> } = {},
  ): Promise<InteractionOutcome> => {
    if (!gateway.hasSession(actor.guildId)) await gateway.waitForReady(waitMs);
    const record: InteractionRecord = newInteraction({
      id: world.newId(),
      token: createToken(),
      type,
      channelId: actor.channelId,
      sourceMessageId: extra.sourceMessageId ?? null,
      user: actor.user,
      ...(typeof data.name === 'string' ? { name: data.name } : {}),
    });
    world.interactions.set(record.id, record);
    world.interactionsByToken.set(record.token, record);
    const payload = interactionBase(world, actor, { id: record.id, token: record.token, type, data });
    gateway.dispatch(
      'INTERACTION_CREATE',
      extra.message ? { ...payload, message: extra.message } : payload,
      actor.guildId,
    );
    await waitForSettled(record, { ...timing, waitMs });
    return outcomeOf(record, world.store.messages);
  };

  const chatCommand = (
    name: string,
    actor: ResolvedActor,
  ): CommandDefinition & { id: string; guild_id?: string } => {
    const command = world.store.findCommand(name, 1, actor.guildId);
    if (!command) throw new CommandInputError(`unknown command /${name} (registered: ${registeredNames(1)})`);
    return command as CommandDefinition & { id: string; guild_id?: string };
  };

  const registeredNames = (type: number): string =>
    world.store
      .allCommands()
      .filter((c) => c.type === type)
      .map((c) => c.name)
      .join(', ') || 'none';

  const discord: LocalDiscord = {
    restApiBase: `http://127.0.0.1:${port}/api`,
    botToken: LOCAL_BOT_TOKEN,
    applicationId: world.store.ids.applicationId,
    botUserId: world.bot.id,
    guildId: world.store.ids.guildId,
    channelId: general.id,
    userId: world.human.id,
    requests,
    faults,

    waitForBot: (timeoutMs = 10_000) => gateway.waitForReady(timeoutMs),
    gatewayStats: () => ({ ...gateway.stats }),
    shardCount: () => gateway.shardCount(),
    shardOf: (guildId) => gateway.shardFor(guildId),

    addGuild(name) {
      const guild = world.addGuild(name);
      const shard = gateway.shardFor(guild.id);
      if (gateway.hasSession(guild.id))
        gateway.dispatch('GUILD_CREATE', guildCreate(world.store, world.bot, [world.human], guild), guild.id);
      return { guildId: guild.id, channelId: guild.channelId, shard };
    },
    guildIds: () => [...world.guilds.keys()],
    commands: () => world.store.allCommands(),

    createChannel({ name, type = 0, botCanSend = true, botCanView = true, botCanReadHistory = true }) {
      let deny = 0n;
      if (!botCanView) deny |= PermissionFlagsBits.ViewChannel;
      if (!botCanReadHistory) deny |= PermissionFlagsBits.ReadMessageHistory;
      if (!botCanSend) deny |= PermissionFlagsBits.SendMessages | PermissionFlagsBits.SendMessagesInThreads;
      const isThreadType = type === 10 || type === 11 || type === 12;
      const overwrites =
        deny === 0n ? [] : [{ id: world.bot.id, type: 1 as const, allow: '0', deny: deny.toString() }];
      if (isThreadType) {
        // Threads take their permissions from their parent, so a restricted thread gets its own parent.
        const parent = deny === 0n ? general : world.addChannel({ name: `${name}-parent`, overwrites });
        return world.addChannel({ name, type, parentId: parent.id }).id;
      }
      return world.addChannel({ name, type, overwrites }).id;
    },

    deleteChannel(channelId) {
      const channel = world.store.channels.get(channelId);
      if (!channel || channel.deleted) return;
      channel.deleted = true;
      const isThreadType = channel.type >= 10 && channel.type <= 12;
      gateway.dispatch(
        isThreadType ? 'THREAD_DELETE' : 'CHANNEL_DELETE',
        apiChannel(channel),
        channel.guildId,
      );
    },

    channelName: (channelId) => world.store.channels.get(channelId)?.name,
    userName: (userId) => [world.bot, world.human].find((user) => user.id === userId)?.username,
    channelMessages: (channelId) =>
      world.store.channelMessages(channelId).filter((m) => (m.flags & MessageFlag.Ephemeral) === 0),

    postUserMessage(channelId, content, actor) {
      if (!world.liveChannel(channelId)) throw errors.unknownChannel();
      return world.createMessage(channelId, resolveActor(actor).user, { content });
    },

    async slashCommand(name, options = {}, actor = {}) {
      const who = resolveActor(actor);
      const command = chatCommand(name, who);
      const built = buildInteractionOptions(command, options as Record<string, OptionInput>, {
        ...(actor.subcommand !== undefined ? { subcommand: actor.subcommand } : {}),
        resolveChannel,
      });
      const data = chatInputData(world, command, built.options, built.channelIds);
      return run(2, who, data, actor.waitMs ?? defaultWaitMs);
    },

    async autocomplete(name, options, focused, actor = {}) {
      const who = resolveActor(actor);
      const command = chatCommand(name, who);
      const built = buildInteractionOptions(command, options, {
        ...(actor.subcommand !== undefined ? { subcommand: actor.subcommand } : {}),
        focused,
        resolveChannel,
      });
      return run(4, who, chatInputData(world, command, built.options, built.channelIds), defaultWaitMs);
    },

    async pressButton(messageId, customId, actor = {}) {
      const message = world.store.messages.get(messageId);
      if (!message || message.deleted)
        throw new Error(`local-discord: no message ${messageId} to press a button on`);
      const button = findButton(message, customId);
      if (!button)
        throw new Error(`local-discord: message ${messageId} has no button with custom_id "${customId}"`);
      if (button.disabled === true) throw new Error(`local-discord: button "${customId}" is disabled`);
      const who = resolveActor({ channelId: message.channel_id, ...actor });
      return run(3, who, { custom_id: customId, component_type: 2 }, actor.waitMs ?? defaultWaitMs, {
        sourceMessageId: messageId,
        message: world.toApi(message),
      });
    },

    async messageCommand(name, targetMessageId, actor = {}) {
      const target = world.store.messages.get(targetMessageId);
      if (!target || target.deleted) throw new Error(`local-discord: no message ${targetMessageId}`);
      // Discord offers no Apps menu on an ephemeral message: a message command can never target one.
      if (target.flags & MessageFlag.Ephemeral)
        throw new CommandInputError(
          `message ${targetMessageId} is ephemeral: Discord runs no message command on it`,
        );
      const who = resolveActor({ channelId: target.channel_id, ...actor });
      const command = world.store.findCommand(name, 3, who.guildId);
      if (!command)
        throw new CommandInputError(`unknown message command "${name}" (registered: ${registeredNames(3)})`);
      return run(2, who, messageCommandData(world, command, targetMessageId), actor.waitMs ?? defaultWaitMs);
    },

    onMessage: (listener) => world.onMessage(listener),

    async close() {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return discord;
}

/** A button (type 2) with this custom_id anywhere in a message's components (rows, sections, containers). */
export function findButton(message: StoredMessage, customId: string): Record<string, unknown> | undefined {
  const stack: unknown[] = [...message.components];
  while (stack.length > 0) {
    const c = stack.shift() as Record<string, unknown> | undefined;
    if (!c || typeof c !== 'object') continue;
    if (c.type === 2 && c.custom_id === customId) return c;
    if (Array.isArray(c.components)) stack.push(...c.components);
    if (c.accessory) stack.push(c.accessory);
  }
  return undefined;
}
