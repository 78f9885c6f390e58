import { SlashCommandBuilder } from '@discordjs/builders';
import type { Command } from '../src/discord/command.ts';
import { renderHelp } from '../src/discord/render/help.ts';

export default {
  data: new SlashCommandBuilder()
    .setName('help')
    .setDescription('What each Footnote command does, with examples'),
  examples: ['/help'],

  async execute(_interaction, context) {
    const entries = [...context.commands.values()].map((command) => ({
      definition: command.data.toJSON(),
      examples: command.examples ?? [],
    }));
    await context.reply(renderHelp(entries, context.mention));
  },
} satisfies Command;
