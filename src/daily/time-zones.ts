import cityTimezones from 'city-timezones';
import { getAllCountries } from 'countries-and-timezones';
import { DateTime } from 'luxon';
import { foldText } from '../search/text.ts';
import { isValidTimeZone } from './schedule.ts';

/**
 * Current IANA names that ICU still lists under their old canonical names (Node 20 reports `Asia/Saigon`, not
 * `Asia/Ho_Chi_Minh`); both spellings are valid zones, the current one is what people type.
 */
const CURRENT_NAMES = [
  'Asia/Ho_Chi_Minh',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Yangon',
  'Europe/Kyiv',
  'America/Nuuk',
  'Atlantic/Faroe',
  'Pacific/Kanton',
  'Pacific/Chuuk',
  'Pacific/Pohnpei',
];

/** Every IANA zone the runtime knows, plus UTC (which `Intl.supportedValuesOf` may leave out) and current names. */
export const TIME_ZONES: readonly string[] = [
  ...new Set(['UTC', ...Intl.supportedValuesOf('timeZone'), ...CURRENT_NAMES.filter(isValidTimeZone)]),
].sort();

/** One autocomplete choice: what the member reads, and the zone it sets. */
export interface ZoneChoice {
  readonly name: string;
  readonly value: string;
}

/** Discord shows at most 25 choices. */
const MAX_CHOICES = 25;
/** Shown before anything is typed. */
const POPULAR = [
  'UTC',
  'Europe/London',
  'Europe/Paris',
  'America/New_York',
  'America/Los_Angeles',
  'Asia/Ho_Chi_Minh',
  'Asia/Tokyo',
  'Australia/Sydney',
];

interface Place {
  /** Folded, for matching. */
  readonly key: string;
  readonly label: string;
  readonly zone: string;
  readonly population: number;
}

interface PlaceIndex {
  readonly countries: Place[];
  readonly cities: Place[];
  /** Per zone, the population of its largest city: the better-known zones first. */
  readonly zoneSize: ReadonlyMap<string, number>;
}

let places: PlaceIndex | undefined;

/** Countries and cities with their zones (from countries-and-timezones and city-timezones), read on first use. */
function placeIndex(): PlaceIndex {
  if (places) return places;
  const countries = Object.values(getAllCountries()).flatMap((country) =>
    country.timezones
      .filter(isValidTimeZone)
      .map((zone) => ({ key: foldText(country.name), label: country.name, zone, population: 0 })),
  );
  const cities = cityTimezones.cityMapping
    .filter((city) => typeof city.timezone === 'string' && isValidTimeZone(city.timezone))
    .map((city) => ({
      key: foldText(city.city),
      label: `${city.city}, ${city.country}`,
      zone: city.timezone,
      population: Number(city.pop) || 0,
    }))
    .sort((a, b) => b.population - a.population);
  const zoneSize = new Map<string, number>();
  for (const city of cities) if (!zoneSize.has(city.zone)) zoneSize.set(city.zone, city.population);
  places = { countries, cities, zoneSize };
  return places;
}

/** "UTC+7", "gmt-5", "+05:30", "-3" as minutes east of UTC; null when the text is not an offset. */
export function parseUtcOffset(typed: string): number | null {
  const match = /^(?:utc|gmt)?\s*([+\-−])\s*(\d{1,2})(?::?(\d{2}))?$/iu.exec(typed.trim());
  if (!match) return null;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? 0);
  if (hours > 14 || minutes >= 60) return null;
  return (match[1] === '+' ? 1 : -1) * (hours * 60 + minutes);
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  const rest = abs % 60 === 0 ? '' : `:${String(abs % 60).padStart(2, '0')}`;
  return `UTC${sign}${Math.floor(abs / 60)}${rest}`;
}

/**
 * Up to 25 zones for what was typed: a zone name ("ho_chi", "paris"), a city ("hanoi"), a country ("vietnam") or
 * a UTC offset ("UTC+7", valid `now`; zones of the largest cities first). Zone names starting with it first, then
 * cities by size, countries, and zone names containing it; each zone once. Every value is a valid zone.
 */
export function suggestTimeZones(typed: string, now: Date = new Date()): ZoneChoice[] {
  const text = typed.trim();
  if (!text) return POPULAR.map((zone) => ({ name: zone, value: zone }));
  const offset = parseUtcOffset(text);
  if (offset !== null) {
    const { zoneSize } = placeIndex();
    const size = (zone: string) => zoneSize.get(zone) ?? 0;
    return TIME_ZONES.filter((zone) => DateTime.fromJSDate(now).setZone(zone).offset === offset)
      .sort((a, b) => size(b) - size(a))
      .slice(0, MAX_CHOICES)
      .map((zone) => ({ name: `${zone} (${offsetText(offset)} now)`, value: zone }));
  }
  const needle = foldText(text);
  const underscored = needle.replace(/\s+/gu, '_');
  const zones = TIME_ZONES.map((zone) => ({ zone, key: foldText(zone) }));
  const startsWord = (key: string, word: string) =>
    key.startsWith(word) || key.split(/[/_\s,-]/u).some((part) => part.startsWith(word));
  const { countries, cities } = placeIndex();
  const choices: ZoneChoice[] = [
    ...zones
      .filter(({ key }) => startsWord(key, underscored))
      .map(({ zone }) => ({ name: zone, value: zone })),
    ...cities.filter((city) => city.key.startsWith(needle)).map(placeChoice),
    ...countries.filter((country) => startsWord(country.key, needle)).map(placeChoice),
    ...zones.filter(({ key }) => key.includes(underscored)).map(({ zone }) => ({ name: zone, value: zone })),
  ];
  const seen = new Set<string>();
  return choices.filter((choice) => !seen.has(choice.value) && seen.add(choice.value)).slice(0, MAX_CHOICES);
}

function placeChoice(place: Place): ZoneChoice {
  return { name: `${place.zone} — ${place.label}`.slice(0, 100), value: place.zone };
}
