import { DateTime, IANAZone } from 'luxon';

/** `HH:MM`, 24-hour. */
export const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/u;

/** True when `zone` is an IANA time zone name the runtime knows (e.g. `Europe/Paris`). */
export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** Normalizes a typed time (`9:05`, `09:05`) to `HH:MM`, or null when it is not a time of day. */
export function parseTimeOfDay(text: string): string | null {
  const match = /^\s*(\d{1,2}):(\d{2})\s*$/u.exec(text);
  if (!match) return null;
  const normalized = `${(match[1] ?? '').padStart(2, '0')}:${match[2]}`;
  return TIME_PATTERN.test(normalized) ? normalized : null;
}

/** The local calendar date (`YYYY-MM-DD`) at `instant` in `zone`. */
export function localDateAt(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate() ?? '';
}

/** The calendar date after `localDate`. */
export function nextLocalDate(localDate: string): string {
  return DateTime.fromISO(localDate, { zone: 'UTC' }).plus({ days: 1 }).toISODate() ?? '';
}

/**
 * The instant of the post on `localDate` at `time` in `zone`. On a spring-forward day a time that does not
 * exist (02:30 in America/New_York on 2024-03-10) moves forward by the gap (03:30 EDT); on a fall-back day a
 * time that happens twice (01:30 on 2024-11-03) is taken once, at its second occurrence (01:30 EST, as luxon resolves it). Either way the day has exactly one
 * post instant, and posts are keyed by the local date, so the repeated hour cannot post twice.
 */
export function postInstant(localDate: string, time: string, zone: string): Date {
  return DateTime.fromISO(`${localDate}T${time}`, { zone }).toJSDate();
}

/** The first local date a newly set schedule posts on: today if its time is still ahead, else tomorrow. */
export function firstPostDate(now: Date, time: string, zone: string): string {
  const today = localDateAt(now, zone);
  return now < postInstant(today, time, zone) ? today : nextLocalDate(today);
}

/**
 * When the next post is due (pure): today's time when today has no post yet and `firstDate` allows it
 * (a time already passed today is due now: the catch-up), else the next day's time.
 */
export function nextPostAt(input: {
  readonly now: Date;
  readonly time: string;
  readonly zone: string;
  readonly firstDate: string;
  /** True when today's (local) post is already done. */
  readonly postedToday: boolean;
}): Date {
  const today = localDateAt(input.now, input.zone);
  let date = input.postedToday ? nextLocalDate(today) : today;
  if (date < input.firstDate) date = input.firstDate;
  return postInstant(date, input.time, input.zone);
}

/** Retry delay after `failures` consecutive failures: base × 2^(failures − 1), capped at `maxMs`. */
export function backoffMs(failures: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
}
