/**
 * The contract of the local Discord: a loopback emulator of Discord's REST API and gateway v10 that the
 * real, unmodified discord.js client logs in to. Implemented in this folder; used by `npm start` without
 * a token (the terminal chat) and by the end-to-end tests.
 */

/** A REST request the bot sent, as received (JSON body parsed; multipart `payload_json` parsed). */
export interface RecordedRequest {
  readonly method: string;
  /** Path after `/api/v10`, e.g. `/interactions/123/tok/callback`. */
  readonly path: string;
  /** The matching route template from Discord's OpenAPI file, e.g. `/interactions/{interaction_id}/{interaction_token}/callback`. */
  readonly route: string | null;
  /** The OpenAPI operationId for that route and method, e.g. `create_interaction_response`. */
  readonly operationId: string | null;
  readonly body: unknown;
  /** HTTP status the emulator answered with. */
  readonly status: number;
  readonly at: number;
}

/** A message as the emulator stores it (Discord's message object, the fields the emulator fills). */
export interface StoredMessage {
  readonly id: string;
  readonly channel_id: string;
  readonly content: string;
  readonly embeds: readonly unknown[];
  readonly components: readonly unknown[];
  readonly flags: number;
  readonly author: { readonly id: string; readonly username: string; readonly bot?: boolean };
  readonly allowed_mentions?: unknown;
  readonly nonce?: string | number;
  /** Set when the message is an interaction response: which interaction produced it. */
  readonly interaction_id?: string;
  readonly timestamp: string;
  readonly edited_timestamp: string | null;
  readonly deleted?: boolean;
}

/** An option value of a chat-input command, as a user would type it. */
export type OptionInput = string | number | boolean;

/** Who performs an interaction. Defaults: the emulator's default member, with all permissions. */
export interface Actor {
  readonly userId?: string;
  readonly username?: string;
  /** Permission bitfield as a decimal string (Discord's `member.permissions`). */
  readonly permissions?: string;
  readonly channelId?: string;
  readonly guildId?: string;
  readonly locale?: string;
}

/** What the bot answered to one interaction, as the emulator saw it. */
export interface InteractionOutcome {
  readonly interactionId: string;
  readonly token: string;
  /** The callback body (type 4, 5, 6, 7, 8, 9...), or null when none came before the deadline. */
  readonly callback: { readonly type: number; readonly data?: unknown } | null;
  /** The message the interaction's original response currently is (after edits), if any. */
  readonly original: StoredMessage | null;
  /** Follow-up messages, in order. */
  readonly followUps: readonly StoredMessage[];
  /** Autocomplete choices, for type 8 callbacks. */
  readonly choices: readonly { readonly name: string; readonly value: string | number }[] | null;
  /** When the emulator sent INTERACTION_CREATE (ms since the Unix epoch). */
  readonly dispatchedAt: number;
  /** When the accepted first callback arrived, or null (for latency measurements). */
  readonly callbackAt: number | null;
}

export interface LocalDiscordOptions {
  /** TCP port to listen on (127.0.0.1); 0 picks a free one. */
  readonly port?: number;
  /** First-response deadline in ms. Discord: 3000. */
  readonly interactionDeadlineMs?: number;
  /** Interaction token lifetime in ms. Discord: 15 minutes. */
  readonly tokenLifetimeMs?: number;
  /** Heartbeat interval sent in HELLO, ms. Discord: ~41250. */
  readonly heartbeatIntervalMs?: number;
  /** How long an answered interaction must stay quiet before `slashCommand()` etc. resolve, ms (default 40). */
  readonly settleQuietMs?: number;
  /** Default `waitMs` of the interaction helpers, ms (default 5000). */
  readonly waitMs?: number;
  /**
   * How long `enforce_nonce` returns the earlier message for a repeated nonce, ms. Discord: "the past few
   * minutes" (default 3 minutes). Tests shorten it to act beyond the window without waiting.
   */
  readonly nonceWindowMs?: number;
  /**
   * The same server, channel and user ids on every start (the terminal chat), so settings stored against them
   * (`/daily set`) survive a restart as on Discord. Default false: each start is a new server.
   */
  readonly stableIds?: boolean;
  /**
   * How many shards Discord recommends (`shards` in `GET /gateway/bot`), default 1. The gateway serves as many
   * shards as the bot identifies with; a server's events go to shard `(guild_id >> 22) % num_shards`.
   */
  readonly shards?: number;
  /** A pino logger for the emulator's own diagnostics (default: silent). */
  readonly logger?: import('pino').Logger;
}

