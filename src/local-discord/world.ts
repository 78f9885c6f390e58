import type { Gateway } from './gateway.ts';
import { type ChannelRecord, GuildState } from './guild-state.ts';
import type { InteractionRecord } from './interactions.ts';
import { MessageFlag } from './limits.ts';
import { apiChannel, apiMessage, type UserRecord } from './payloads.ts';
import { createSnowflakeFactory, guildSnowflake, snowflakeTime } from './snowflake.ts';
import type { StoredMessage } from './types.ts';

/** The moment the stable ids of a local server are made at (see {@link World}). */
const STABLE_IDS_AT = Date.parse('2024-01-01T00:00:00Z');

/** A server of the local Discord. */
export interface GuildRecord {
  readonly id: string;
  readonly name: string;
  /** Its #general channel. */
  channelId: string;
}

type Listener = (message: StoredMessage, kind: 'create' | 'update' | 'delete') => void;

/** Message flags a sender may set; everything else is Discord's to set. */
const SETTABLE_FLAGS = MessageFlag.Ephemeral | MessageFlag.IsComponentsV2 | (1 << 2) | (1 << 12);

/** The emulator's state shared by REST routes, the gateway and the test helpers. */
export class World {
  private idFactory: () => string;
  readonly newId = (): string => this.idFactory();
  readonly store: GuildState;
  readonly bot: UserRecord;
  readonly human: UserRecord;
  readonly interactions = new Map<string, InteractionRecord>();
  readonly interactionsByToken = new Map<string, InteractionRecord>();
  /** `${authorId}:${channelId}:${nonce}` → message id and when it was created, for `enforce_nonce`. */
  readonly nonces = new Map<string, { messageId: string; at: number }>();
  private readonly listeners = new Set<Listener>();
  /** Every server the bot is in, the default one first: id → its name and default text channel. */
  readonly guilds = new Map<string, GuildRecord>();
  /** The moment the ids of added servers count from: consecutive servers fall on consecutive shards. */
  private readonly guildBase: number;
  private readonly stableIds: boolean;
  gateway: Gateway | null = null;

  /**
   * `stableIds`: the server, its users and the channels added before {@link liveIds} get the same ids on every
   * run (snowflakes of a fixed moment), so settings stored against them survive a restart, as on Discord.
   */
  constructor(options: { stableIds?: boolean } = {}) {
    this.stableIds = options.stableIds === true;
    this.idFactory = options.stableIds
      ? createSnowflakeFactory(() => STABLE_IDS_AT)
      : createSnowflakeFactory();
    const guildId = this.newId();
    // Server n is made n ms after the default one: consecutive servers on consecutive shards.
    this.guildBase = snowflakeTime(guildId);
    this.bot = { id: this.newId(), username: 'Footnote', bot: true };
    this.human = { id: this.newId(), username: 'reader' };
    this.store = new GuildState({
      guildId,
      botUserId: this.bot.id,
      botRoleId: this.newId(),
      applicationId: this.bot.id,
    });
    this.guilds.set(guildId, { id: guildId, name: 'Footnote (local)', channelId: '' });
  }

  /**
   * From now on, new ids carry the current time (messages, interactions, channels made while running). Ids that
   * already do keep their factory: a new one would count again from the same millisecond and repeat ids (two
   * servers' #general with one id).
   */
  liveIds(): void {
    if (this.stableIds) this.idFactory = createSnowflakeFactory();
  }

  /**
   * Adds a server with a #general channel; the bot is in it, and a connected bot is sent its GUILD_CREATE on the
   * server's shard. Its id's timestamp is one millisecond after the previous server's, so with N shards
   * consecutive servers fall on consecutive shards (`(id >> 22) % N`), as spread as Discord's.
   */
  addGuild(name = `Server ${this.guilds.size + 1}`): GuildRecord {
    const id = guildSnowflake(this.guildBase + this.guilds.size);
    const guild: GuildRecord = { id, name, channelId: '' };
    this.guilds.set(id, guild);
    // Before the bot hears of the server, its channel is part of its GUILD_CREATE (no CHANNEL_CREATE of its own).
    const gateway = this.gateway;
    this.gateway = null;
    guild.channelId = this.addChannel({ name: 'general', guildId: id }).id;
    this.gateway = gateway;
    return guild;
  }

