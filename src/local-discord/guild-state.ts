import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { StoredMessage } from './types.ts';

/** Every permission bit Discord defines: the default human member's permissions. */
export const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((acc, bit) => acc | bit, 0n);

/** What a freshly invited bot gets in its managed role (and @everyone has in the emulated guild). */
export const BASE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.UseApplicationCommands;

/** A channel or thread in the emulated guild. */
export interface ChannelRecord {
  readonly id: string;
  readonly guildId: string;
  readonly name: string;
  readonly type: number;
  readonly parentId: string | null;
  readonly position: number;
  readonly overwrites: { id: string; type: 0 | 1; allow: string; deny: string }[];
  deleted: boolean;
}

/** A registered application command, as Discord returns it. */
export type CommandRecord = Record<string, unknown> & {
  id: string;
  name: string;
  type: number;
  guild_id?: string;
};

/** Thread channel types (public, private, announcement thread). */
export const isThread = (type: number): boolean => type === 10 || type === 11 || type === 12;

/** The emulated world: one guild, its channels, messages and the bot's registered commands. */
export class GuildState {
  readonly channels = new Map<string, ChannelRecord>();
  readonly messages = new Map<string, StoredMessage>();
  readonly guildCommands = new Map<string, CommandRecord[]>();
  globalCommands: CommandRecord[] = [];

  constructor(
    readonly ids: { guildId: string; botUserId: string; botRoleId: string; applicationId: string },
  ) {}

  /** The bot's effective permissions in a channel (role base, then @everyone and member overwrites). */
  botPermissions(channel: ChannelRecord): bigint {
    const source =
      isThread(channel.type) && channel.parentId ? (this.channels.get(channel.parentId) ?? channel) : channel;
    let perms = BASE_PERMISSIONS;
    for (const targetId of [channel.guildId, this.ids.botRoleId, this.ids.botUserId]) {
      const o = source.overwrites.find((w) => w.id === targetId);
      if (o) perms = (perms & ~BigInt(o.deny)) | BigInt(o.allow);
    }
    return perms;
  }

  /** All live messages of a channel, oldest first. */
  channelMessages(channelId: string): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.channel_id === channelId && !m.deleted);
  }

  /** Registered commands (guild ones first), newest definition wins per name and type. */
  allCommands(): CommandRecord[] {
    return [...[...this.guildCommands.values()].flat(), ...this.globalCommands];
  }

  /** The registered command with this name and type (1 chat input, 2 user, 3 message). */
  findCommand(name: string, type: number, guildId: string): CommandRecord | undefined {
    const inGuild = this.guildCommands.get(guildId) ?? [];
    return [...inGuild, ...this.globalCommands].find((c) => c.name === name && (c.type ?? 1) === type);
  }
}
