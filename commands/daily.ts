import { SlashCommandBuilder } from '@discordjs/builders';
import { ChannelType, PermissionFlagsBits } from 'discord.js';
import { suggestTimeZones } from '../src/daily/time-zones.ts';
import type { Command } from '../src/discord/command.ts';
import { runDaily, THREAD_TYPES } from '../src/discord/daily-commands.ts';

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

  execute: runDaily,

  async autocomplete(interaction, context) {
    const typed = String(interaction.options.getFocused());
    await context.choices(suggestTimeZones(typed));
  },
} satisfies Command;
