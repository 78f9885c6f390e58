import type { Fact } from './types.ts';

/** A `--from`/`--to` bound: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
export const DATE_BOUND = /^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/u;

/** True when `text` is a valid bound. */
export function isDateBound(text: string): boolean {
  return DATE_BOUND.test(text);
}

// A date cut to a precision covers a span of days; compare spans by their first and last day.
function firstDay(iso: string): string {
  return iso.length === 4 ? `${iso}-01-01` : iso.length === 7 ? `${iso}-01` : iso;
}

function lastDay(iso: string): string {
  return iso.length === 4 ? `${iso}-12-31` : iso.length === 7 ? `${iso}-31` : iso;
}

/** Facts whose dates overlap `[from, to]` (either bound optional, each at any precision), order kept. */
export function factsBetween(facts: readonly Fact[], from?: string, to?: string): Fact[] {
  const low = from ? firstDay(from) : null;
  const high = to ? lastDay(to) : null;
  return facts.filter((fact) => {
    const start = firstDay(fact.date);
    const end = lastDay(fact.end ?? fact.date);
    return (low === null || end >= low) && (high === null || start <= high);
  });
}
