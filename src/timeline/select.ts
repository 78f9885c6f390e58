import { parsePartialIso } from './resolve.ts';
import type { Fact } from './types.ts';

/** Why a fact was chosen for a day. */
export type SelectionReason = 'on-this-day' | 'rotation';

export interface Selection {
  readonly fact: Fact;
  readonly reason: SelectionReason;
  /** True when every fact had been used: this pick starts a new cycle (the caller forgets the used set). */
  readonly newCycle: boolean;
}

/** True when `fact` happened on the same month and day as `localDate` (YYYY-MM-DD), in an earlier year. */
export function isOnThisDay(fact: Fact, localDate: string): boolean {
  if (fact.precision !== 'day' && fact.precision !== 'range') return false;
  const date = parsePartialIso(fact.date);
  const today = parsePartialIso(localDate);
  if (date.day === undefined) return false;
  return date.month === today.month && date.day === today.day && date.year < today.year;
}

/**
 * The fact to post on `localDate` (pure): among the facts not used yet in this cycle, an "on this day" fact
 * (same month and day, an earlier year; the oldest when several) if there is one, else the next one in the
 * rotation (chronological order). When every fact has been used, a new cycle starts from all of them.
 * No fact repeats until all have been used, so an anniversary whose fact was used earlier in the cycle
 * falls back to the rotation. `facts` must be in chronological order; null when there are none.
 * `sameDay`: the facts dated to this month and day in any year, in chronological order (a library's
 * `timeline.search.onThisDay`, so a large timeline is not read fact by fact); by default found in `facts`.
 */
export function selectFact(
  facts: readonly Fact[],
  used: ReadonlySet<string>,
  localDate: string,
  sameDay: readonly Fact[] = facts,
): Selection | null {
  if (facts.length === 0) return null;
  const first = facts.find((fact) => !used.has(fact.id));
  const newCycle = first === undefined;
  const anniversary = sameDay.find(
    (fact) => isOnThisDay(fact, localDate) && (newCycle || !used.has(fact.id)),
  );
  if (anniversary) return { fact: anniversary, reason: 'on-this-day', newCycle };
  return { fact: first ?? (facts[0] as Fact), reason: 'rotation', newCycle };
}

/**
 * The fact of a day for `/today` (pure): the one already posted or chosen that day when there is one, else
 * the one {@link selectFact} would choose (nothing is consumed).
 */
export function factOfDay(
  facts: readonly Fact[],
  used: ReadonlySet<string>,
  chosenFactId: string | null,
  localDate: string,
  sameDay: readonly Fact[] = facts,
): Selection | null {
  const chosen = chosenFactId ? facts.find((fact) => fact.id === chosenFactId) : undefined;
  if (chosen)
    return {
      fact: chosen,
      reason: isOnThisDay(chosen, localDate) ? 'on-this-day' : 'rotation',
      newCycle: false,
    };
  return selectFact(facts, used, localDate, sameDay);
}
