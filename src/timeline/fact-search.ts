import type { Article } from '../corpus/types.ts';
import { foldText } from '../search/text.ts';
import { parsePartialIso } from './resolve.ts';
import type { Fact, PartialDate } from './types.ts';

/**
 * What a timeline query reads of one fact, computed once per library (in the build worker for the bot's
 * libraries), so a query is a scan of ready strings and numbers, not a fold and a date parse of every fact:
 * at 100,000 facts that was 0.5–7 s of the bot's event loop per `/timeline query:`.
 */
export interface FactKeys {
  /** The sentence folded as search folds text (case, accents, quotes and dashes). */
  readonly text: string;
  /** The first and last day the fact covers, as day numbers ({@link dayNumber}). */
  readonly first: number;
  readonly last: number;
}

/** A date as a number that sorts as the date does, years before 1 AD included: year·10⁴ + month·100 + day. */
export function dayNumber(date: PartialDate, end: 'first' | 'last'): number {
  const month = date.month ?? (end === 'first' ? 1 : 12);
  const day = date.day ?? (end === 'first' ? 1 : 31);
  return date.year * 10_000 + month * 100 + day;
}

/** The keys of one fact. */
export function factKeys(fact: Fact): FactKeys {
  return {
    text: foldText(fact.sentence),
    first: dayNumber(parsePartialIso(fact.date), 'first'),
    last: dayNumber(parsePartialIso(fact.end ?? fact.date), 'last'),
  };
}

/** A timeline query: dates as `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (either optional), and words. */
export interface FactQuery {
  readonly from?: string | null | undefined;
  readonly to?: string | null | undefined;
  /** Every word must appear (folded) in the fact's sentence or its article's title. */
  readonly query?: string | null | undefined;
}

/** The facts of one library with their keys: answers timeline queries in one pass over ready keys. */
export class FactSearch {
  private readonly titles = new Map<string, string>();
  private byMonthDay: Map<number, Fact[]> | undefined;

  constructor(
    private readonly facts: readonly Fact[],
    private readonly keys: readonly FactKeys[],
    private readonly articles: ReadonlyMap<string, Pick<Article, 'title'>>,
  ) {
    if (keys.length !== facts.length) throw new Error('FactSearch: one key per fact');
  }

  /** Facts whose dates overlap `[from, to]` and whose sentence or article title holds every query word, in order. */
  find(query: FactQuery): Fact[] {
    const low = query.from ? dayNumber(parsePartialIso(query.from), 'first') : Number.NEGATIVE_INFINITY;
    const high = query.to ? dayNumber(parsePartialIso(query.to), 'last') : Number.POSITIVE_INFINITY;
    const words = query.query ? foldText(query.query).split(/\s+/u).filter(Boolean) : [];
    const found: Fact[] = [];
    this.facts.forEach((fact, i) => {
      const keys = this.keys[i] as FactKeys;
      if (keys.last < low || keys.first > high) return;
      if (words.length > 0) {
        const title = this.titleOf(fact.articleId);
        if (!words.every((word) => keys.text.includes(word) || title.includes(word))) return;
      }
      found.push(fact);
    });
    return found;
  }

  /**
   * Facts dated to a day (or a range starting on one) with the month and day of `localDate` (YYYY-MM-DD), any
   * year, in chronological order: the candidates for "on this day" without reading every fact's date again.
   */
  onThisDay(localDate: string): readonly Fact[] {
    if (!this.byMonthDay) {
      this.byMonthDay = new Map();
      this.facts.forEach((fact, i) => {
        if (fact.precision !== 'day' && fact.precision !== 'range') return;
        const monthDay = ((((this.keys[i] as FactKeys).first % 10_000) + 10_000) % 10_000) as number;
        const list = this.byMonthDay?.get(monthDay);
        if (list) list.push(fact);
        else this.byMonthDay?.set(monthDay, [fact]);
      });
    }
    const day = parsePartialIso(localDate);
    return this.byMonthDay.get((day.month ?? 1) * 100 + (day.day ?? 1)) ?? [];
  }

  private titleOf(articleId: string): string {
    let title = this.titles.get(articleId);
    if (title === undefined) {
      title = foldText(this.articles.get(articleId)?.title ?? '');
      this.titles.set(articleId, title);
    }
    return title;
  }
}
