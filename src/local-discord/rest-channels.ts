import { PermissionFlagsBits } from 'discord-api-types/v10';
import { DiscordHttpError, errors } from './api-errors.ts';
import { type ChannelRecord, isThread } from './guild-state.ts';
import { pageOfHistory, parseHistoryQuery } from './history.ts';
import { checkMessageLimits, isEmptyMessage, MessageFlag } from './limits.ts';
import { apiChannel, apiUser } from './payloads.ts';
import type { RestRequest, RestResult } from './rest-types.ts';
import type { StoredMessage } from './types.ts';
import type { World } from './world.ts';

/**
 * How long a nonce is remembered for `enforce_nonce`. Discord's Create Message docs: "If true and nonce is
 * present, it will be checked for uniqueness in the past few minutes. If another message was created by the
 * same author with the same nonce, that message will be returned and no new message will be created."
 * (change log "Enforced Nonces on Create Message Endpoint", 2024-02-12: deduped "for the same sender within a
 * few minutes"). "A few minutes" is not specified further; the emulator uses 3.
 */
export const NONCE_WINDOW_MS = 3 * 60_000;

/** Per-emulator settings of the channel routes (kept beside the World, which other modules own). */
const channelRules = new WeakMap<World, { readonly nonceWindowMs: number }>();

/** Sets how long this emulator's `enforce_nonce` remembers a nonce (tests shorten it to step beyond it). */
export function setNonceWindow(world: World, nonceWindowMs: number): void {
  if (!Number.isFinite(nonceWindowMs) || nonceWindowMs < 0)
    throw new Error(`local-discord: nonceWindowMs must be a non-negative number of ms, got ${nonceWindowMs}`);
  channelRules.set(world, { nonceWindowMs });
}

const nonceWindowOf = (world: World): number => channelRules.get(world)?.nonceWindowMs ?? NONCE_WINDOW_MS;

const asRecord = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** The channel the bot may see, or the error Discord answers. */
function visibleChannel(world: World, channelId: string): ChannelRecord {
  const channel = world.liveChannel(channelId);
  if (!channel) throw errors.unknownChannel();
  if ((world.store.botPermissions(channel) & PermissionFlagsBits.ViewChannel) === 0n)
    throw errors.missingAccess();
  return channel;
}

/** `GET /channels/:id`. */
export function getChannel(world: World, req: RestRequest): RestResult {
  const channel = visibleChannel(world, req.segments[1] ?? '');
  return { status: 200, body: apiChannel(channel, world.lastMessageId(channel.id)) };
}

/** `POST /channels/:id/messages`, with Discord's permission checks, limits and `enforce_nonce`. */
export function createChannelMessage(world: World, req: RestRequest): RestResult {
  const channel = visibleChannel(world, req.segments[1] ?? '');
  const needed = isThread(channel.type)
    ? PermissionFlagsBits.SendMessagesInThreads
    : PermissionFlagsBits.SendMessages;
  if ((world.store.botPermissions(channel) & needed) === 0n) throw errors.missingPermissions();
  const body = asRecord(req.body);
  const problems = checkMessageLimits(body);
  if (problems.length > 0) throw errors.invalidForm(problems);
  if (isEmptyMessage(body)) throw errors.emptyMessage();
  const nonce = typeof body.nonce === 'string' || typeof body.nonce === 'number' ? String(body.nonce) : null;
  const nonceKey = nonce !== null ? `${world.bot.id}:${channel.id}:${nonce}` : null;
  if (nonceKey && body.enforce_nonce === true) {
    const seen = world.nonces.get(nonceKey);
    const previous = seen ? world.store.messages.get(seen.messageId) : undefined;
    if (seen && previous && Date.now() - seen.at <= nonceWindowOf(world)) {
      return { status: 200, body: world.toApi(previous) };
    }
  }
  // Interaction-only flags are not allowed on channel messages.
  const flags = typeof body.flags === 'number' ? body.flags & ~MessageFlag.Ephemeral : undefined;
  const message = world.createMessage(channel.id, world.bot, {
    ...body,
    ...(flags !== undefined ? { flags } : {}),
  });
  if (nonceKey) world.nonces.set(nonceKey, { messageId: message.id, at: Date.now() });
  return { status: 200, body: world.toApi(message) };
}

