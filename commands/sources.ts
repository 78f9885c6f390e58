import { SlashCommandBuilder } from '@discordjs/builders';
import type { Command } from '../src/discord/command.ts';
import { renderSources } from '../src/discord/render/library.ts';

export default {
  data: new SlashCommandBuilder()
    .setName('sources')
    .setDescription('The articles Footnote answers from, newest first')
    .addIntegerOption((option) =>
      option.setName('page').setDescription('Page number (default 1)').setMinValue(1),
    ),
  examples: ['/sources', '/sources page: 2'],

  async execute(interaction, context) {
    const page = interaction.options.getInteger('page') ?? 1;
    await context.reply(renderSources([...context.library.articles.values()], page));
  },

  /** Previous/Next: `sources:<prev|next>:<page>` replaces the list in place. */
  async button(_interaction, context, fields) {
    const page = Number.parseInt(fields[1] ?? '1', 10);
    await context.update(
      renderSources([...context.library.articles.values()], Number.isFinite(page) ? page : 1),
    );
  },
} satisfies Command;
