import type { DiscordRest } from '../../src/discord/daily-poster.ts';

/** The fake bot's user id (messages the poster sends are authored by it). */
export const FAKE_BOT_ID = '300000000000000001';
/** A human member, for chatter and look-alike messages. */
export const FAKE_USER_ID = '300000000000000002';

const DISCORD_EPOCH = 1_420_070_400_000n;

interface FakeEmbed {
  title?: string;
  description?: string;
  footer?: { text?: string };
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  author: { id: string };
  timestamp: string;
  content?: string;
  nonce?: string;
  embeds: FakeEmbed[];
  allowed_mentions?: unknown;
}

type Failure = { status: number; code: number; message: string };

const byIdDescending = (a: { id: string }, b: { id: string }): number =>
  BigInt(a.id) === BigInt(b.id) ? 0 : BigInt(a.id) > BigInt(b.id) ? -1 : 1;

/**
 * An in-memory Discord channel API on a fake clock: snowflake ids from that clock, `nonce` + `enforce_nonce`
 * honoured for `windowMs`, and Get Channel Messages as Discord answers it (newest first, `limit` ≤ 100, `before`
 * or `after`; 200 with no messages when the bot lacks Read Message History; no nonce on listed messages).
 */
export function fakeRest(clock: () => number, windowMs = 3 * 60_000) {
  const messages: FakeMessage[] = [];
  const nonces = new Map<string, { id: string; at: number }>();
  const postFailures: Failure[] = [];
  const listFailures: Failure[] = [];
  const listings: URLSearchParams[] = [];
  let canReadHistory = true;
  let increment = 0n;
  const newId = () => {
    increment += 1n;
    return (((BigInt(clock()) - DISCORD_EPOCH) << 22n) | (increment & 0x3fffffn)).toString();
  };
  const create = (channelId: string, authorId: string, body: Partial<FakeMessage>): FakeMessage => {
    const message: FakeMessage = {
      id: newId(),
      channel_id: channelId,
      author: { id: authorId },
      timestamp: new Date(clock()).toISOString(),
      embeds: [],
      ...body,
    };
    messages.push(message);
    return message;
  };
  const rest: DiscordRest = {
    async post(route, { body }) {
      const channelId = route.split('/')[2] ?? '';
      const failure = postFailures.shift();
      if (failure) throw Object.assign(new Error(failure.message), failure);
      const b = body as Partial<FakeMessage> & { enforce_nonce?: boolean };
      const key = `${channelId}:${b.nonce}`;
      const seen = nonces.get(key);
      if (b.enforce_nonce && seen && clock() - seen.at <= windowMs)
        return messages.find((m) => m.id === seen.id);
      const message = create(channelId, FAKE_BOT_ID, {
        ...(b.nonce !== undefined ? { nonce: b.nonce } : {}),
        embeds: b.embeds ?? [],
        allowed_mentions: b.allowed_mentions,
      });
      if (b.nonce) nonces.set(key, { id: message.id, at: clock() });
      return message;
    },
    async get(route, options) {
      const channelId = route.split('/')[2] ?? '';
      const query = options?.query ?? new URLSearchParams();
      listings.push(query);
      const failure = listFailures.shift();
      if (failure) throw Object.assign(new Error(failure.message), failure);
      if (query.has('around')) throw new Error('fake-rest: `around` is not modelled');
      // Like Discord: without Read Message History, a 200 with no messages rather than an error.
      if (!canReadHistory) return [];
      const limit = Number(query.get('limit') ?? 50);
      const after = query.get('after');
      const before = query.get('before');
      let list = messages.filter((m) => m.channel_id === channelId).sort(byIdDescending);
      if (after !== null) list = list.filter((m) => BigInt(m.id) > BigInt(after)).slice(-limit);
      else list = list.filter((m) => before === null || BigInt(m.id) < BigInt(before)).slice(0, limit);
      return list.map(({ nonce: _nonce, ...m }) => m);
    },
  };
  return {
    rest,
    /** Every message, in creation order. */
    messages,
    /** The query of every Get Channel Messages request, in order. */
    listings,
    /** Messages the bot wrote. */
    botMessages: () => messages.filter((m) => m.author.id === FAKE_BOT_ID),
    /** A message by someone else (chatter, or a look-alike of a post). */
    postAs: (channelId: string, authorId: string, body: Partial<FakeMessage>) =>
      create(channelId, authorId, body),
    failNext: (...list: Failure[]) => postFailures.push(...list),
    failNextListing: (...list: Failure[]) => listFailures.push(...list),
    canReadHistory: () => canReadHistory,
    setCanReadHistory: (value: boolean) => {
      canReadHistory = value;
    },
  };
}
