import { MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../src/local-discord/types.ts';
import { type Harness, startHarness } from './harness.ts';

/** Accepted first callbacks per interaction id, from the requests the emulator recorded. */
function acceptedCallbacks(requests: readonly RecordedRequest[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of requests) {
    const id = /^\/interactions\/(\d+)\/[^/]+\/callback/.exec(request.path)?.[1];
    if (id && request.status >= 200 && request.status < 300) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

describe('faults: rate limits and gateway drops', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('after a 429 with Retry-After and a gateway close 4000, every interaction is answered exactly once', async () => {
    const questions = [
      'Who obtained Directive 24?',
      'China train cadres Vietnam party school',
      'Who obtained Directive 24?',
    ];
    h.discord.faults.rateLimit({
      operationId: 'create_interaction_response',
      count: 1,
      retryAfterSeconds: 0.3,
    });
    const before = h.discord.slashCommand('ask', { question: questions[0] as string });
    const beforeOutcome = await before;

    h.discord.faults.rateLimit({
      operationId: 'update_original_webhook_message',
      count: 1,
      retryAfterSeconds: 0.2,
    });
    h.discord.faults.closeGateway(4000);
    const after = await Promise.all(questions.map((question) => h.discord.slashCommand('ask', { question })));
    const outcomes = [beforeOutcome, ...after, await h.discord.slashCommand('about', {})];

    const counts = acceptedCallbacks(h.discord.requests);
    for (const outcome of outcomes) {
      expect(outcome.callback).not.toBeNull();
      expect(counts.get(outcome.interactionId)).toBe(1);
    }
    for (const outcome of outcomes.slice(0, 4)) expect(outcome.original?.content).toMatch(/^\*\*.+\*\*\n/);
    expect(h.discord.requests.some((r) => r.status === 429)).toBe(true);
    expect(h.logs.some((line) => line.msg === 'gateway closed' || line.msg === 'gateway resumed')).toBe(true);
  });

  it('still answers after a gateway close 1000 (re-identify) and a 5xx', async () => {
    h.discord.faults.closeGateway(1000);
    h.discord.faults.serverError({ operationId: 'update_original_webhook_message', count: 1, status: 502 });
    // Re-identifying waits ~0.5 s and the 502 is retried: allow for a loaded CI machine.
    const outcome = await h.discord.slashCommand(
      'ask',
      { question: 'Who obtained Directive 24?' },
      { waitMs: 20_000 },
    );
    expect(acceptedCallbacks(h.discord.requests).get(outcome.interactionId)).toBe(1);
    const text = outcome.original?.content ?? outcome.followUps.at(-1)?.content ?? '';
    // discord.js retries a 5xx; either way the user is told something, once.
    expect(text.length).toBeGreaterThan(0);
    expect((outcome.original?.flags ?? 0) & MessageFlags.Ephemeral).toBe(0);
  });
});
