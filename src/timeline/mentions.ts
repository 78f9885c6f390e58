import * as chrono from 'chrono-node';
import { earlyYearMentions } from './early-years.ts';
import type { PartialDate } from './types.ts';

/**
 * A date mentioned in a sentence, before it is resolved against the article's publication date: the year may
 * be missing ("September 25"), and `relative` says whether the words around it point back or forward in time.
 */
export interface Mention {
  /** Offsets into the sentence. */
  readonly index: number;
  readonly text: string;
  /** Null only for "the previous year", which has no date words of its own. */
  readonly start: PartialDate | YearlessDate | null;
  readonly end: PartialDate | YearlessDate | null;
  /** "last July" → `last`; "next March" → `next`; "the previous year" → `previous-year`. */
  readonly relative: 'last' | 'next' | 'previous-year' | null;
}

/** A month (and maybe a day) without a year: resolved later against the publication date. */
export interface YearlessDate {
  readonly year?: undefined;
  readonly month: number;
  readonly day?: number | undefined;
}

interface Span {
  readonly start: number;
  readonly end: number;
}

const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;

/**
 * Parts of a sentence whose dates do not date the sentence's event: quoted titles and speech
 * (“2017 Training Cooperation Agreement”, “… for the 2025-2030 term”), editorial asides in brackets
 * ("[as of 2017]"), and year spans that name a term or period ("the 2025-2030 term", "20162020 period").
 */
export function excludedSpans(sentence: string): Span[] {
  const spans: Span[] = [];
  const add = (pattern: RegExp) => {
    for (const match of sentence.matchAll(pattern))
      spans.push({ start: match.index, end: match.index + match[0].length });
  };
  add(/“[^”]*(?:”|$)/gu);
  add(/"[^"]*(?:"|$)/gu);
  add(/\[[^\]]*(?:\]|$)/gu);
  add(/\bas of\s+\d{4}\b/giu);
  // A year span is a designation (a term, a plan period) unless it is phrased as "from X to Y" / "between X and Y".
  add(/(?<!\b(?:from|between)\s)\b\d{4}\s*[-–—/]\s*\d{2,4}\b/giu);
  add(/\b\d{5,}\b/gu);
  return spans;
}

// chrono finds these too, but they are not calendar dates: durations ("for 6 years"), "now", weekdays, times.
const REJECTED_TAGS = [
  'result/relativeDate',
  'casualReference',
  'parser/ENCasualDateParser',
  'parser/ENCasualTimeParser',
  'parser/ENTimeUnitCasualRelativeFormatParser',
  'parser/ENTimeUnitAgoFormatParser',
  'parser/ENTimeUnitLaterFormatParser',
  'parser/ENTimeUnitWithinFormatParser',
  'parser/ENRelativeDateFormatParser',
];

/**
 * True when `text` writes `year` out: chrono completes a 2-digit year to a nearby century ("March 99" → 1999,
 * "March 5, 40" → 2040), which may not be what the writer meant, so such a year dates nothing.
 */
function writesYear(text: string, year: number): boolean {
  return new RegExp(`(?<!\\d)${Math.abs(year)}(?!\\d)`, 'u').test(text);
}

function fromComponents(
  components: chrono.ParsedComponents,
  text: string,
): PartialDate | YearlessDate | null {
  const written = components.isCertain('year') ? components.get('year') : null;
  if (written !== null && !writesYear(text, written)) return null;
  // chrono gives 40 BC as -40; ISO 8601 years are astronomical (1 BC is year 0), so 40 BC is -39.
  const year = written !== null && written < 0 ? written + 1 : written;
  const month = components.isCertain('month') ? components.get('month') : null;
  const day = components.isCertain('day') ? components.get('day') : null;
  if (year === null && month === null) return null;
  if (month === null) return year === null ? null : { year };
  if (year === null) return { month, ...(day !== null ? { day } : {}) };
  return { year, month, ...(day !== null ? { day } : {}) };
}

