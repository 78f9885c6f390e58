import { SlashCommandBuilder } from '@discordjs/builders';
import type { Command } from '../src/discord/command.ts';
import { renderAbout } from '../src/discord/render/library.ts';
import { allShardFigures, shardPlace } from '../src/discord/shards.ts';

export default {
  data: new SlashCommandBuilder()
    .setName('about')
    .setDescription('What the library holds: articles, passages, dates, index age, version'),
  examples: ['/about'],

  async execute(interaction, context) {
    // With shards, every shard's figures come through the manager (null without one: nothing more is shown).
    const figures = await allShardFigures(interaction.client);
    const answeredBy = shardPlace(interaction.client).ids[0] ?? 0;
    await context.reply(
      renderAbout(context.library.stats, context.version, figures ? { answeredBy, figures } : null),
    );
  },
} satisfies Command;
