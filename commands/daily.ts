import { SlashCommandBuilder } from '@discordjs/builders';
import {
  ChannelType,
  type ChatInputCommandInteraction,
  PermissionFlagsBits,
  PermissionsBitField,
} from 'discord.js';
import { firstPostDate, isValidTimeZone, parseTimeOfDay } from '../src/daily/schedule.ts';
import type { DailyStore } from '../src/daily/store.ts';
import { suggestTimeZones } from '../src/daily/time-zones.ts';
import type { CommandContext } from '../src/discord/command.ts';
import { type Command, UserFacingError } from '../src/discord/command.ts';
import { quoteUserInput } from '../src/discord/errors.ts';
import { missingPostPermissions, renderDailySet, renderDailyStatus } from '../src/discord/render/daily.ts';

const THREAD_TYPES = new Set<number>([
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
]);

function dailyStore(context: CommandContext): DailyStore {
  const daily = context.store?.daily;
  if (!daily)
    throw new UserFacingError('Daily facts need the bot’s database, which is not set up on this bot.');
  return daily;
}

/** Manage Server, checked at run time too: `default_member_permissions` can be overridden by server admins. */
function requireManager(interaction: ChatInputCommandInteraction): string {
  if (!interaction.inGuild())
    throw new UserFacingError('Daily facts are set per server: use this command in a server.');
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    throw new UserFacingError('Only members with the Manage Server permission can change daily facts.');
  }
  return interaction.guildId;
}

/** The bot's permissions in a channel: from the gateway cache when it has the channel, else the interaction's resolved data. */
function botPermissionsIn(interaction: ChatInputCommandInteraction, channelId: string): bigint | null {
  const channel = interaction.guild?.channels.cache.get(channelId);
  const me = interaction.guild?.members.me;
  if (channel && me) return channel.permissionsFor(me).bitfield;
  const resolved = interaction.options.getChannel('channel', true) as { permissions?: unknown };
  if (resolved.permissions instanceof PermissionsBitField) return resolved.permissions.bitfield;
  if (typeof resolved.permissions === 'string') return BigInt(resolved.permissions);
  return null;
}

export default {
  data: new SlashCommandBuilder()
    .setName('daily')
    .setDescription('A fact from the timeline, posted once a day in a channel')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setDMPermission(false)
    .addSubcommand((s) =>
      s
        .setName('set')
        .setDescription('Post a daily fact in a channel at a time of day (turns posting on, or resumes it)')
        .addChannelOption((o) =>
          o
            .setName('channel')
            .setDescription('Where to post')
            .setRequired(true)
            .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement, ...THREAD_TYPES),
        )
        .addStringOption((o) =>
          o.setName('time').setDescription('Time of day, HH:MM (24-hour)').setRequired(true).setMaxLength(5),
        )
        .addStringOption((o) =>
          o
            .setName('timezone')
            .setDescription('Time zone, e.g. Europe/Paris')
            .setRequired(true)
            .setAutocomplete(true)
            .setMaxLength(64),
        ),
    )
    .addSubcommand((s) => s.setName('off').setDescription('Stop the daily post'))
    .addSubcommand((s) => s.setName('status').setDescription('Next post time, last post and last failure')),
  examples: [
    '/daily set channel: #history time: 09:00 timezone: Asia/Ho_Chi_Minh',
    '/daily status',
    '/daily off',
  ],

  async execute(interaction, context) {
    const guildId = requireManager(interaction);
    const daily = dailyStore(context);
    const sub = interaction.options.getSubcommand();
    const now = context.now();
    if (sub === 'off') {
      const changed = daily.disable(guildId, now.getTime());
      await context.reply({
        content: changed ? 'Daily facts are off.' : 'Daily facts were not on.',
        ephemeral: true,
      });
      return;
    }
    if (sub === 'status') {
      await context.reply(
        renderDailyStatus({
          settings: daily.settings(guildId),
          lastSent: daily.latestPost(guildId, 'sent'),
          now,
          guildId,
          mention: context.mention,
        }),
      );
      return;
    }
    const channel = interaction.options.getChannel('channel', true);
    const time = parseTimeOfDay(interaction.options.getString('time', true));
    if (!time)
      throw new UserFacingError(
        `\`time\` takes a time of day as HH:MM (24-hour), e.g. 09:00; got ${quoteUserInput(interaction.options.getString('time', true))}.`,
      );
    const zone = interaction.options.getString('timezone', true).trim();
    if (!isValidTimeZone(zone))
      throw new UserFacingError(
        `${quoteUserInput(zone)} is not a time zone I know; pick one from the list, e.g. Europe/Paris.`,
      );
    const permissions = botPermissionsIn(interaction, channel.id);
    const missing =
      permissions === null
        ? ['(could not read my permissions there)']
        : missingPostPermissions(permissions, THREAD_TYPES.has(channel.type));
    if (missing.length > 0) {
      throw new UserFacingError(
        `I cannot post in <#${channel.id}>: I am missing ${missing.join(', ')}. Give me ${missing.length > 1 ? 'these permissions' : 'this permission'} in that channel, then run ${context.mention('daily set')} again.`,
      );
    }
    const settings = daily.enable({
      guildId,
      channelId: channel.id,
      time,
      timezone: zone,
      firstDate: firstPostDate(now, time, zone),
      now: now.getTime(),
      userId: interaction.user.id,
    });
    context.logger.info({ channelId: channel.id, time, zone }, 'daily facts set');
    await context.reply(renderDailySet(settings, now));
  },

  async autocomplete(interaction, context) {
    const typed = String(interaction.options.getFocused());
    await context.choices(suggestTimeZones(typed));
  },
} satisfies Command;
