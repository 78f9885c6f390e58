import type { Mention, YearlessDate } from './mentions.ts';
import type { PartialDate, Precision } from './types.ts';

/** A mention resolved to calendar dates. */
export interface ResolvedDate {
  readonly start: PartialDate;
  readonly end: PartialDate | null;
  readonly precision: Precision;
}

/** Words that put a sentence in the future: a year-less date in it is planned, not past. */
const FUTURE_MARKERS =
  /\b(?:will|shall|upcoming|is set to|are set to|is scheduled|are scheduled|is due to|are due to)\b|'ll\b/iu;

/**
 * Parses an ISO date cut to its precision (`1990`, `0938-03`, `-0043-03-15`; a year may be written with fewer
 * digits, `938`) into a partial date. Years are astronomical, as in ISO 8601: `-0043` is 44 BC.
 */
export function parsePartialIso(iso: string): PartialDate {
  const match = /^([+-]?\d+)(?:-(\d{1,2}))?(?:-(\d{1,2}))?$/u.exec(iso);
  if (!match) return { year: 0 };
  const [, year, month, day] = match;
  return {
    year: Number(year),
    ...(month !== undefined ? { month: Number(month) } : {}),
    ...(day !== undefined ? { day: Number(day) } : {}),
  };
}

/** Parses `YYYY-MM-DD` into numbers (missing parts are the first month or day). */
export function parseIsoDay(iso: string): { year: number; month: number; day: number } {
  const { year, month, day } = parsePartialIso(iso);
  return { year, month: month ?? 1, day: day ?? 1 };
}

/** Compares two partial dates by their first day (a year is its 1 January): negative, zero or positive. */
export function compareStart(a: PartialDate, b: PartialDate): number {
  return a.year - b.year || (a.month ?? 1) - (b.month ?? 1) || (a.day ?? 1) - (b.day ?? 1);
}

/** True when `date` (at its precision) starts after `published`: it cannot be a past event for that article. */
export function isAfter(date: PartialDate, published: PartialDate): boolean {
  if (date.year !== published.year) return date.year > published.year;
  if (date.month === undefined || published.month === undefined) return false;
  if (date.month !== published.month) return date.month > published.month;
  if (date.day === undefined || published.day === undefined) return false;
  return date.day > published.day;
}

/**
 * The year of a month (and day) written without one. Past-tense news dates a year-less "September 25" to its
 * latest occurrence on or before publication (in an article of 2023-09-30: 2023-09-25; of 2024-03-01, "December 12"
 * is 2023-12-12); "last July" to the latest July strictly before the publication month. "next March", or any
 * year-less date in a sentence about the future ("will", "is scheduled"), is planned: returns null.
 */
function yearFor(
  date: YearlessDate,
  relative: Mention['relative'],
  published: PartialDate,
  future: boolean,
): number | null {
  if (relative === 'next' || future) return null;
  const candidate = { year: published.year, month: date.month, day: date.day };
  const strict = relative === 'last';
  const sameMonth = date.month === published.month && (date.day === undefined || date.day === published.day);
  if (isAfter(candidate, published) || (strict && sameMonth)) return published.year - 1;
  return published.year;
}

function withYear(date: PartialDate | YearlessDate, year: number): PartialDate {
  return { year, month: date.month, day: date.day };
}

function precisionOf(date: PartialDate): Exclude<Precision, 'range'> {
  if (date.day !== undefined) return 'day';
  return date.month !== undefined ? 'month' : 'year';
}

/**
 * Resolves a mention against the article's publication date (`YYYY-MM-DD`). Returns null when the date is not a
 * past event for that article: planned or in the future relative to publication (we drop those rather than
 * mark them: the timeline and the daily post are about what happened, and a plan may never have happened).
 */
export function resolveMention(
  mention: Mention,
  publishedIso: string,
  sentence: string,
): ResolvedDate | null {
  const published = parseIsoDay(publishedIso);
  const future = FUTURE_MARKERS.test(sentence);
  if (mention.relative === 'previous-year')
    return { start: { year: published.year - 1 }, end: null, precision: 'year' };
  if (!mention.start) return null;
  let start: PartialDate;
  let end: PartialDate | null = null;
  if (mention.end) {
    // A range borrows its year from whichever end has one ("March 3 to March 5, 2020").
    const endYear =
      mention.end.year ??
      mention.start.year ??
      yearFor(mention.end as YearlessDate, mention.relative, published, future);
    if (endYear === null) return null;
    end = withYear(mention.end, endYear);
    const startYear =
      mention.start.year ??
      (mention.start.month !== undefined && end.month !== undefined && mention.start.month > end.month
        ? endYear - 1
        : endYear);
    start = withYear(mention.start, startYear);
    if (compareStart(start, end) >= 0) end = null;
  } else if (mention.start.year !== undefined) {
    start = mention.start as PartialDate;
  } else {
    const year = yearFor(mention.start, mention.relative, published, future);
    if (year === null) return null;
    start = withYear(mention.start, year);
  }
  if (isAfter(start, published)) return null;
  return { start, end, precision: end ? 'range' : precisionOf(start) };
}

/**
 * ISO text of a partial date, cut to what is known: `1990`, `2017-01`, `2023-09-25`, `0938-03-05`, `-0478`
 * (479 BC). The year always has four digits, so texts of years 0 to 9999 sort as their dates do.
 */
export function formatPartialDate(date: PartialDate): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const year = `${date.year < 0 ? '-' : ''}${String(Math.abs(date.year)).padStart(4, '0')}`;
  if (date.month === undefined) return year;
  if (date.day === undefined) return `${year}-${pad(date.month)}`;
  return `${year}-${pad(date.month)}-${pad(date.day)}`;
}
