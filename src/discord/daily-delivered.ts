/**
 * Was an uncertain post delivered? The check the poster makes after a crash, once Discord's nonce deduplication
 * can no longer be relied on: it reads the channel's history forward from just before the post's intent and
 * looks for the bot's own message carrying the post's nonce or footer marker.
 *
 * "Not found" is only trusted when the listing could have shown the post: Discord answers 200 with no messages
 * (not an error) to a bot without Read Message History, so the permission is checked first, and a listing that
 * fails or is cut short by {@link HISTORY_PAGE_CAP} is "unknown", never "absent".
 */
import { Routes } from 'discord-api-types/v10';
import type { DailyPost } from '../daily/daily-store.ts';
import type { Delivery } from '../daily/poster.ts';
import { describeFailure } from './daily-failure.ts';
import { dailyMarker } from './render/daily.ts';

/** The part of discord.js's REST client the poster uses (`client.rest`). */
export interface DiscordRest {
  post(route: `/${string}`, options: { body: unknown }): Promise<unknown>;
  get(route: `/${string}`, options?: { query?: URLSearchParams }): Promise<unknown>;
}

/** Discord's epoch (2015-01-01T00:00:00Z), the zero of a snowflake's timestamp. */
const DISCORD_EPOCH_MS = 1_420_070_400_000;
/** Discord's largest page of Get Channel Messages. */
const PAGE_SIZE = 100;
/**
 * How far before the post's intent the history is read from. Message ids carry Discord's clock, the intent our
 * own: this margin covers our clock running up to this much ahead of Discord's.
 */
export const HISTORY_SLACK_MS = 5 * 60_000;
/** Pages read at most (5,000 messages); a channel busier than that since the post leaves delivery unknown. */
export const HISTORY_PAGE_CAP = 50;

/** What the check needs: the REST client, who the bot is, and what the gateway cache says it may read. */
export interface HistoryAccess {
  readonly rest: DiscordRest;
  /** The bot's user id: only a message the bot wrote can be its post. */
  readonly botUserId: string;
  /** Whether the bot can view the channel and read its history; undefined when unknown. */
  readonly canReadHistory: (channelId: string) => boolean | undefined;
}

interface ListedMessage {
  readonly id: string;
  readonly timestamp?: unknown;
  readonly author?: { readonly id?: unknown };
  readonly nonce?: unknown;
  readonly embeds?: readonly { readonly footer?: { readonly text?: unknown } }[];
}

/** The smallest snowflake of an instant (ms since the Unix epoch), as Discord's decimal string. */
export function snowflakeAt(ms: number): string {
  return (BigInt(Math.max(0, Math.floor(ms) - DISCORD_EPOCH_MS)) << 22n).toString();
}

/** When a listed message was created: its `timestamp`, else the time in its id. */
function createdAt(message: ListedMessage): number {
  const parsed = typeof message.timestamp === 'string' ? Date.parse(message.timestamp) : Number.NaN;
  return Number.isNaN(parsed) ? Number((BigInt(message.id) >> 22n) + BigInt(DISCORD_EPOCH_MS)) : parsed;
}

/** Whether a listed message is this post: written by the bot, with the post's nonce or its footer marker. */
function isThePost(message: ListedMessage, post: DailyPost, botUserId: string): boolean {
  if (message.author?.id !== botUserId) return false;
  const marker = dailyMarker(post.localDate);
  return (
    String(message.nonce ?? '') === post.nonce ||
    (message.embeds ?? []).some((embed) => embed.footer?.text === marker)
  );
}

const newestId = (page: readonly ListedMessage[]): string =>
  page.reduce((newest, m) => (BigInt(m.id) > BigInt(newest) ? m.id : newest), page[0]?.id ?? '0');

/** Looks for the post in its channel, paging forward from just before its intent; never throws. */
export async function checkDelivered(access: HistoryAccess, post: DailyPost): Promise<Delivery> {
  const cannot = `cannot check whether the ${post.localDate} post was delivered`;
  const channel = `<#${post.channelId}>`;
  const readable = access.canReadHistory(post.channelId);
  if (readable === false)
    return {
      kind: 'unknown',
      reason: `${cannot}: missing Read Message History (or View Channel) in ${channel}`,
    };
  if (readable === undefined)
    return {
      kind: 'unknown',
      reason: `${cannot}: the bot's permissions in ${channel} are unknown (not in its cache: deleted, or not loaded yet)`,
    };
  let after = snowflakeAt(post.createdAt - HISTORY_SLACK_MS);
  for (let page = 0; page < HISTORY_PAGE_CAP; page += 1) {
    let messages: ListedMessage[];
    try {
      messages = (await access.rest.get(Routes.channelMessages(post.channelId), {
        query: new URLSearchParams({ limit: String(PAGE_SIZE), after }),
      })) as ListedMessage[];
    } catch (error) {
      return { kind: 'unknown', reason: `${cannot}: ${describeFailure(error, post.channelId).reason}` };
    }
    const found = messages.find((m) => isThePost(m, post, access.botUserId));
    if (found) return { kind: 'delivered', messageId: found.id, sentAt: createdAt(found) };
    if (messages.length < PAGE_SIZE) return { kind: 'absent' };
    after = newestId(messages);
  }
  return {
    kind: 'unknown',
    reason: `${cannot}: more than ${HISTORY_PAGE_CAP * PAGE_SIZE} messages in ${channel} since it was attempted`,
  };
}