function chronoMentions(sentence: string, reference: Date): Mention[] {
  const mentions: Mention[] = [];
  for (const result of chrono.en.casual.parse(sentence, { instant: reference, timezone: 0 })) {
    const tags = [...result.tags()];
    if (tags.some((tag) => REJECTED_TAGS.some((rejected) => tag.startsWith(rejected)))) continue;
    const start = fromComponents(result.start, result.text);
    if (!start) continue;
    const end = result.end ? fromComponents(result.end, result.text) : null;
    // chrono includes a leading "on " in some results; the mention is the date words themselves.
    const lead = /^(?:on|in|at)\s+/iu.exec(result.text)?.[0].length ?? 0;
    const index = result.index + lead;
    const relative = relativeBefore(sentence, index);
    // "last July" is the mention, not "July": the word decides the year.
    const back = relative ? (/\b\w+\s+$/u.exec(sentence.slice(0, index))?.[0].length ?? 0) : 0;
    mentions.push({
      index: index - back,
      text: sentence.slice(index - back, result.index + result.text.length),
      start,
      end,
      relative,
    });
  }
  return mentions;
}

function relativeBefore(sentence: string, index: number): Mention['relative'] {
  const before = sentence.slice(Math.max(0, index - 20), index).toLowerCase();
  if (/\b(?:last|past|previous)\s+$/u.test(before)) return 'last';
  if (/\b(?:next|coming|following)\s+$/u.test(before)) return 'next';
  return null;
}

// A bare year dates an event only in a few constructions: "in 1990", "since 1990", "the 1990 Chengdu Conference".
const BARE_YEAR =
  /\b(?:(?:in|since|during|until|till|by|early|late|mid|mid-|the)\s+|mid-)(1[6-9]\d\d|20\d\d)\b(?![-–/]\d)/giu;

function bareYearMentions(sentence: string): Mention[] {
  const mentions: Mention[] = [];
  for (const match of sentence.matchAll(BARE_YEAR)) {
    const yearText = match[1] as string;
    const index = match.index + match[0].length - yearText.length;
    // "the 1990 Chengdu Conference" is an event; "the 1990s" or "the 2017 figure" are not, so require a name after "the".
    if (/^the\s/iu.test(match[0]) && !/^\s+\p{Lu}/u.test(sentence.slice(index + 4))) continue;
    mentions.push({ index, text: yearText, start: { year: Number(yearText) }, end: null, relative: null });
  }
  return mentions;
}

function previousYearMentions(sentence: string): Mention[] {
  const mentions: Mention[] = [];
  for (const match of sentence.matchAll(/\b(?:the\s+)?(?:previous|last|preceding)\s+year\b/giu)) {
    mentions.push({ index: match.index, text: match[0], start: null, end: null, relative: 'previous-year' });
  }
  return mentions;
}

/**
 * Every date mentioned in `sentence` that may date an event, in order; `reference` is the article's
 * publication date (chrono needs one; resolution is done by {@link resolveMention}).
 */
export function findMentions(sentence: string, reference: Date): Mention[] {
  const excluded = excludedSpans(sentence);
  // Early-year mentions first: on a tie in length they win over chrono's reading of the same words.
  const candidates = [
    ...earlyYearMentions(sentence),
    ...previousYearMentions(sentence),
    ...chronoMentions(sentence, reference),
    ...bareYearMentions(sentence),
  ];
  const kept: Mention[] = [];
  // Longer mentions first, so "October 2011" wins over a bare "2011" inside it.
  for (const mention of candidates.sort((a, b) => b.text.length - a.text.length)) {
    const span = { start: mention.index, end: mention.index + mention.text.length };
    if (excluded.some((ex) => overlaps(ex, span))) continue;
    if (kept.some((other) => overlaps({ start: other.index, end: other.index + other.text.length }, span)))
      continue;
    kept.push(mention);
  }
  return kept.sort((a, b) => a.index - b.index);
}
