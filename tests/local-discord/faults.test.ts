import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './helpers.ts';

const callbacksOf = (h: Harness, interactionId: string) =>
  h.discord.requests.filter((r) => r.path.startsWith(`/interactions/${interactionId}/`));

describe('fault injection', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.stop();
  });

  describe('REST faults', () => {
    it('429 with Retry-After is retried by discord.js and the interaction is answered exactly once', async () => {
      h.discord.faults.rateLimit({ operationId: 'create_interaction_response', retryAfterSeconds: 0.2 });
      const outcome = await h.discord.slashCommand('echo', { text: 'after a 429' });
      expect(outcome.original?.content).toBe('after a 429');
      expect(callbacksOf(h, outcome.interactionId).map((r) => r.status)).toEqual([429, 204]);
      expect(h.state.handled.get(outcome.interactionId)).toBe(1);
      expect(h.state.errors).toEqual([]);
    });

    it('sends Retry-After and the JSON body on an injected 429', async () => {
      h.discord.faults.rateLimit({ retryAfterSeconds: 1.5, global: true });
      const response = await fetch(`${h.discord.restApiBase}/v10/users/@me`, {
        headers: { Authorization: 'Bot x' },
      });
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('1.5');
      expect(await response.json()).toEqual({
        message: 'You are being rate limited.',
        retry_after: 1.5,
        global: true,
      });
    });

    it('a 5xx on the edit is retried and the deferred reply still completes', async () => {
      h.discord.faults.serverError({ operationId: 'update_original_webhook_message', status: 502 });
      const outcome = await h.discord.slashCommand('slow', { count: 2 });
      expect(outcome.original?.content).toBe('done 2');
      const edits = h.discord.requests.filter(
        (r) => r.operationId === 'update_original_webhook_message' || r.method === 'PATCH',
      );
      expect(edits.map((r) => r.status)).toEqual([502, 200]);
    });

    it('sends advisory X-RateLimit headers on normal answers', async () => {
      const response = await fetch(`${h.discord.restApiBase}/v10/users/@me`, {
        headers: { Authorization: 'Bot x' },
      });
      expect(response.headers.get('x-ratelimit-limit')).toBe('50');
      expect(Number(response.headers.get('x-ratelimit-remaining'))).toBeLessThan(50);
      expect(response.headers.get('x-ratelimit-bucket')).toBeTruthy();
    });
  });

  describe('gateway faults', () => {
    it('close 4000: the client resumes and the interaction sent meanwhile is replayed and answered once', async () => {
      h.discord.faults.closeGateway(4000);
      const outcome = await h.discord.slashCommand('echo', { text: 'while resuming' });
      expect(outcome.original?.content).toBe('while resuming');
      expect(h.state.handled.get(outcome.interactionId)).toBe(1);
      expect(h.discord.gatewayStats()).toMatchObject({ identifies: 1, resumes: 1 });
    });

    it('close 1000: the session ends and the client identifies again', async () => {
      h.discord.faults.closeGateway(1000);
      const outcome = await h.discord.slashCommand('echo', { text: 'new session' });
      expect(outcome.original?.content).toBe('new session');
      expect(h.discord.gatewayStats()).toMatchObject({ identifies: 2, resumes: 0 });
    });

    it('op 9 not resumable: the client identifies again', async () => {
      h.discord.faults.invalidSession(false);
      const outcome = await h.discord.slashCommand('echo', { text: 'after invalid session' });
      expect(outcome.original?.content).toBe('after invalid session');
      expect(h.discord.gatewayStats().identifies).toBe(2);
    });

    it('op 9 resumable and op 7: the client resumes', async () => {
      h.discord.faults.invalidSession(true);
      const first = await h.discord.slashCommand('echo', { text: 'one' });
      h.discord.faults.reconnect();
      const second = await h.discord.slashCommand('echo', { text: 'two' });
      expect([first.original?.content, second.original?.content]).toEqual(['one', 'two']);
      expect(h.discord.gatewayStats()).toMatchObject({ identifies: 1, resumes: 2 });
    });

    it('after a 429 and a gateway drop mid-session, every interaction is answered exactly once', async () => {
      const texts = ['a', 'b', 'c', 'd'];
      const outcomes = [];
      for (const [i, text] of texts.entries()) {
        if (i === 1)
          h.discord.faults.rateLimit({ operationId: 'create_interaction_response', retryAfterSeconds: 0.1 });
        if (i === 2) h.discord.faults.closeGateway(4000);
        outcomes.push(await h.discord.slashCommand('echo', { text }));
      }
      expect(outcomes.map((o) => o.original?.content)).toEqual(texts);
      for (const o of outcomes) {
        expect(h.state.handled.get(o.interactionId)).toBe(1);
        expect(callbacksOf(h, o.interactionId).filter((r) => r.status === 204)).toHaveLength(1);
      }
    });
  });
});
