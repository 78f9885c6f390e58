import type { APIEmbed } from 'discord-api-types/v10';
import { Info } from 'luxon';
import { parsePartialIso } from '../../timeline/resolve.ts';
import type { Fact } from '../../timeline/types.ts';
import { LIMITS } from '../limits.ts';
import { escapeUserText } from '../markdown.ts';
import type { ReplyPayload } from '../respond.ts';
import { timelineTitle } from '../timeline-buttons.ts';
import { citationLine } from './citation.ts';
import { fitWithLinks } from './links.ts';
import { pagerRows, pageWindow } from './pager.ts';
import { verbatimQuote } from './quote.ts';

/** Embed colour of timeline messages. */
export const TIMELINE_COLOUR = 0x8d6e63;

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
 * A fact's sentence, quoted verbatim, then `gap`, then its citation line (links over `maxLink` characters given
 * up): in a timeline page and in a fact of the day.
 */
export function quotedFact(fact: Pick<Fact, 'sentence' | 'citation'>, maxLink: number, gap = '\n'): string {
  return `${verbatimQuote(fact.sentence)}${gap}${citationLine(fact.citation, { maxLink, layout: 'fact' })}`;
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
  const { index, pages } = pageWindow(page.facts.length, TIMELINE_PAGE_SIZE, page.page);
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
    (maxLink) => shown.map((fact) => `**${humanDate(fact)}**\n${quotedFact(fact, maxLink)}`).join('\n\n'),
  );
  const embed: APIEmbed = {
    title: timelineTitle(filters),
    description,
    color: TIMELINE_COLOUR,
    footer: { text: `Page ${index + 1} of ${pages} · ${page.facts.length} events` },
  };
  const components = pagerRows({ index, pages }, (target) => encodeId(pageButtonFields(page, target)));
  return { embeds: [embed], components };
}
