import { DateTime } from 'luxon';
import { isRealIsoDate } from '../corpus/schema.ts';

/**
 * Normalises a publication date to `YYYY-MM-DD`, or undefined when it cannot be read. What it returns is always
 * a date the library loader accepts ({@link isRealIsoDate}, the loader's own check): a year past 9999 or a
 * 30 February gives undefined, never a date the loader would then reject.
 * ISO timestamps keep the calendar date as written (their own offset), not the UTC date, so an article
 * published late in the evening in Hanoi keeps its Hanoi date; so do RFC 2822 and HTTP dates, even with a wrong
 * weekday. Nothing depends on the machine's time zone.
 */
export function toIsoDate(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const date = readDate(text);
  return date !== undefined && isRealIsoDate(date) ? date : undefined;
}

function readDate(text: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])/.exec(text);
  if (iso) return validDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  // A year, or a year and month: the first day of it (as `new Date` reads them, but not in the machine's zone).
  const partial = /^(\d{4})(?:-(\d{2}))?$/.exec(text);
  if (partial) return validDate(Number(partial[1]), Number(partial[2] ?? 1), 1);
  // A wrong weekday ("Mon, 5 Mar 2024" was a Tuesday) makes luxon refuse the whole date; the date is still there.
  for (const candidate of [text, text.replace(/^[A-Za-z]{3,9},\s*/u, '')]) {
    const rfc = DateTime.fromRFC2822(candidate, { setZone: true });
    if (rfc.isValid) return validDate(rfc.year, rfc.month, rfc.day);
    const http = DateTime.fromHTTP(candidate, { setZone: true });
    if (http.isValid) return validDate(http.year, http.month, http.day);
  }
  const parsed = new Date(text);
  if (Number.isNaN(parsed.getTime())) return undefined;
  return validDate(parsed.getFullYear(), parsed.getMonth() + 1, parsed.getDate());
}

function validDate(year: number, month: number, day: number): string | undefined {
  const date = DateTime.fromObject({ year, month, day }, { zone: 'utc' });
  if (!date.isValid || year < 1000 || year > 9999) return undefined;
  return date.toISODate() ?? undefined;
}
