import { SlashCommandBuilder } from '@discordjs/builders';
import { MessageFlags } from 'discord.js';
import { answerQuestion, questionProblem } from '../src/answer/answer.ts';
import { ASK_PREFIX, articleOfPress, decodeAskButton, questionOfPress } from '../src/discord/ask-buttons.ts';
import { type Command, type Mention, UserFacingError } from '../src/discord/command.ts';
import { quoteUserInput } from '../src/discord/interaction-errors.ts';
import { renderAnswer, renderClosest } from '../src/discord/render/answer.ts';
import { resolveArticle, suggestTitles } from '../src/discord/titles.ts';
import { postOnce } from '../src/discord/used-buttons.ts';
import type { Library } from '../src/library.ts';

/** Results per message. */
const PAGE_SIZE = 3;
/** Longest question accepted; its buttons then recover it from the message when it does not fit in custom_id. */
const MAX_QUESTION = 300;

function normaliseQuestion(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function articleFromOption(library: Library, value: string | null, mention: Mention) {
  if (value === null || value.trim() === '') return undefined;
  const article = resolveArticle(library, value);
  if (!article)
    throw new UserFacingError(
      `No article matches ${quoteUserInput(value)}. ${mention('sources')} lists the library.`,
    );
  return article;
}

export default {
  data: new SlashCommandBuilder()
    .setName(ASK_PREFIX)
    .setDescription('Ask the library a question: the answer is verbatim quotes, each with its source')
    .addStringOption((option) =>
      option
        .setName('question')
        .setDescription('What you want to know')
        .setRequired(true)
        .setMaxLength(MAX_QUESTION),
    )
    .addStringOption((option) =>
      option.setName('article').setDescription('Search only this article').setAutocomplete(true),
    )
    .addBooleanOption((option) =>
      option.setName('private').setDescription('Only you see the answer (default: false)'),
    ),
  examples: [
    '/ask question: Who obtained Directive 24?',
    '/ask question: Why does Vietnam let China train its cadres? private: true',
  ],
  cooldownSeconds: (config) => config.ASK_COOLDOWN_SECONDS,

  async execute(interaction, context) {
    const answered = context.metrics.startAnswer();
    const question = normaliseQuestion(interaction.options.getString('question', true));
    const problem = questionProblem(question);
    if (problem) throw new UserFacingError(problem);
    const article = articleFromOption(
      context.library,
      interaction.options.getString('article'),
      context.mention,
    );
    const isPrivate = interaction.options.getBoolean('private') ?? false;
    // Answers take milliseconds on today's library, but the index grows: acknowledge first, inside 3 s.
    await context.defer({ ephemeral: isPrivate });
    const answer = await answerQuestion(question, context.library, {
      limit: PAGE_SIZE,
      articleId: article?.id,
    });
    context.logger.debug(
      { abstained: answer.abstained, total: answer.total, evidence: answer.evidence },
      'answered',
    );
    await context.reply(
      renderAnswer(answer, {
        askerId: interaction.user.id,
        private: isPrivate,
        offset: 0,
        article,
        mention: context.mention,
      }),
    );
    answered({ abstained: answer.abstained });
  },

  async autocomplete(interaction, context) {
    const focused = interaction.options.getFocused(true);
    await context.choices(
      focused.name === 'article' ? suggestTitles(context.library, String(focused.value)) : [],
    );
  },

  async button(interaction, context, fields) {
    const state = decodeAskButton(fields);
    if (!state)
      throw new UserFacingError('This button is from an older version of Footnote; please ask again.');
    const wasPrivate = interaction.message.flags.has(MessageFlags.Ephemeral);
    // Only the asker sees a private answer; refuse anyone else all the same (a crafted or stale press).
    if (wasPrivate && interaction.user.id !== state.askerId) {
      throw new UserFacingError('Only the person who asked can use the buttons of a private answer.');
    }
    if (state.action === 'delete') {
      if (interaction.user.id !== state.askerId) {
        throw new UserFacingError('Only the person who asked can delete this answer.');
      }
      // Deleting never counts against the cooldown: it only ever removes a message.
      await context.remove();
      return;
    }
    const question = questionOfPress(state, interaction.message.content);
    const article = articleOfPress(state, context.library.articles);
    if (state.action === 'everything') {
      context.takeCooldown();
      // The answer from the whole library replaces the one-article abstention, in place.
      await context.deferUpdate();
      const answer = await answerQuestion(question, context.library, { limit: PAGE_SIZE });
      await context.update(
        renderAnswer(answer, {
          askerId: state.askerId,
          private: wasPrivate,
          offset: 0,
          mention: context.mention,
        }),
      );
      return;
    }
    if (state.action === 'closest') {
      context.takeCooldown();
      // Shown in place, under the abstention: no new message, so pressing twice shows it twice in place.
      await context.deferUpdate();
      const answer = await answerQuestion(question, context.library, {
        limit: PAGE_SIZE,
        articleId: article?.id,
      });
      await context.update(
        renderClosest(answer, {
          askerId: state.askerId,
          private: wasPrivate,
          offset: 0,
          article,
          mention: context.mention,
        }),
      );
      return;
    }
    await postOnce(interaction, context, {
      already:
        state.action === 'more' ? 'That page is already shown below.' : 'This answer is already posted.',
      usedLabel: state.action === 'public' ? 'Posted publicly' : undefined,
      render: async () => {
        const answer = await answerQuestion(question, context.library, {
          limit: PAGE_SIZE,
          offset: state.offset,
          articleId: article?.id,
        });
        return renderAnswer(answer, {
          mention: context.mention,
          askerId: state.askerId,
          // "More" pages stay as private as the answer; "Post publicly" is the public copy.
          private: state.action === 'more' ? wasPrivate : false,
          offset: state.offset,
          article,
          postedBy: state.action === 'public' ? interaction.user.id : undefined,
        });
      },
    });
  },
} satisfies Command;
