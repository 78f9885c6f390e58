/**
 * Get Channel Messages (`GET /channels/{channel.id}/messages`), the pure part: the query string as Discord
 * validates it, and which messages one page holds. Discord's docs: `limit` 1-100 (default 50); `around`,
 * `before` and `after` are snowflakes and "mutually exclusive, only one may be passed at a time"; newest first.
 */
import { DiscordHttpError, ErrorCode, type FieldError, toFormErrors } from './api-errors.ts';

/** Discord's default and maximum page size. */
export const HISTORY_DEFAULT_LIMIT = 50;
export const HISTORY_MAX_LIMIT = 100;

/** A validated history query: the page size and at most one anchor. */
export interface HistoryQuery {
  readonly limit: number;
  readonly anchor: { readonly kind: 'around' | 'before' | 'after'; readonly id: bigint } | null;
}

const ANCHORS = ['around', 'before', 'after'] as const;
const MAX_SNOWFLAKE = 2n ** 64n - 1n;

type Problem = { path: readonly string[]; error: FieldError };

function parseLimit(raw: string | null, problems: Problem[]): number {
  if (raw === null) return HISTORY_DEFAULT_LIMIT;
  const problem = (code: string, message: string) =>
    problems.push({ path: ['limit'], error: { code, message } });
  if (!/^[+-]?\d+$/.test(raw.trim())) {
    problem('NUMBER_TYPE_COERCE', `Value "${raw}" is not int.`);
    return HISTORY_DEFAULT_LIMIT;
  }
  const limit = Number(raw);
  if (limit < 1) problem('NUMBER_TYPE_MIN', 'int value should be greater than or equal to 1.');
  else if (limit > HISTORY_MAX_LIMIT)
    problem('NUMBER_TYPE_MAX', `int value should be less than or equal to ${HISTORY_MAX_LIMIT}.`);
  return limit;
}

function parseSnowflake(name: string, raw: string, problems: Problem[]): bigint | null {
  if (/^\d{1,20}$/.test(raw) && BigInt(raw) <= MAX_SNOWFLAKE) return BigInt(raw);
  problems.push({
    path: [name],
    error: { code: 'NUMBER_TYPE_COERCE', message: `Value "${raw}" is not snowflake.` },
  });
  return null;
}

/** Validates the query string; throws Discord's 400 Invalid Form Body (50035) naming each bad parameter. */
export function parseHistoryQuery(query: URLSearchParams): HistoryQuery {
  const problems: Problem[] = [];
  const limit = parseLimit(query.get('limit'), problems);
  const given = ANCHORS.filter((name) => query.get(name) !== null);
  const anchors = given.map((kind) => ({ kind, id: parseSnowflake(kind, query.get(kind) ?? '', problems) }));
  // The docs only say one may be passed; the emulator refuses more so a client relying on a guess is caught.
  for (const kind of given.slice(1)) {
    problems.push({
      path: [kind],
      error: { code: 'PARAM_CONFLICT', message: 'Only one of around, before and after may be passed.' },
    });
  }
  if (problems.length > 0)
    throw new DiscordHttpError(400, ErrorCode.InvalidFormBody, 'Invalid Form Body', toFormErrors(problems));
  const first = anchors[0];
  return { limit, anchor: first && first.id !== null ? { kind: first.kind, id: first.id } : null };
}

const byIdDescending = (a: { id: string }, b: { id: string }): number => {
  const x = BigInt(a.id);
  const y = BigInt(b.id);
  return x === y ? 0 : x > y ? -1 : 1;
};

/**
 * One page of a channel's messages, newest first. `before`: the newest `limit` older than the id; `after`: the
 * oldest `limit` newer than it (still returned newest first); `around`: the message itself and newer ones for
 * half the page (rounded up, so `limit=1&around=id` returns that message), older ones for the rest.
 */
export function pageOfHistory<T extends { readonly id: string }>(
  messages: readonly T[],
  query: HistoryQuery,
): T[] {
  const newestFirst = [...messages].sort(byIdDescending);
  const { limit, anchor } = query;
  if (!anchor) return newestFirst.slice(0, limit);
  const older = newestFirst.filter((m) => BigInt(m.id) < anchor.id);
  if (anchor.kind === 'before') return older.slice(0, limit);
  const newer = newestFirst.filter((m) => BigInt(m.id) > anchor.id);
  if (anchor.kind === 'after') return newer.slice(-limit);
  const atOrNewer = newestFirst.filter((m) => BigInt(m.id) >= anchor.id);
  const upper = Math.ceil(limit / 2);
  return [...atOrNewer.slice(-upper), ...older.slice(0, limit - upper)];
}
