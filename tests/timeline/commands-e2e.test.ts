import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, type Harness, startHarness } from '../discord/harness.ts';

/** Callback types: 4 a reply, 5 a deferred reply, 6 a deferred update, 7 an update. */
describe('/timeline and /today over the local Discord', () => {
  describe('with a library opened in this thread (its timeline computed on first use)', () => {
    let harness: Harness;
    beforeAll(async () => {
      harness = await startHarness();
    }, 30_000);
    afterAll(() => harness?.stop());

    it('defers while the timeline is not computed yet, then answers at once', async () => {
      expect(harness.library.timeline.ready).toBe(false);
      const first = await harness.discord.slashCommand('timeline', {});
      expect(first.callback?.type).toBe(5);
      const embed = first.original?.embeds[0] as { footer?: { text: string } } | undefined;
      expect(embed?.footer?.text).toBe('Page 1 of 2 · 9 events');
      expect(harness.library.timeline.ready).toBe(true);

      const next = buttonsOf(first.original).get('Next');
      if (!first.original || !next) throw new Error('no Next button');
      const page = await harness.discord.pressButton(first.original.id, next);
      expect(page.callback?.type).toBe(7);
      const today = await harness.discord.slashCommand('today', {});
      expect(today.callback?.type).toBe(4);
      expect(today.original?.embeds).toHaveLength(1);
    });

    it('still refuses a bad date at once, privately', async () => {
      const bad = await harness.discord.slashCommand('timeline', { from: 'last year' });
      expect(bad.callback?.type).toBe(4);
      expect((bad.callback?.data as { flags?: number } | undefined)?.flags).toBe(64);
    });
  });
});
