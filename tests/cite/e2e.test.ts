import { MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/discord/limits.ts';
import type { StoredMessage } from '../../src/local-discord/types.ts';
import { buttonsOf, type Harness, startHarness } from '../discord/harness.ts';

type Outcome = Awaited<ReturnType<Harness['discord']['slashCommand']>>;

function shown(outcome: Outcome): StoredMessage {
  const message = outcome.followUps.at(-1) ?? outcome.original;
  if (!message) throw new Error(`no message for interaction ${outcome.interactionId}`);
  return message;
}

function expectSafe(message: StoredMessage) {
  expect(message.content.length).toBeLessThanOrEqual(LIMITS.content);
  expect(message.allowed_mentions).toEqual({ parse: [] });
}

describe('/cite and Find source on the local Discord (end to end)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('registers /cite and the "Find source" message command', () => {
    const commands = h.discord.commands() as { name: string; type?: number }[];
    expect(commands.find((c) => c.name === 'cite')?.type ?? 1).toBe(1);
    expect(commands.find((c) => c.name === 'Find source')?.type).toBe(3);
  });

  describe('/cite', () => {
    it('answers a verbatim quote with the span and its linked citation', async () => {
      const outcome = await h.discord.slashCommand('cite', {
        text: '“It rains in Beijing, Hanoi holds up an umbrella”',
      });
      const message = shown(outcome);
      expectSafe(message);
      expect(message.content).toContain('**Verbatim match** · similarity 1.00');
      expect(message.content).toContain('> It rains in Beijing, Hanoi holds up an umbrella');
      expect(message.content).toContain(
        '#:~:text=It%20rains%20in%20Beijing%2C%20Hanoi%20holds%20up%20an%20umbrella',
      );
    });

    it('answers a changed quote as close, with the differences', async () => {
      const message = shown(
        await h.discord.slashCommand('cite', {
          text: 'Mr. Nguyễn Phú Trọng has visited China three times, the third time was in January 2017',
        }),
      );
      expect(message.content).toContain('**Close match**');
      expect(message.content).toContain('you wrote “three”, the source has “3”');
      expect(message.content).toContain('> Mr. Nguyen Phu Trong has visited China **3** times');
    });

    it('says "not found" for text from outside the library, and neutralises mentions', async () => {
      const message = shown(
        await h.discord.slashCommand('cite', {
          text: '@everyone the Communist Party of Vietnam opened a new zoo in Hanoi',
        }),
      );
      expectSafe(message);
      expect(message.content).toContain('**Not found**');
      expect(message.content).not.toContain('@everyone');
    });

    it('tells the user privately when there is nothing to look up', async () => {
      const outcome = await h.discord.slashCommand('cite', { text: 'hi' });
      const message = shown(outcome);
      expect(message.content).toContain('Nothing to look up');
      expect(message.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    });

    it('answers privately with private: true', async () => {
      const outcome = await h.discord.slashCommand('cite', {
        text: 'Political opposition is not allowed',
        private: true,
      });
      expect(shown(outcome).flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    });
  });

  describe('Find source', () => {
    it('looks up each quote of the target message', async () => {
      const target = h.discord.postUserMessage(
        h.discord.channelId,
        'Apparently "Political opposition is not allowed" and they said «It rains in Beijing, Hanoi holds up an umbrela».',
      );
      const message = shown(await h.discord.messageCommand('Find source', target.id));
      expectSafe(message);
      expect(message.content).toContain('**Looked up:** “Political opposition is not allowed”');
      expect(message.content).toContain('**Verbatim match**');
      expect(message.content).toContain('**Close match**');
      expect(message.content).toContain('spelling: “umbrela” for “umbrella”');
    });

    it('answers privately first; "Post publicly" posts the same text once, saying who looked it up', async () => {
      const target = h.discord.postUserMessage(
        h.discord.channelId,
        'lol "Political opposition is not allowed" right?',
      );
      const message = shown(await h.discord.messageCommand('Find source', target.id));
      expect(message.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
      expect(message.content).toContain('**Verbatim match**');
      const post = buttonsOf(message).get('Post publicly');
      expect(post).toBeDefined();
      const isPublic = (m: StoredMessage) => (m.flags & MessageFlags.Ephemeral) === 0;
      const before = h.discord.channelMessages(h.discord.channelId).filter(isPublic).length;
      const presses = await Promise.all(
        [1, 2, 3].map(() => h.discord.pressButton(message.id, post as string)),
      );
      // The copy is a follow-up sent after the press was acknowledged: wait for it (a loaded machine is slow),
      // then long enough that a second copy would have arrived too.
      const publicMessages = () => h.discord.channelMessages(h.discord.channelId).filter(isPublic);
      for (let waited = 0; publicMessages().length <= before && waited < 3000; waited += 20)
        await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const publicNow = publicMessages();
      expect(publicNow.length).toBe(before + 1);
      const copy = publicNow.at(-1) as StoredMessage;
      expectSafe(copy);
      expect(copy.content).toBe(`-# Looked up by <@${h.discord.userId}>\n${message.content}`);
      expect(buttonsOf(copy).size).toBe(0);
      const notes = presses.map(shown).filter((m) => m.id !== message.id && m.id !== copy.id);
      expect(notes.map((m) => m.content)).toEqual(['This is already posted.', 'This is already posted.']);
    });

    it('looks up a block quote of the target message', async () => {
      const target = h.discord.postUserMessage(
        h.discord.channelId,
        'Is this real?\n> Prison sentences for dissidents are common … the repression has been even worse',
      );
      const message = shown(await h.discord.messageCommand('Find source', target.id));
      expect(message.content).toContain('**Close match**');
      expect(message.content).toContain('~~and in recent years~~');
    });

    it('refuses privately when the message has nothing to look up', async () => {
      const target = h.discord.postUserMessage(h.discord.channelId, 'lol ok');
      const message = shown(await h.discord.messageCommand('Find source', target.id));
      expect(message.content).toContain('Nothing to look up');
      expect(message.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    });
  });
});
