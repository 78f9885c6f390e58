import { SlashCommandBuilder } from '@discordjs/builders';
import { citeLookups, extractLookups } from '../src/cite/cite.ts';
import { MAX_INPUT_CHARS } from '../src/cite/extract-lookups.ts';
import { type Command, UserFacingError } from '../src/discord/command.ts';
import { NOTHING_TO_LOOK_UP, publicCiteCopy, renderCiteReply } from '../src/discord/render/cite.ts';
import { postOnce } from '../src/discord/used-buttons.ts';

export default {
  data: new SlashCommandBuilder()
    .setName('cite')
    .setDescription('Find where a quote or claim comes from: verbatim, close, related or not found')
    .addStringOption((option) =>
      option
        .setName('text')
        .setDescription('The quote or claim (text in quotation marks is looked up on its own)')
        .setRequired(true)
        .setMaxLength(MAX_INPUT_CHARS),
    )
    .addBooleanOption((option) =>
      option.setName('private').setDescription('Only you see the result (default: false)'),
    ),
  examples: [
    '/cite text: "It rains in Beijing, Hanoi holds up an umbrella"',
    '/cite text: Prison sentences for dissidents are common ... the repression has been even worse',
  ],

  async execute(interaction, context) {
    const lookups = extractLookups(interaction.options.getString('text', true));
    if (lookups.length === 0) throw new UserFacingError(NOTHING_TO_LOOK_UP);
    const isPrivate = interaction.options.getBoolean('private') ?? false;
    // A 4,000-character text is up to 25 lookups: acknowledge first, well inside Discord's 3 s.
    await context.defer({ ephemeral: isPrivate });
    const report = await citeLookups(lookups, context.library);
    context.logger.debug({ kinds: report.lookups.map((r) => r.matches[0]?.kind ?? 'none') }, 'cited');
    await context.reply(renderCiteReply(report, { private: isPrivate, mention: context.mention }));
  },

  /** "Post publicly" under a private /cite or "Find source" reply: the same text, for everyone, once. */
  async button(interaction, context, fields) {
    if (fields[0] !== 'public')
      throw new UserFacingError('This button is from an older version of Footnote; look it up again.');
    await postOnce(interaction, context, {
      already: 'This is already posted.',
      usedLabel: 'Posted publicly',
      render: async () => publicCiteCopy(interaction.message.content, interaction.user.id),
    });
  },
} satisfies Command;
