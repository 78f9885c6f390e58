import { DateTime } from 'luxon';

/**
 * Normalises a publication date to `YYYY-MM-DD`, or undefined when it cannot be read.
 * ISO timestamps keep the calendar date as written (their own offset), not the UTC date, so an article
 * published late in the evening in Hanoi keeps its Hanoi date.
 */
export function toIsoDate(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])/.exec(text);
  if (iso) return validDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const rfc = DateTime.fromRFC2822(text, { setZone: true });
  if (rfc.isValid) return rfc.toISODate() ?? undefined;
  const http = DateTime.fromHTTP(text, { setZone: true });
  if (http.isValid) return http.toISODate() ?? undefined;
  const parsed = new Date(text);
  if (Number.isNaN(parsed.getTime())) return undefined;
  return validDate(parsed.getFullYear(), parsed.getMonth() + 1, parsed.getDate());
}

function validDate(year: number, month: number, day: number): string | undefined {
  const date = DateTime.fromObject({ year, month, day }, { zone: 'utc' });
  if (!date.isValid || year < 1000) return undefined;
  return date.toISODate() ?? undefined;
}
