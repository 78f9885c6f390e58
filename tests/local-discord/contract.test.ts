import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OPENAPI_SPEC_PATH,
  SPEC_MISSING_MESSAGE,
  specAvailable,
  validateRecordedRequests,
  validateRequest,
} from '../support/openapi-contract.ts';
import { type Harness, startHarness } from './helpers.ts';

const available = specAvailable();
if (!available) console.warn(SPEC_MISSING_MESSAGE);

describe.skipIf(!available)(`contract against ${OPENAPI_SPEC_PATH}`, () => {
  describe('the validator', () => {
    it('accepts a valid callback body and rejects invalid ones', () => {
      expect(
        validateRequest('create_interaction_response', {
          type: 4,
          data: { content: 'hi', allowed_mentions: { parse: [] } },
        }).ok,
      ).toBe(true);
      const wrongType = validateRequest('create_interaction_response', { type: 4, data: { content: 5 } });
      expect(wrongType.ok).toBe(false);
      expect(wrongType.errors.join('\n')).toMatch(/content/);
      expect(validateRequest('create_interaction_response', { type: 42 }).ok).toBe(false);
      expect(validateRequest('no_such_operation', {}).ok).toBe(false);
    });

    it('accepts default_member_permissions as a digit string, as Discord documents it, and nothing looser', () => {
      const command = { name: 'daily', description: 'Daily facts', type: 1 };
      const ok = (value: unknown) =>
        validateRequest('bulk_set_application_commands', [{ ...command, default_member_permissions: value }])
          .ok;
      expect(ok('32')).toBe(true);
      expect(ok(32)).toBe(true);
      expect(ok(null)).toBe(true);
      expect(ok('manage guild')).toBe(false);
      expect(ok(-1)).toBe(false);
    });

    it('flags recorded requests whose body breaks the schema or whose route is not in the spec', () => {
      const base = { status: 200, at: 0, method: 'POST' };
      const result = validateRecordedRequests([
        {
          ...base,
          path: '/channels/1/messages',
          route: '/channels/{channel_id}/messages',
          operationId: 'create_message',
          body: { content: 'ok' },
        },
        {
          ...base,
          path: '/channels/1/messages',
          route: '/channels/{channel_id}/messages',
          operationId: 'create_message',
          body: { embeds: 'no' },
        },
        { ...base, path: '/nowhere', route: null, operationId: null, body: {} },
      ]);
      expect(result.ok).toBe(false);
      expect(result.failures.map((f) => f.path)).toEqual(['/channels/1/messages', '/nowhere']);
    });
  });

  describe('requests sent by discord.js to the local Discord', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness();
      const reply = await h.discord.slashCommand('pick', { fruit: 'apple' });
      await h.discord.pressButton(reply.original?.id ?? '', 'more');
      await h.discord.slashCommand('slow');
      await h.discord.slashCommand('multi', {}, { subcommand: 'follow' });
      await h.discord.autocomplete('pick', { fruit: 'b' }, 'fruit');
      await h.discord.messageCommand(
        'Quote it',
        h.discord.postUserMessage(h.discord.channelId, 'quote me').id,
      );
      await h.client.rest.post(`/channels/${h.discord.channelId}/messages`, {
        body: { content: 'plain', nonce: 'abc', enforce_nonce: true, allowed_mentions: { parse: [] } },
      });
    });
    afterAll(async () => {
      await h.stop();
    });

    it('records route templates and operationIds from the spec', () => {
      const ops = new Set(h.discord.requests.map((r) => r.operationId));
      for (const op of [
        'get_bot_gateway',
        'bulk_set_guild_application_commands',
        'create_interaction_response',
        'update_original_webhook_message',
        'execute_webhook',
        'create_message',
      ]) {
        expect(ops).toContain(op);
      }
      expect(h.discord.requests.find((r) => r.method === 'PATCH')?.route).toBe(
        '/webhooks/{webhook_id}/{webhook_token}/messages/@original',
      );
    });

    it('every recorded request validates against its route schema', () => {
      const result = validateRecordedRequests(h.discord.requests);
      expect(result.failures).toEqual([]);
      expect(result.checked).toBeGreaterThanOrEqual(8);
    });
  });
});
