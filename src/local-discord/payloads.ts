import type { ChannelRecord, GuildState } from './guild-state.ts';
import { ALL_PERMISSIONS, BASE_PERMISSIONS, isThread } from './guild-state.ts';
import type { StoredMessage } from './types.ts';

/** The user objects of the emulated world. */
export interface UserRecord {
  readonly id: string;
  readonly username: string;
  readonly bot?: boolean;
}

/** A Discord user object. */
export function apiUser(user: UserRecord): Record<string, unknown> {
  return {
    id: user.id,
    username: user.username,
    global_name: user.bot ? null : user.username,
    discriminator: '0',
    avatar: null,
    bot: user.bot ?? false,
    public_flags: 0,
  };
}

/** A Discord channel object (guild text channel or thread). */
export function apiChannel(
  channel: ChannelRecord,
  lastMessageId: string | null = null,
): Record<string, unknown> {
  const base: Record<string, unknown> = {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guildId,
    name: channel.name,
    parent_id: channel.parentId,
    last_message_id: lastMessageId,
    rate_limit_per_user: 0,
    flags: 0,
  };
  if (isThread(channel.type)) {
    return {
      ...base,
      owner_id: null,
      thread_metadata: {
        archived: false,
        auto_archive_duration: 1440,
        archive_timestamp: new Date().toISOString(),
        locked: false,
      },
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
    };
  }
  return {
    ...base,
    position: channel.position,
    permission_overwrites: channel.overwrites,
    nsfw: false,
    topic: null,
  };
}

/** A Discord message object for a stored message. */
export function apiMessage(
  message: StoredMessage,
  guildId: string,
  interaction?: { readonly type: number; readonly user: UserRecord; readonly name?: string },
): Record<string, unknown> {
  return {
    id: message.id,
    channel_id: message.channel_id,
    guild_id: guildId,
    author: { ...apiUser(message.author) },
    content: message.content,
    timestamp: message.timestamp,
    edited_timestamp: message.edited_timestamp,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: message.embeds,
    components: message.components,
    pinned: false,
    type: message.interaction_id ? 20 : 0,
    flags: message.flags,
    ...(message.nonce !== undefined ? { nonce: message.nonce } : {}),
    ...(message.interaction_id
      ? {
          application_id: message.author.id,
          webhook_id: message.author.id,
          interaction_metadata: {
            id: message.interaction_id,
            type: interaction?.type ?? 2,
            user: apiUser(interaction?.user ?? message.author),
            authorizing_integration_owners: { '0': guildId },
            ...(interaction?.name ? { name: interaction.name } : {}),
          },
        }
      : {}),
  };
}

/** The GUILD_CREATE payload of a server (default: the default one) for the bot. */
export function guildCreate(
  store: GuildState,
  bot: UserRecord,
  humans: readonly UserRecord[],
  guild: { readonly id: string; readonly name: string } = { id: store.ids.guildId, name: 'Footnote (local)' },
): Record<string, unknown> {
  const { botRoleId } = store.ids;
  const guildId = guild.id;
  const joinedAt = new Date().toISOString();
  const live = [...store.channels.values()].filter((c) => !c.deleted && c.guildId === guildId);
  const member = (user: UserRecord, roles: string[]) => ({
    user: apiUser(user),
    roles,
    nick: null,
    avatar: null,
    joined_at: joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  });
  const role = (id: string, name: string, permissions: bigint, managed: boolean, position: number) => ({
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: permissions.toString(),
    managed,
    mentionable: false,
    flags: 0,
    ...(managed ? { tags: { bot_id: bot.id } } : {}),
  });
  return {
    id: guildId,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: humans[0]?.id ?? bot.id,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [
      role(guildId, '@everyone', BASE_PERMISSIONS, false, 0),
      role(botRoleId, bot.username, BASE_PERMISSIONS, true, 1),
    ],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: live.find((c) => c.type === 0)?.id ?? null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: joinedAt,
    large: false,
    unavailable: false,
    member_count: humans.length + 1,
    members: [member(bot, [botRoleId]), ...humans.map((h) => member(h, []))],
    channels: live.filter((c) => !isThread(c.type)).map((c) => apiChannel(c)),
    threads: live.filter((c) => isThread(c.type)).map((c) => apiChannel(c)),
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** The full permission bitfield as Discord sends it (decimal string). */
export const ALL_PERMISSIONS_STRING = ALL_PERMISSIONS.toString();
