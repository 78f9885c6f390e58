import { compareStart, parsePartialIso } from './resolve.ts';
import type { Fact, PartialDate } from './types.ts';

/** A `--from`/`--to` bound: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a year before 1000 may be written `938`). */
export const DATE_BOUND = /^\d{1,4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/u;

/** True when `text` is a valid bound. */
export function isDateBound(text: string): boolean {
  return DATE_BOUND.test(text);
}

// A date cut to a precision covers a span of days; compare spans by their first and last day (as numbers: the
// texts of years before 1 AD do not sort as their dates do).
function firstDay(iso: string): PartialDate {
  const date = parsePartialIso(iso);
  return { year: date.year, month: date.month ?? 1, day: date.day ?? 1 };
}

function lastDay(iso: string): PartialDate {
  const date = parsePartialIso(iso);
  return { year: date.year, month: date.month ?? 12, day: date.day ?? 31 };
}

/** Facts whose dates overlap `[from, to]` (either bound optional, each at any precision), order kept. */
export function factsBetween(facts: readonly Fact[], from?: string, to?: string): Fact[] {
  const low = from ? firstDay(from) : null;
  const high = to ? lastDay(to) : null;
  return facts.filter((fact) => {
    const start = firstDay(fact.date);
    const end = lastDay(fact.end ?? fact.date);
    return (low === null || compareStart(end, low) >= 0) && (high === null || compareStart(start, high) <= 0);
  });
}
