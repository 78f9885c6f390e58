import { SlashCommandBuilder } from '@discordjs/builders';
import { type Command, UserFacingError } from '../src/discord/command.ts';
import { quoteUserInput } from '../src/discord/interaction-errors.ts';
import { renderArticle } from '../src/discord/render/library.ts';
import { resolveArticle, suggestTitles } from '../src/discord/titles.ts';

export default {
  data: new SlashCommandBuilder()
    .setName('article')
    .setDescription("One article's details, first paragraph and link")
    .addStringOption((option) =>
      option.setName('title').setDescription('Start typing a title').setRequired(true).setAutocomplete(true),
    ),
  examples: ['/article title: Communist Party document'],

  async execute(interaction, context) {
    const typed = interaction.options.getString('title', true);
    const article = resolveArticle(context.library, typed);
    if (!article)
      throw new UserFacingError(
        `No article matches ${quoteUserInput(typed)}. ${context.mention('sources')} lists the library.`,
      );
    await context.reply(renderArticle(article, context.library.passagesByArticle.get(article.id) ?? []));
  },

  async autocomplete(interaction, context) {
    await context.choices(suggestTitles(context.library, interaction.options.getFocused()));
  },
} satisfies Command;
