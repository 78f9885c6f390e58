import { SlashCommandBuilder } from '@discordjs/builders';
import type { Command } from '../src/discord/command.ts';
import { UserFacingError } from '../src/discord/command.ts';
import { todaysFact } from '../src/discord/daily-commands.ts';
import { renderFact } from '../src/discord/render/daily.ts';

export default {
  data: new SlashCommandBuilder()
    .setName('today')
    .setDescription(
      "Today's fact from the timeline: an event on this day in an earlier year when there is one",
    ),
  examples: ['/today'],

  async execute(interaction, context) {
    // A library opened in this thread computes its timeline on first use: seconds for a large one.
    const { timeline } = context.library;
    if (!timeline.searchReady) await context.defer();
    // The server's day (its daily-post time zone, else UTC) and fact, as the daily post chooses it.
    const selection = await todaysFact(context.store.daily, timeline, interaction.guildId, context.now());
    if (!selection) throw new UserFacingError('The library has no dated events yet.');
    await context.reply(renderFact(selection.fact, { reason: selection.reason }));
  },
} satisfies Command;
