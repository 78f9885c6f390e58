import type { APIEmbed } from 'discord-api-types/v10';
import { Info } from 'luxon';
import { LIMITS } from '../discord/limits.ts';
import { escapeUserText, escapeVerbatim } from '../discord/markdown.ts';
import {
  fitWithLinks,
  linkedText,
  linkUpTo,
  MAX_PUBLISHER_SHOWN,
  MAX_TITLE_SHOWN,
  shownText,
} from '../discord/render/links.ts';
import type { ActionRow, ReplyPayload } from '../discord/respond.ts';
import { timelineTitle } from './buttons.ts';
import { parsePartialIso } from './resolve.ts';
import type { SelectionReason } from './select.ts';
import type { Fact } from './types.ts';

/** Embed colour of timeline messages. */
const COLOUR = 0x8d6e63;

const MONTH_NAMES = Info.months('long', { locale: 'en-GB' });

/** A year in words: `2023`, `1010`, `938 AD`, `479 BC` (an astronomical year: 0 is 1 BC). */
function humanYear(year: number): string {
  if (year <= 0) return `${1 - year} BC`;
  return year < 1000 ? `${year} AD` : String(year);
}

/**
 * A fact's date in words: `25 September 2023`, `July 2023`, `1990`, `19 September 2023 – 26 September 2023`,
 * `5 March 938 AD`, `479 BC`. Built from the numbers, not through a date library, which pads or shifts early years.
 */
export function humanDate(fact: Pick<Fact, 'date' | 'end'>): string {
  const one = (iso: string) => {
    const { year, month, day } = parsePartialIso(iso);
    const monthName = month === undefined ? undefined : MONTH_NAMES[month - 1];
    return [day, monthName, humanYear(year)].filter((part) => part !== undefined).join(' ');
  };
  return fact.end ? `${one(fact.date)} – ${one(fact.end)}` : one(fact.date);
}

/**
 * The citation line under a quoted sentence: title, publisher (both cut when very long), date, paragraph. The title
 * links to the sentence itself, else to the article when that link is over `maxLink` characters, else nowhere.
 */
export function citationLine(fact: Fact, maxLink = Number.POSITIVE_INFINITY): string {
  const c = fact.citation;
  const title = shownText(c.title, MAX_TITLE_SHOWN);
  const target = linkUpTo(c, maxLink);
  const linked = target === undefined ? title : linkedText(title, target);
  return `— ${linked} · ${shownText(c.publisher, MAX_PUBLISHER_SHOWN)} · ${c.published} · ¶${c.paragraph}`;
}

/** The sentence as a block quote, verbatim (escaped so it displays exactly as written). */
export function quoteBlock(sentence: string): string {
  return sentence
    .split('\n')
    .map((line) => `> ${escapeVerbatim(line)}`)
    .join('\n');
}

/** The text that identifies a daily post in a channel, so a restart can recognise one it already sent. */
export function dailyMarker(localDate: string): string {
  return `Footnote daily · ${localDate}`;
}

/**
 * One fact as a message (the daily post and /today): title saying why it was chosen, the sentence quoted
 * verbatim, the citation; `marker` goes in the footer.
 */
export function renderFact(
  fact: Fact,
  options: { reason: SelectionReason; marker?: string; ephemeral?: boolean },
): ReplyPayload {
  const when = humanDate(fact);
  const title = options.reason === 'on-this-day' ? `On this day, ${when}` : `From the timeline: ${when}`;
  const url = linkUpTo(fact.citation, LIMITS.embedUrl);
  const embed: APIEmbed = {
    title,
    ...(url ? { url } : {}),
    // Links too long for the description are given up, never the citation.
    description: fitWithLinks(
      [fact.citation],
      LIMITS.embedDescription,
      (maxLink) => `${quoteBlock(fact.sentence)}\n\n${citationLine(fact, maxLink)}`,
    ),
    color: COLOUR,
    ...(options.marker ? { footer: { text: options.marker } } : {}),
  };
  return { embeds: [embed], ...(options.ephemeral ? { ephemeral: true } : {}) };
}

/** Facts per /timeline page. */
export const TIMELINE_PAGE_SIZE = 5;

/** What a /timeline page shows and how its buttons encode it. */
export interface TimelinePage {
  readonly facts: readonly Fact[];
  /** 0-based. */
  readonly page: number;
  readonly from: string | null;
  readonly to: string | null;
  readonly query: string | null;
}

/** The custom_id fields of a page button (the command name is the prefix). */
export function pageButtonFields(page: TimelinePage, target: number): string[] {
  return [String(target), page.from ?? '', page.to ?? '', page.query ?? ''];
}

/**
 * A page of the timeline (pure): up to {@link TIMELINE_PAGE_SIZE} facts with date, quoted sentence and citation,
 * and Previous/Next buttons whose custom_id carries page, range and query. `encodeId` builds a custom_id.
 */
export function renderTimelinePage(page: TimelinePage, encodeId: (fields: string[]) => string): ReplyPayload {
  const pages = Math.max(1, Math.ceil(page.facts.length / TIMELINE_PAGE_SIZE));
  const index = Math.min(Math.max(0, page.page), pages - 1);
  const shown = page.facts.slice(index * TIMELINE_PAGE_SIZE, (index + 1) * TIMELINE_PAGE_SIZE);
  const filters = [
    page.from ? `from ${page.from}` : null,
    page.to ? `to ${page.to}` : null,
    page.query ? `matching “${escapeUserText(page.query)}”` : null,
  ].filter((filter) => filter !== null);
  if (page.facts.length === 0) {
    return {
      content: `No dated events in the library${filters.length ? ` ${filters.join(', ')}` : ''}. Try a wider range or another word.`,
      ephemeral: true,
    };
  }
  // Every fact of the page is shown: links too long for the description are given up, longest first.
  const description = fitWithLinks(
    shown.map((fact) => fact.citation),
    LIMITS.embedDescription,
    (maxLink) =>
      shown
        .map((fact) => `**${humanDate(fact)}**\n${quoteBlock(fact.sentence)}\n${citationLine(fact, maxLink)}`)
        .join('\n\n'),
  );
  const embed: APIEmbed = {
    title: timelineTitle(filters),
    description,
    color: COLOUR,
    footer: { text: `Page ${index + 1} of ${pages} · ${page.facts.length} events` },
  };
  const components: ActionRow[] =
    pages > 1
      ? [
          {
            type: 1,
            components: [
              {
                type: 2,
                style: 2,
                label: 'Previous',
                custom_id: encodeId(pageButtonFields(page, index - 1)),
                disabled: index === 0,
              },
              {
                type: 2,
                style: 2,
                label: 'Next',
                custom_id: encodeId(pageButtonFields(page, index + 1)),
                disabled: index >= pages - 1,
              },
            ],
          },
        ]
      : [];
  return { embeds: [embed], components };
}