  /** Adds a channel (or thread) to a guild (default: the default one) and tells a connected bot. */
  addChannel(options: {
    name: string;
    type?: number;
    parentId?: string | null;
    overwrites?: ChannelRecord['overwrites'];
    guildId?: string;
  }): ChannelRecord {
    const type = options.type ?? 0;
    const channel: ChannelRecord = {
      id: this.newId(),
      guildId: options.guildId ?? this.store.ids.guildId,
      name: options.name,
      type,
      parentId: options.parentId ?? null,
      position: this.store.channels.size,
      overwrites: options.overwrites ?? [],
      deleted: false,
    };
    this.store.channels.set(channel.id, channel);
    this.gateway?.dispatch(
      type === 10 || type === 11 || type === 12 ? 'THREAD_CREATE' : 'CHANNEL_CREATE',
      { ...apiChannel(channel), ...(type >= 10 && type <= 12 ? { newly_created: true } : {}) },
      channel.guildId,
    );
    return channel;
  }

  /** Subscribes to message changes. */
  onMessage(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(message: StoredMessage, kind: 'create' | 'update' | 'delete'): void {
    for (const listener of [...this.listeners]) listener(message, kind);
  }

  /** Stores a new message built from a request body (content, embeds, components, flags...). */
  createMessage(
    channelId: string,
    author: UserRecord,
    body: Record<string, unknown>,
    extra: { interactionId?: string; flags?: number } = {},
  ): StoredMessage {
    const flags = ((typeof body.flags === 'number' ? body.flags : 0) & SETTABLE_FLAGS) | (extra.flags ?? 0);
    const message: StoredMessage = {
      id: this.newId(),
      channel_id: channelId,
      content: typeof body.content === 'string' ? body.content : '',
      embeds: Array.isArray(body.embeds) ? body.embeds : [],
      components: Array.isArray(body.components) ? body.components : [],
      flags,
      author: { id: author.id, username: author.username, ...(author.bot ? { bot: true } : {}) },
      ...(body.allowed_mentions !== undefined ? { allowed_mentions: body.allowed_mentions } : {}),
      ...(typeof body.nonce === 'string' || typeof body.nonce === 'number' ? { nonce: body.nonce } : {}),
      ...(extra.interactionId ? { interaction_id: extra.interactionId } : {}),
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
    };
    this.store.messages.set(message.id, message);
    this.emit(message, 'create');
    return message;
  }

  /** Applies an edit body to a stored message; a deferred "thinking" message stops loading. */
  editMessage(messageId: string, body: Record<string, unknown>): StoredMessage {
    const old = this.store.messages.get(messageId);
    if (!old) throw new Error(`local-discord: no message ${messageId}`);
    const keptFlags = old.flags & ~(MessageFlag.Loading | MessageFlag.IsComponentsV2 | (1 << 2));
    const flags =
      typeof body.flags === 'number'
        ? keptFlags | (body.flags & (MessageFlag.IsComponentsV2 | (1 << 2)))
        : old.flags & ~MessageFlag.Loading;
    const message: StoredMessage = {
      ...old,
      ...(typeof body.content === 'string' || body.content === null ? { content: body.content ?? '' } : {}),
      ...(Array.isArray(body.embeds) || body.embeds === null ? { embeds: body.embeds ?? [] } : {}),
      ...(Array.isArray(body.components) || body.components === null
        ? { components: body.components ?? [] }
        : {}),
      ...(body.allowed_mentions !== undefined ? { allowed_mentions: body.allowed_mentions } : {}),
      flags,
      edited_timestamp: new Date().toISOString(),
    };
    this.store.messages.set(messageId, message);
    this.emit(message, 'update');
    return message;
  }

  /** Marks a message deleted. */
  deleteMessage(messageId: string): void {
    const old = this.store.messages.get(messageId);
    if (!old || old.deleted) return;
    const message: StoredMessage = { ...old, deleted: true };
    this.store.messages.set(messageId, message);
    this.emit(message, 'delete');
  }

  /** The Discord message object for a stored message, with its interaction metadata. */
  toApi(message: StoredMessage): Record<string, unknown> {
    const interaction = message.interaction_id ? this.interactions.get(message.interaction_id) : undefined;
    const guildId = this.store.channels.get(message.channel_id)?.guildId ?? this.store.ids.guildId;
    return apiMessage(message, guildId, interaction);
  }

  /** A live channel or undefined. */
  liveChannel(channelId: string): ChannelRecord | undefined {
    const channel = this.store.channels.get(channelId);
    return channel && !channel.deleted ? channel : undefined;
  }

  /** The last visible message id of a channel (for channel objects). */
  lastMessageId(channelId: string): string | null {
    const visible = this.store
      .channelMessages(channelId)
      .filter((m) => (m.flags & MessageFlag.Ephemeral) === 0);
    return visible[visible.length - 1]?.id ?? null;
  }
}
