import type { InteractionOption } from './command-options.ts';
import { apiChannel, apiUser, type UserRecord } from './payloads.ts';
import type { World } from './world.ts';

/** Who performs an interaction, with defaults filled in. */
export interface ResolvedActor {
  readonly user: UserRecord;
  readonly permissions: string;
  readonly channelId: string;
  readonly guildId: string;
  readonly locale: string;
}

/** The fields every guild interaction carries (what discord.js needs to build an Interaction). */
export function interactionBase(
  world: World,
  actor: ResolvedActor,
  fields: { id: string; token: string; type: number; data: Record<string, unknown> },
): Record<string, unknown> {
  const channel = world.store.channels.get(actor.channelId);
  const appPermissions = channel ? world.store.botPermissions(channel).toString() : '0';
  return {
    id: fields.id,
    application_id: world.store.ids.applicationId,
    type: fields.type,
    token: fields.token,
    version: 1,
    data: fields.data,
    guild_id: actor.guildId,
    guild: { id: actor.guildId, locale: 'en-US', features: [] },
    channel_id: actor.channelId,
    channel: channel
      ? apiChannel(channel, world.lastMessageId(channel.id))
      : { id: actor.channelId, type: 0 },
    member: {
      user: apiUser(actor.user),
      roles: [],
      permissions: actor.permissions,
      nick: null,
      avatar: null,
      joined_at: new Date(0).toISOString(),
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
    },
    app_permissions: appPermissions,
    locale: actor.locale,
    guild_locale: 'en-US',
    // Without these two discord.js throws inside its handler and interactionCreate never fires.
    entitlements: [],
    authorizing_integration_owners: { '0': actor.guildId },
    context: 0,
    attachment_size_limit: 10 * 1024 * 1024,
  };
}

/** `data` of a chat-input (or autocomplete) interaction. */
export function chatInputData(
  world: World,
  command: { id: string; name: string; guild_id?: string },
  options: InteractionOption[],
  channelIds: readonly string[],
): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  for (const id of channelIds) {
    const channel = world.store.channels.get(id);
    if (!channel) continue;
    const {
      id: cid,
      name,
      type,
      parent_id,
      thread_metadata,
    } = apiChannel(channel) as Record<string, unknown>;
    channels[id] = {
      id: cid,
      name,
      type,
      parent_id,
      ...(thread_metadata ? { thread_metadata } : {}),
      permissions: world.store.botPermissions(channel).toString(),
    };
  }
  return {
    id: command.id,
    name: command.name,
    type: 1,
    ...(command.guild_id ? { guild_id: command.guild_id } : {}),
    ...(options.length > 0 ? { options } : {}),
    ...(channelIds.length > 0 ? { resolved: { channels } } : {}),
  };
}

/** `data` of a message context-menu interaction. */
export function messageCommandData(
  world: World,
  command: { id: string; name: string; guild_id?: string },
  targetId: string,
): Record<string, unknown> {
  const target = world.store.messages.get(targetId);
  return {
    id: command.id,
    name: command.name,
    type: 3,
    ...(command.guild_id ? { guild_id: command.guild_id } : {}),
    target_id: targetId,
    resolved: { messages: target ? { [targetId]: world.toApi(target) } : {} },
  };
}
