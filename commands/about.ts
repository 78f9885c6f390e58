import { SlashCommandBuilder } from '@discordjs/builders';
import type { Command } from '../src/discord/command.ts';
import { renderAbout } from '../src/discord/render/library.ts';

export default {
  data: new SlashCommandBuilder()
    .setName('about')
    .setDescription('What the library holds: articles, passages, dates, index age, version'),
  examples: ['/about'],

  async execute(_interaction, context) {
    await context.reply(renderAbout(context.library.stats, context.version));
  },
} satisfies Command;
