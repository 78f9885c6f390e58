import { SlashCommandBuilder } from '@discordjs/builders';
import { localDateAt } from '../src/daily/schedule.ts';
import type { Command } from '../src/discord/command.ts';
import { UserFacingError } from '../src/discord/command.ts';
import { renderFact } from '../src/discord/render/daily.ts';
import { factOfDay } from '../src/timeline/select.ts';

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
    const daily = context.store?.daily;
    const settings = interaction.guildId ? (daily?.settings(interaction.guildId) ?? null) : null;
    // The server's day: its daily-post time zone when set, else UTC.
    const zone = settings?.timezone ?? 'UTC';
    const localDate = localDateAt(context.now(), zone);
    const post = interaction.guildId ? (daily?.post(interaction.guildId, localDate) ?? null) : null;
    const used = interaction.guildId && daily ? daily.usedFacts(interaction.guildId) : new Set<string>();
    const sameDay = timeline.search.onThisDay(localDate);
    const selection = factOfDay(timeline.facts, used, post?.factId ?? null, localDate, sameDay);
    if (!selection) throw new UserFacingError('The library has no dated events yet.');
    await context.reply(renderFact(selection.fact, { reason: selection.reason }));
  },
} satisfies Command;