/** Faults a test can inject, each applied to the next matching requests or connections. */
export interface FaultInjector {
  /** The next `count` requests matching `operationId` (any when omitted) get 429 with `Retry-After: retryAfterSeconds`. */
  rateLimit(options: {
    operationId?: string;
    count?: number;
    retryAfterSeconds: number;
    global?: boolean;
  }): void;
  /** The next `count` requests matching `operationId` (any when omitted) get this 5xx status. */
  serverError(options: { operationId?: string; count?: number; status?: 500 | 502 | 503 | 504 }): void;
  /** Close the bot's gateway connection with this close code (4000: resumable; 1000: re-identify). */
  closeGateway(code: number): void;
  /** Send op 9 INVALID_SESSION with `d: resumable`. */
  invalidSession(resumable: boolean): void;
  /** Send op 7 RECONNECT (the bot reconnects and resumes). */
  reconnect(): void;
  /** Forget every pending fault. */
  clear(): void;
}

/** A running local Discord. */
export interface LocalDiscord {
  /** For the client: `new Client({ rest: { api: restApiBase } })` (discord.js appends `/v10`). */
  readonly restApiBase: string;
  /** The bot token the emulator accepts (any non-empty token is accepted; this is the suggested one). */
  readonly botToken: string;
  readonly applicationId: string;
  readonly botUserId: string;
  /** The default guild, its default text channel, and the default human member. */
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;

  /** Every REST request received, in order. */
  readonly requests: readonly RecordedRequest[];
  readonly faults: FaultInjector;

  /** Resolves once a bot has identified and been sent READY and its GUILD_CREATEs. */
  waitForBot(timeoutMs?: number): Promise<void>;
  /** Gateway connections so far: how many identified and how many resumed (for reconnect tests). */
  gatewayStats(): { readonly connections: number; readonly identifies: number; readonly resumes: number };
  /** The shard count the bot identified with (1 before it connects). */
  shardCount(): number;
  /** The shard a server's events and interactions go to, with the bot's shard count. */
  shardOf(guildId: string): number;
  /**
   * Add a server with a #general channel (the bot and the default member are in it); a connected bot gets its
   * GUILD_CREATE on the server's shard. Consecutive servers fall on consecutive shards.
   */
  addGuild(name?: string): { readonly guildId: string; readonly channelId: string; readonly shard: number };
  /** Every server, the default one first. */
  guildIds(): readonly string[];
  /** Application commands the bot registered (guild and global), by name. */
  commands(): readonly unknown[];

  /**
   * Add a text channel (or thread) to the default guild; `botCanSend` false denies the bot SEND_MESSAGES there,
   * `botCanView` false VIEW_CHANNEL, `botCanReadHistory` false READ_MESSAGE_HISTORY.
   */
  createChannel(options: {
    name: string;
    type?: number;
    botCanSend?: boolean;
    botCanView?: boolean;
    botCanReadHistory?: boolean;
  }): string;
  /** Delete a channel: later posts to it get 404 Unknown Channel. */
  deleteChannel(channelId: string): void;
  /** The name of a channel of the server (a deleted one too), as Discord shows `<#id>`; undefined when unknown. */
  channelName(channelId: string): string | undefined;
  /** The name of a user the emulator knows (the bot, the default member), as Discord shows `<@id>`. */
  userName(userId: string): string | undefined;
  /** Messages in a channel, oldest first (excluding deleted ones). */
  channelMessages(channelId: string): readonly StoredMessage[];
  /** A message posted by a human, e.g. the target of a message context-menu command. */
  postUserMessage(channelId: string, content: string, actor?: Actor): StoredMessage;

  /** Send INTERACTION_CREATE for a chat-input command (`/name sub? options`) and wait for the outcome. */
  slashCommand(
    name: string,
    options?: Record<string, OptionInput>,
    actor?: Actor & { subcommand?: string; waitMs?: number },
  ): Promise<InteractionOutcome>;
  /** Send an autocomplete interaction with `focused` as the focused option. */
  autocomplete(
    name: string,
    options: Record<string, OptionInput>,
    focused: string,
    actor?: Actor & { subcommand?: string },
  ): Promise<InteractionOutcome>;
  /** Press a button on a stored message by its custom_id. */
  pressButton(
    messageId: string,
    customId: string,
    actor?: Actor & { waitMs?: number },
  ): Promise<InteractionOutcome>;
  /** Run a message context-menu command on a stored message. */
  messageCommand(
    name: string,
    targetMessageId: string,
    actor?: Actor & { waitMs?: number },
  ): Promise<InteractionOutcome>;

  /** Subscribe to messages created or edited in any channel (for the terminal chat). */
  onMessage(listener: (message: StoredMessage, kind: 'create' | 'update' | 'delete') => void): () => void;

  close(): Promise<void>;
}
