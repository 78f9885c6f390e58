import { SlashCommandBuilder } from '@discordjs/builders';
import { type Command, UserFacingError } from '../src/discord/command.ts';
import { quoteUserInput } from '../src/discord/interaction-errors.ts';
import { renderTimelinePage } from '../src/discord/render/timeline.ts';
import {
  decodeTimelineButton,
  encodeTimelineButton,
  queryOfButton,
  TIMELINE_PREFIX,
} from '../src/discord/timeline-buttons.ts';
import type { Library } from '../src/library.ts';
import { isDateBound } from '../src/timeline/filter.ts';

/**
 * Longest query. Page buttons carry a query that fits in their custom_id, else its hash (the page's title shows
 * it); at 100 characters the title, with both dates and the query escaped, stays within Discord's 256.
 */
const MAX_QUERY = 100;

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
  // Ready keys, one pass: no folding or date parsing of every fact on the bot's event loop.
  const facts = library.timeline.search.find({ from, to, query });
  return renderTimelinePage({ facts, page: index, from, to, query }, ([target = '0']) =>
    encodeTimelineButton(Number(target), from, to, query),
  );
}

export default {
  data: new SlashCommandBuilder()
    .setName(TIMELINE_PREFIX)
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
    if (!context.library.timeline.searchReady) await context.defer();
    await context.reply(page(context.library, from, to, query, 0));
  },

  /** Previous/Next (see `src/timeline/buttons.ts` for the custom_id) replaces the page in place. */
  async button(interaction, context, fields) {
    const button = decodeTimelineButton(fields);
    const query = queryOfButton(button, interaction.message.embeds[0]?.title);
    if (query === undefined)
      throw new UserFacingError(
        `This timeline’s query can no longer be read back; run ${context.mention('timeline')} again.`,
      );
    if (!context.library.timeline.searchReady) await context.deferUpdate();
    await context.update(page(context.library, button.from, button.to, query, button.page));
  },
} satisfies Command;
