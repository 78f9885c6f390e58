import { SlashCommandBuilder } from '@discordjs/builders';
import { type Command, encodeCustomId, UserFacingError } from '../src/discord/command.ts';
import { quoteUserInput } from '../src/discord/errors.ts';
import type { Library } from '../src/library.ts';
import { foldText } from '../src/search/text.ts';
import { factsBetween, isDateBound } from '../src/timeline/filter.ts';
import { matchesQuery, renderTimelinePage } from '../src/timeline/render.ts';

const NAME = 'timeline';
/** Longest query: page buttons carry it in their custom_id (100 characters in all). */
const MAX_QUERY = 40;

function bound(value: string | null, name: string): string | null {
  const text = value?.trim() ?? '';
  if (text === '') return null;
  if (!isDateBound(text))
    throw new UserFacingError(
      `\`${name}\` takes a date as YYYY, YYYY-MM or YYYY-MM-DD; got ${quoteUserInput(text)}.`,
    );
  return text;
}

function page(library: Library, from: string | null, to: string | null, query: string | null, index: number) {
  const facts = factsBetween(library.timeline.facts, from ?? undefined, to ?? undefined).filter(
    (fact) => !query || matchesQuery(fact, library.articles.get(fact.articleId), query, foldText),
  );
  return renderTimelinePage({ facts, page: index, from, to, query }, (fields) =>
    encodeCustomId(NAME, fields),
  );
}

export default {
  data: new SlashCommandBuilder()
    .setName(NAME)
    .setDescription('Dated events from the articles, in order, each with its sentence and source')
    .addStringOption((o) =>
      o.setName('from').setDescription('From this date: YYYY, YYYY-MM or YYYY-MM-DD').setMaxLength(10),
    )
    .addStringOption((o) =>
      o.setName('to').setDescription('Up to this date: YYYY, YYYY-MM or YYYY-MM-DD').setMaxLength(10),
    )
    .addStringOption((o) =>
      o
        .setName('query')
        .setDescription('Only events whose sentence or article mentions these words')
        .setMaxLength(MAX_QUERY),
    ),
  examples: ['/timeline', '/timeline from: 2015 to: 2017', '/timeline query: training'],

  async execute(interaction, context) {
    const from = bound(interaction.options.getString('from'), 'from');
    const to = bound(interaction.options.getString('to'), 'to');
    const query = interaction.options.getString('query')?.trim() || null;
    // A library opened in this thread computes its timeline on first use: seconds for a large one.
    if (!context.library.timeline.ready) await context.defer();
    await context.reply(page(context.library, from, to, query, 0));
  },

  /** Previous/Next: `timeline:<page>:<from>:<to>:<query>` replaces the page in place. */
  async button(_interaction, context, fields) {
    const [index = '0', from = '', to = '', query = ''] = fields;
    const number = Number.parseInt(index, 10);
    if (!context.library.timeline.ready) await context.deferUpdate();
    await context.update(
      page(context.library, from || null, to || null, query || null, Number.isFinite(number) ? number : 0),
    );
  },
} satisfies Command;
