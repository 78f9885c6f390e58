import type { DiscordRest } from '../../src/daily/poster.ts';

interface FakeMessage {
  id: string;
  channel_id: string;
  nonce?: string;
  embeds: { title?: string; description?: string; footer?: { text?: string } }[];
  allowed_mentions?: unknown;
}

/** An in-memory Discord channel API that honours `nonce` + `enforce_nonce` for `windowMs` of its own clock. */
export function fakeRest(clock: () => number, windowMs = 3 * 60_000) {
  const messages: FakeMessage[] = [];
  const nonces = new Map<string, { id: string; at: number }>();
  const failures: { status: number; code: number; message: string }[] = [];
  let historyReadable = true;
  let next = 1;
  const rest: DiscordRest = {
    async post(route, { body }) {
      const channelId = route.split('/')[2] ?? '';
      const failure = failures.shift();
      if (failure) throw Object.assign(new Error(failure.message), failure);
      const b = body as Omit<FakeMessage, 'id' | 'channel_id'> & { enforce_nonce?: boolean };
      const key = `${channelId}:${b.nonce}`;
      const seen = nonces.get(key);
      if (b.enforce_nonce && seen && clock() - seen.at <= windowMs)
        return messages.find((m) => m.id === seen.id);
      const message: FakeMessage = {
        id: String(next++),
        channel_id: channelId,
        nonce: b.nonce,
        embeds: b.embeds,
        allowed_mentions: b.allowed_mentions,
      };
      messages.push(message);
      if (b.nonce) nonces.set(key, { id: message.id, at: clock() });
      return message;
    },
    async get(route) {
      if (!historyReadable) throw Object.assign(new Error('Missing Access'), { status: 403, code: 50001 });
      const channelId = route.split('/')[2] ?? '';
      // Like Discord: newest first, and no nonce on fetched messages.
      return messages
        .filter((m) => m.channel_id === channelId)
        .reverse()
        .map(({ nonce: _nonce, ...m }) => m);
    },
  };
  return {
    rest,
    messages,
    failNext: (...list: { status: number; code: number; message: string }[]) => failures.push(...list),
    setHistoryReadable: (value: boolean) => {
      historyReadable = value;
    },
  };
}