/** Voice and stage channels: reading their messages also needs Connect. */
const isVoice = (type: number): boolean => type === 2 || type === 13;

/** A message as a fetch returns it: Discord documents `nonce` for the create response and MESSAGE_CREATE only. */
function fetchedMessage(world: World, message: StoredMessage): Record<string, unknown> {
  const { nonce: _nonce, ...fetched } = world.toApi(message);
  return fetched;
}

/**
 * `GET /channels/:id/messages` (Get Channel Messages): newest first, paged by `limit` and one of
 * `around`/`before`/`after`. Needs View Channel (and Connect for voice); without Read Message History Discord
 * answers 200 with no messages, not an error ("If the current user is missing the READ_MESSAGE_HISTORY
 * permission in the channel, then no messages will be returned").
 */
export function listChannelMessages(world: World, req: RestRequest): RestResult {
  const query = parseHistoryQuery(req.query);
  const channel = visibleChannel(world, req.segments[1] ?? '');
  const permissions = world.store.botPermissions(channel);
  if (isVoice(channel.type) && (permissions & PermissionFlagsBits.Connect) === 0n)
    throw errors.missingAccess();
  if ((permissions & PermissionFlagsBits.ReadMessageHistory) === 0n) return { status: 200, body: [] };
  const visible = world.store
    .channelMessages(channel.id)
    .filter((m) => (m.flags & MessageFlag.Ephemeral) === 0);
  return { status: 200, body: pageOfHistory(visible, query).map((m) => fetchedMessage(world, m)) };
}

/** `GET|PATCH|DELETE /channels/:id/messages/:mid`. */
export function channelMessage(world: World, req: RestRequest): RestResult {
  const channel = visibleChannel(world, req.segments[1] ?? '');
  const message = world.store.messages.get(req.segments[3] ?? '');
  const ephemeral = message ? (message.flags & MessageFlag.Ephemeral) !== 0 : false;
  if (!message || message.deleted || message.channel_id !== channel.id || ephemeral)
    throw errors.unknownMessage();
  if (req.method === 'GET') return { status: 200, body: world.toApi(message) };
  const own = message.author.id === world.bot.id;
  if (req.method === 'DELETE') {
    if (!own && (world.store.botPermissions(channel) & PermissionFlagsBits.ManageMessages) === 0n) {
      throw errors.missingPermissions();
    }
    world.deleteMessage(message.id);
    return { status: 204 };
  }
  if (!own) throw new DiscordHttpError(403, 50005, 'Cannot edit a message authored by another user');
  const body = asRecord(req.body);
  const problems = checkMessageLimits(body);
  if (problems.length > 0) throw errors.invalidForm(problems);
  return { status: 200, body: world.toApi(world.editMessage(message.id, body)) };
}

/** `GET /users/@me`. */
export function getCurrentUser(world: World): RestResult {
  return { status: 200, body: { ...apiUser(world.bot), verified: true, mfa_enabled: false, flags: 0 } };
}

/** `GET /applications/@me`. */
export function getCurrentApplication(world: World): RestResult {
  return {
    status: 200,
    body: {
      id: world.store.ids.applicationId,
      name: world.bot.username,
      icon: null,
      description: 'Footnote on the local Discord',
      bot_public: false,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: 0,
      owner: apiUser(world.human),
      bot: apiUser(world.bot),
    },
  };
}

/** `GET /gateway` and `GET /gateway/bot`. */
export function getGateway(url: string, bot: boolean, shards: number): RestResult {
  const body = bot
    ? {
        url,
        shards,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
      }
    : { url };
  return { status: 200, body };
}
