import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import { ChannelType, type Message, REST, Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_DEFAULT_LIMIT, pageOfHistory, parseHistoryQuery } from '../../src/local-discord/history.ts';
import { loadOpenApi } from '../../src/local-discord/spec-routes.ts';
import type { LocalDiscord, StoredMessage } from '../../src/local-discord/types.ts';
import {
  SPEC_MISSING_MESSAGE,
  specAvailable,
  validateRecordedRequests,
  validateRequest,
} from '../support/openapi-contract.ts';
import { codeOf, type Harness, startHarness, statusOf } from './helpers.ts';

const available = specAvailable();
if (!available) console.warn(SPEC_MISSING_MESSAGE);

/** GET /channels/:id/messages with plain fetch and the bot token: status and parsed body. */
async function list(
  discord: LocalDiscord,
  channelId: string,
  query: Record<string, string | number> = {},
): Promise<{ status: number; body: unknown }> {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
  const response = await fetch(`${discord.restApiBase}/v10/channels/${channelId}/messages?${search}`, {
    headers: { Authorization: `Bot ${discord.botToken}` },
  });
  return { status: response.status, body: await response.json() };
}

/** The ids of a successful listing, in the order returned. */
async function idsOf(
  discord: LocalDiscord,
  channelId: string,
  query: Record<string, string | number> = {},
): Promise<string[]> {
  const { status, body } = await list(discord, channelId, query);
  expect(status).toBe(200);
  return (body as { id: string }[]).map((m) => m.id);
}

/** The stored messages of a channel, newest first (what a listing must return). */
const newestFirst = (discord: LocalDiscord, channelId: string): string[] =>
  discord
    .channelMessages(channelId)
    .map((m: StoredMessage) => m.id)
    .reverse();

/** Discord's field errors for one query parameter of a 400 answer. */
const fieldCodes = (body: unknown, field: string): string[] =>
  (
    (body as { errors?: Record<string, { _errors?: { code: string }[] }> }).errors?.[field]?._errors ?? []
  ).map((e) => e.code);

describe('history paging (pure)', () => {
  const messages = ['105', '101', '103', '102', '104'].map((id) => ({ id }));
  const page = (query: Record<string, string>) =>
    pageOfHistory(messages, parseHistoryQuery(new URLSearchParams(query))).map((m) => m.id);

  it('sorts by snowflake, newest first, whatever the stored order', () => {
    expect(page({})).toEqual(['105', '104', '103', '102', '101']);
  });

  it('compares snowflakes as numbers, not strings', () => {
    const mixed = [{ id: '99' }, { id: '100' }, { id: '1000' }];
    expect(pageOfHistory(mixed, parseHistoryQuery(new URLSearchParams())).map((m) => m.id)).toEqual([
      '1000',
      '100',
      '99',
    ]);
  });

  it('before: the newest older messages; after: the oldest newer ones, still newest first', () => {
    expect(page({ before: '104', limit: '2' })).toEqual(['103', '102']);
    expect(page({ after: '101', limit: '2' })).toEqual(['103', '102']);
    expect(page({ after: '105' })).toEqual([]);
  });

  it('around: the message itself for limit 1, and both sides for larger pages', () => {
    expect(page({ around: '103', limit: '1' })).toEqual(['103']);
    expect(page({ around: '103', limit: '3' })).toEqual(['104', '103', '102']);
    expect(page({ around: '103', limit: '4' })).toEqual(['104', '103', '102', '101']);
  });

  it('defaults to 50 and accepts 1 and 100', () => {
    expect(parseHistoryQuery(new URLSearchParams()).limit).toBe(HISTORY_DEFAULT_LIMIT);
    expect(parseHistoryQuery(new URLSearchParams({ limit: '1' })).limit).toBe(1);
    expect(parseHistoryQuery(new URLSearchParams({ limit: '100' })).limit).toBe(100);
  });
});

