/**
 * Permission checks, in one place: who may run a command (Manage Server), and what the bot may do in a channel
 * (post a daily fact, read the history that proves a post arrived).
 */
import {
  type ChatInputCommandInteraction,
  type Client,
  PermissionFlagsBits,
  PermissionsBitField,
} from 'discord.js';
import { UserFacingError } from './command.ts';

const NEEDED_TO_POST: readonly { bit: bigint; name: string; threadBit?: bigint; threadName?: string }[] = [
  { bit: PermissionFlagsBits.ViewChannel, name: 'View Channel' },
  {
    bit: PermissionFlagsBits.SendMessages,
    name: 'Send Messages',
    threadBit: PermissionFlagsBits.SendMessagesInThreads,
    threadName: 'Send Messages in Threads',
  },
  { bit: PermissionFlagsBits.EmbedLinks, name: 'Embed Links' },
  { bit: PermissionFlagsBits.ReadMessageHistory, name: 'Read Message History' },
];

/**
 * The permissions the bot lacks to post daily in a channel (or thread), by name; empty when it can. Read Message
 * History is needed to recognise, after a crash, a post that was already delivered.
 */
export function missingPostPermissions(permissions: bigint, isThread: boolean): string[] {
  if ((permissions & PermissionFlagsBits.Administrator) !== 0n) return [];
  return NEEDED_TO_POST.filter(
    ({ bit, threadBit }) => (permissions & (isThread && threadBit ? threadBit : bit)) === 0n,
  ).map(({ name, threadName }) => (isThread && threadName ? threadName : name));
}

/** What a member is told when a server-only, Manage Server command is refused. */
export interface ManagerRefusals {
  /** Run outside a server (in a DM). */
  readonly outsideServer: string;
  /** Run by a member without Manage Server. */
  readonly notManager: string;
}

/**
 * Manage Server, checked at run time too (`default_member_permissions` can be overridden by server admins).
 * Returns the server's id; throws a {@link UserFacingError} with the matching refusal otherwise.
 */
export function requireManageServer(
  interaction: ChatInputCommandInteraction,
  refusals: ManagerRefusals,
): string {
  if (!interaction.inGuild()) throw new UserFacingError(refusals.outsideServer);
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild))
    throw new UserFacingError(refusals.notManager);
  return interaction.guildId;
}

/**
 * The bot's permissions in the channel of a command's channel option: from the gateway cache when it has the
 * channel, else the interaction's resolved data; null when neither says.
 */
export function botPermissionsIn(interaction: ChatInputCommandInteraction, option: string): bigint | null {
  const resolved = interaction.options.getChannel(option, true) as { id: string; permissions?: unknown };
  const channel = interaction.guild?.channels.cache.get(resolved.id);
  const me = interaction.guild?.members.me;
  if (channel && me) return channel.permissionsFor(me).bitfield;
  if (resolved.permissions instanceof PermissionsBitField) return resolved.permissions.bitfield;
  if (typeof resolved.permissions === 'string') return BigInt(resolved.permissions);
  return null;
}

/**
 * Whether the bot can view a channel and read its history, from discord.js's cache (the Guilds intent keeps
 * channels, overwrites, roles and the bot's member current); undefined when the channel or member is not cached.
 */
export function historyReadability(client: Client<true>): (channelId: string) => boolean | undefined {
  return (channelId) => {
    const channel = client.channels.cache.get(channelId);
    if (!channel || channel.isDMBased()) return undefined;
    return channel
      .permissionsFor(client.user)
      ?.has(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory);
  };
}
