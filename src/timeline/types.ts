import type { Citation } from '../answer/citation.ts';

/** How exactly a fact is dated: a day, a month, a year, or a span between two dates (e.g. "September 19-26"). */
export type Precision = 'day' | 'month' | 'year' | 'range';

/** A calendar date known to a precision: a year, a year and month, or a full day. */
export interface PartialDate {
  readonly year: number;
  readonly month?: number | undefined;
  readonly day?: number | undefined;
}

/** A dated event taken from one sentence of one article. */
export interface Fact {
  /** Stable across restarts while the article keeps the same dates: `<articleId>@<date>[..<end>]`. */
  readonly id: string;
  /** ISO date cut to its precision: `1990`, `2017-01`, `2023-09-25` (for ranges, the first day). */
  readonly date: string;
  /** Last date of a range (same cut as `date`), null otherwise. */
  readonly end: string | null;
  readonly precision: Precision;
  /** The sentence, verbatim: `article.body.slice(start, end)`. */
  readonly sentence: string;
  readonly start: number;
  readonly stop: number;
  /** The words in the sentence that carry the date, as written (e.g. "last July"). */
  readonly mention: string;
  readonly articleId: string;
  readonly passageId: string;
  readonly paragraph: number;
  readonly citation: Citation;
}