describe('GET /channels/{channel_id}/messages on the local Discord', () => {
  let h: Harness;
  let discord: LocalDiscord;
  let rest: REST;
  let busy: string;

  beforeAll(async () => {
    h = await startHarness();
    discord = h.discord;
    rest = new REST({ api: discord.restApiBase, retries: 0 }).setToken(discord.botToken);
    busy = discord.createChannel({ name: 'busy' });
    for (let i = 0; i < 60; i += 1) {
      if (i % 3 === 0) await rest.post(Routes.channelMessages(busy), { body: { content: `bot ${i}` } });
      else discord.postUserMessage(busy, `user ${i}`);
    }
  }, 30_000);

  afterAll(async () => {
    await h?.stop();
  });

  describe('order and limit', () => {
    it('returns the newest 50 by default, newest first', async () => {
      expect(await idsOf(discord, busy)).toEqual(newestFirst(discord, busy).slice(0, 50));
    });

    it('honours limit, up to 100', async () => {
      expect(await idsOf(discord, busy, { limit: 1 })).toEqual(newestFirst(discord, busy).slice(0, 1));
      expect(await idsOf(discord, busy, { limit: 100 })).toEqual(newestFirst(discord, busy));
    });

    it('refuses a limit outside 1-100 or not a number with 400 Invalid Form Body', async () => {
      for (const [limit, code] of [
        [0, 'NUMBER_TYPE_MIN'],
        [101, 'NUMBER_TYPE_MAX'],
        ['ten', 'NUMBER_TYPE_COERCE'],
      ] as const) {
        const { status, body } = await list(discord, busy, { limit });
        expect(status).toBe(400);
        expect(body).toMatchObject({ code: 50035, message: 'Invalid Form Body' });
        expect(fieldCodes(body, 'limit')).toEqual([code]);
      }
    });
  });

  describe('before, after, around', () => {
    it('pages back through the whole channel with before, each message once', async () => {
      const seen: string[] = [];
      let before: string | undefined;
      for (;;) {
        const page = await idsOf(discord, busy, { limit: 25, ...(before ? { before } : {}) });
        if (page.length === 0) break;
        seen.push(...page);
        before = page[page.length - 1];
      }
      expect(seen).toEqual(newestFirst(discord, busy));
    });

    it('after returns the messages just newer than the id, newest first', async () => {
      const all = newestFirst(discord, busy);
      const pivot = all[30] as string;
      expect(await idsOf(discord, busy, { after: pivot, limit: 5 })).toEqual(all.slice(25, 30));
      expect(await idsOf(discord, busy, { after: all[0] as string })).toEqual([]);
    });

    it('around with limit 1 returns that very message', async () => {
      const target = newestFirst(discord, busy)[17] as string;
      expect(await idsOf(discord, busy, { around: target, limit: 1 })).toEqual([target]);
    });

    it('accepts any snowflake as an anchor, not only a message id', async () => {
      const all = newestFirst(discord, busy);
      // A snowflake for one minute from now (Discord epoch 2015-01-01, timestamp in the top 42 bits).
      const later = ((BigInt(Date.now() + 60_000) - 1_420_070_400_000n) << 22n).toString();
      expect(await idsOf(discord, busy, { before: later, limit: 3 })).toEqual(all.slice(0, 3));
      expect(await idsOf(discord, busy, { after: '0', limit: 3 })).toEqual(all.slice(-3));
    });

    it('refuses a malformed snowflake and more than one anchor', async () => {
      const bad = await list(discord, busy, { before: 'yesterday' });
      expect(bad.status).toBe(400);
      expect(fieldCodes(bad.body, 'before')).toEqual(['NUMBER_TYPE_COERCE']);
      const both = await list(discord, busy, { before: '1', after: '2' });
      expect(both.status).toBe(400);
      expect((both.body as { code: number }).code).toBe(50035);
    });
  });

  describe('what is listed', () => {
    it('leaves out deleted messages and ephemeral replies', async () => {
      const channel = discord.createChannel({ name: 'mixed' });
      const kept = discord.postUserMessage(channel, 'kept');
      // The bot deletes its own message (deleting others' needs Manage Messages, which it lacks).
      const gone = (await rest.post(Routes.channelMessages(channel), { body: { content: 'gone' } })) as {
        id: string;
      };
      await rest.delete(Routes.channelMessage(channel, gone.id));
      await discord.slashCommand('echo', { text: 'secret', private: true }, { channelId: channel });
      const ids = await idsOf(discord, channel);
      expect(ids).toContain(kept.id);
      expect(ids).not.toContain(gone.id);
      expect(await idsOf(discord, channel)).toHaveLength(1);
    });

    it('carries no nonce on fetched messages, though the create response does (as Discord documents)', async () => {
      const channel = discord.createChannel({ name: 'nonces' });
      const created = (await rest.post(Routes.channelMessages(channel), {
        body: { content: 'with nonce', nonce: 'n-123', enforce_nonce: true },
      })) as { id: string; nonce?: string };
      expect(created.nonce).toBe('n-123');
      const { body } = await list(discord, channel);
      expect(body).toEqual([expect.objectContaining({ id: created.id, content: 'with nonce' })]);
      expect((body as Record<string, unknown>[])[0]).not.toHaveProperty('nonce');
    });
  });

  describe('permissions and missing channels', () => {
    it('answers 403 Missing Access (50001) when the bot cannot view the channel', async () => {
      const hidden = discord.createChannel({ name: 'hidden', botCanView: false });
      const error = await rest.get(Routes.channelMessages(hidden)).catch((e: unknown) => e);
      expect(statusOf(error)).toBe(403);
      expect(codeOf(error)).toBe(50001);
    });

    it('answers 200 with no messages without Read Message History, as Discord documents', async () => {
      const blind = discord.createChannel({ name: 'no-history', botCanReadHistory: false });
      discord.postUserMessage(blind, 'you cannot read me');
      await rest.post(Routes.channelMessages(blind), { body: { content: 'the bot can still send' } });
      expect(discord.channelMessages(blind)).toHaveLength(2);
      expect(await idsOf(discord, blind)).toEqual([]);
    });

    it('needs Connect as well in a voice channel', async () => {
      const voice = discord.createChannel({ name: 'voice', type: ChannelType.GuildVoice });
      const { status, body } = await list(discord, voice);
      expect(status).toBe(403);
      expect((body as { code: number }).code).toBe(50001);
    });

    it('answers 404 Unknown Channel (10003) for a deleted or unknown channel', async () => {
      const doomed = discord.createChannel({ name: 'doomed' });
      discord.postUserMessage(doomed, 'last words');
      discord.deleteChannel(doomed);
      for (const channelId of [doomed, '123456789012345678']) {
        const error = await rest.get(Routes.channelMessages(channelId)).catch((e: unknown) => e);
        expect(statusOf(error)).toBe(404);
        expect(codeOf(error)).toBe(10003);
      }
    });

    it('needs the bot token', async () => {
      const response = await fetch(`${discord.restApiBase}/v10/channels/${busy}/messages`);
      expect(response.status).toBe(401);
    });
  });

  describe('through the real discord.js client', () => {
    it('channel.messages.fetch() pages with limit and before', async () => {
      const channel = await h.client.channels.fetch(busy);
      if (!channel?.isTextBased() || !('messages' in channel)) throw new Error('busy is not a text channel');
      const all = newestFirst(discord, busy);
      const first = await channel.messages.fetch({ limit: 10 });
      expect([...first.keys()]).toEqual(all.slice(0, 10));
      const next = await channel.messages.fetch({ limit: 10, before: all[9] as string });
      expect([...next.keys()]).toEqual(all.slice(10, 20));
      const oldest = next.last() as Message;
      expect(oldest.content).toBe(discord.channelMessages(busy).find((m) => m.id === oldest.id)?.content);
    });
  });

  describe.skipIf(!available)('contract with the OpenAPI description', () => {
    it('records the route as list_messages with its template', () => {
      const listed = discord.requests.filter(
        (r) => r.method === 'GET' && /^\/channels\/\d+\/messages$/.test(r.path),
      );
      expect(listed.length).toBeGreaterThan(5);
      for (const request of listed) {
        expect(request.operationId).toBe('list_messages');
        expect(request.route).toBe('/channels/{channel_id}/messages');
      }
      expect(validateRequest('list_messages', undefined).ok).toBe(true);
      expect(validateRecordedRequests(listed).failures).toEqual([]);
    });

    it('answers with message objects that fit the 200 response schema', async () => {
      const validate = responseValidator('/channels/{channel_id}/messages', 'get');
      const { body } = await list(discord, busy, { limit: 100 });
      validate(body);
      expect(unexplained(validate.errors ?? [])).toEqual([]);
      // And the validator can fail: a message without its id does not fit.
      expect(validate([{ ...(body as Record<string, unknown>[])[0], id: undefined }])).toBe(false);
    });
  });
});

