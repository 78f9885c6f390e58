import { customIdFits, encodeCustomId, shortHash } from './custom-id.ts';
import { unescapeMarkdown } from './markdown.ts';

/**
 * The state of /timeline's Previous/Next buttons, kept in `custom_id` so they work after a restart:
 * `timeline:<page>:<from>:<to>:<query>` when it fits in Discord's 100 characters, else
 * `timeline:<page>:<from>:<to>::<hash>`: the handler then reads the query back from the title of the message the
 * button is on (it is shown there, escaped) and accepts it only if its hash matches, as /ask does with a long
 * question. Buttons of the first form made before the second existed keep working.
 */
export const TIMELINE_PREFIX = 'timeline';

/** A page button's state. */
export interface TimelineButton {
  readonly page: number;
  readonly from: string | null;
  readonly to: string | null;
  /** The query itself, or the hash of one to read back from the message. */
  readonly query: { readonly text: string } | { readonly hash: string } | null;
}

/** Encodes a page button; always ≤ 100 characters (a query too long becomes a hash). */
export function encodeTimelineButton(
  page: number,
  from: string | null,
  to: string | null,
  query: string | null,
): string {
  const head = [String(page), from ?? '', to ?? ''];
  const inline = [...head, query ?? ''];
  if (query === null || customIdFits(TIMELINE_PREFIX, inline)) return encodeCustomId(TIMELINE_PREFIX, inline);
  return encodeCustomId(TIMELINE_PREFIX, [...head, '', shortHash(query)]);
}

/** Decodes the fields after `timeline:`. */
export function decodeTimelineButton(fields: readonly string[]): TimelineButton {
  const [index = '0', from = '', to = '', query = '', hash] = fields;
  const page = Number.parseInt(index, 10);
  return {
    page: Number.isFinite(page) ? page : 0,
    from: from || null,
    to: to || null,
    query: hash ? { hash } : query ? { text: query } : null,
  };
}

/** The title /timeline gives a page: its filters, the query escaped (see {@link queryFromTitle}). */
export function timelineTitle(filters: readonly string[]): string {
  return `Timeline${filters.length ? ` (${filters.join(', ')})` : ''}`;
}

/** The query a page's title shows (`… matching “<escaped>”)`), unescaped; undefined when there is none. */
export function queryFromTitle(title: string | null | undefined): string | undefined {
  const shown = /matching “(.*)”\)$/su.exec(title ?? '')?.[1];
  return shown === undefined ? undefined : unescapeMarkdown(shown);
}

/** The query of a button: its own, or the one its message's title shows when that one has the button's hash. */
export function queryOfButton(
  button: TimelineButton,
  title: string | null | undefined,
): string | null | undefined {
  if (button.query === null) return null;
  if ('text' in button.query) return button.query.text;
  const shown = queryFromTitle(title);
  return shown !== undefined && shortHash(shown) === button.query.hash ? shown : undefined;
}
