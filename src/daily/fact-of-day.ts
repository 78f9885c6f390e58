/**
 * "Today's fact" of a server, in one place: `/today`, `cli fact` and the daily poster all choose through
 * {@link factOfServerDay}, so they give the same fact for the same server and day.
 */
import type { LibraryTimeline } from '../timeline/library-timeline.ts';
import { factOfDay, type Selection } from '../timeline/select.ts';
import type { DailySettings, DayState } from './daily-store.ts';
import type { DailyRecords } from './records.ts';
import { localDateAt } from './schedule.ts';

/** The part of the library's timeline a day's fact is chosen from. */
export type FactTimeline = Pick<LibraryTimeline, 'facts' | 'search'>;

/** A day with nothing used and nothing chosen: a server without a rotation (or no server). */
export const EMPTY_DAY: DayState = { used: new Set(), chosenFactId: null };

/**
 * The fact of `localDate` for a server in the state `day` (pure): the one already chosen that day, else
 * "on this day" if any unused, else the next in the rotation. Null when the timeline has no fact.
 */
export function factOfServerDay(timeline: FactTimeline, day: DayState, localDate: string): Selection | null {
  return factOfDay(
    timeline.facts,
    day.used,
    day.chosenFactId,
    localDate,
    timeline.search.onThisDay(localDate),
  );
}

/** A server's local date at `now`: in its daily-post time zone when set, else UTC. */
export function serverLocalDate(settings: Pick<DailySettings, 'timezone'> | null, now: Date): string {
  return localDateAt(now, settings?.timezone ?? 'UTC');
}

/**
 * A server's day at `now` (its local date and rotation state), read without changing anything. With no server
 * (a DM) or no store: the UTC date, nothing used, nothing chosen.
 */
export async function readServerDay(
  daily: DailyRecords | undefined,
  guildId: string | null,
  now: Date,
): Promise<{ readonly localDate: string; readonly day: DayState }> {
  if (guildId === null || daily === undefined)
    return { localDate: serverLocalDate(null, now), day: EMPTY_DAY };
  const localDate = serverLocalDate(await daily.settings(guildId), now);
  return { localDate, day: await daily.dayState(guildId, localDate) };
}