/**
 * Known gaps of the emulator's user object (`apiUser` in src/local-discord/payloads.ts, shared by every message
 * route): the spec's UserResponse requires `flags` and `primary_guild`, which it does not send yet. Anything
 * else that does not fit the schema fails the test.
 */
const KNOWN_AUTHOR_GAPS = new Set(['flags', 'primary_guild']);

function unexplained(errors: readonly ErrorObject[]): string[] {
  return errors
    .filter(
      (e) =>
        !(
          e.keyword === 'required' &&
          /^\/\d+\/author$/.test(e.instancePath) &&
          KNOWN_AUTHOR_GAPS.has(String((e.params as { missingProperty?: unknown }).missingProperty))
        ),
    )
    .map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

// ajv-formats is CommonJS: under NodeNext its default export arrives wrapped (as in tests/support).
type AddFormats = (ajv: Ajv2020) => unknown;
const addFormats = ((formatsModule as unknown as { default?: AddFormats }).default ??
  (formatsModule as unknown as AddFormats)) as AddFormats;

/** A validator for the JSON 200 response of one operation of Discord's OpenAPI file (the support file checks requests only). */
function responseValidator(path: string, method: string): ValidateFunction {
  const doc = loadOpenApi();
  if (!doc) throw new Error(SPEC_MISSING_MESSAGE);
  const operation = doc.paths[path]?.[method] as
    | { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }
    | undefined;
  const schema = operation?.responses?.['200']?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`no 200 JSON response schema for ${method.toUpperCase()} ${path}`);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('snowflake', true);
  ajv.addFormat('nonce', true);
  ajv.addSchema({ $id: 'https://local-discord.test/components.json', components: doc.components ?? {} });
  const rebased = JSON.parse(
    JSON.stringify(schema).replaceAll(
      '"#/components/',
      '"https://local-discord.test/components.json#/components/',
    ),
  ) as object;
  return ajv.compile(rebased);
}
