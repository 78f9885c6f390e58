import { MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/local-discord/types.ts';
import { buttonsOf, type Harness, shown, startHarness } from './harness.ts';

const QUESTION = 'Why does Vietnam let China train its cadres?';
const STRANGER = '222222222222222222';

/** A button of a stored message by label, with its disabled state. */
function button(message: StoredMessage | undefined, label: string) {
  for (const row of (message?.components ?? []) as { components?: Record<string, unknown>[] }[]) {
    for (const component of row.components ?? []) if (component.label === label) return component;
  }
  return undefined;
}

describe('/ask buttons cannot be used to flood a channel', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const publicMessages = () => h.discord.channelMessages(h.discord.channelId);
  const current = (id: string) => publicMessages().find((m) => m.id === id);

  it('20 presses of "More" on a public answer post the next page once, and the used button is disabled', async () => {
    const first = shown(await h.discord.slashCommand('ask', { question: QUESTION }));
    const more = buttonsOf(first).get('More') as string;
    expect(more).toBeDefined();
    const before = publicMessages().length;
    // Pressed before any press is handled (a double-click, or several members at once).
    const presses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        h.discord.pressButton(first.id, more, { userId: i % 2 === 0 ? h.discord.userId : STRANGER }),
      ),
    );
    expect(publicMessages().length).toBe(before + 1);
    const page2 = publicMessages().at(-1) as StoredMessage;
    expect(page2.content).toMatch(/\*\*\[4\]\*\*/);
    expect(button(current(first.id), 'More')?.disabled).toBe(true);
    // Every press was answered; the extra ones with a short private note.
    for (const press of presses) expect(press.callback).not.toBeNull();
    const notes = presses.map(shown).filter((m) => m.flags & MessageFlags.Ephemeral);
    expect(notes.map((m) => m.content)).toEqual(Array(19).fill('That page is already shown below.'));
  });

  it('20 presses of "Post publicly" post the answer once; the button then says it was posted', async () => {
    const answer = shown(await h.discord.slashCommand('ask', { question: QUESTION, private: true }));
    const post = buttonsOf(answer).get('Post publicly') as string;
    const before = publicMessages().length;
    const presses = await Promise.all(
      Array.from({ length: 20 }, () => h.discord.pressButton(answer.id, post)),
    );
    expect(publicMessages().length).toBe(before + 1);
    expect(publicMessages().at(-1)?.content).toContain(`Asked by <@${h.discord.userId}>`);
    const privateNow = presses.map((p) => p.original).find((m) => m?.id === answer.id);
    expect(button(privateNow ?? undefined, 'Posted publicly')?.disabled).toBe(true);
    const notes = presses.map(shown).filter((m) => m.id !== answer.id && m.flags & MessageFlags.Ephemeral);
    expect(notes.map((m) => m.content)).toEqual(Array(19).fill('This answer is already posted.'));
  });

  it("another member pressing a private answer's buttons gets a short private refusal, and nothing is posted", async () => {
    const answer = shown(await h.discord.slashCommand('ask', { question: QUESTION, private: true }));
    const before = publicMessages().length;
    for (const label of ['Post publicly', 'More']) {
      const id = buttonsOf(answer).get(label) as string;
      expect(id).toBeDefined();
      const press = shown(await h.discord.pressButton(answer.id, id, { userId: STRANGER }));
      expect(press.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
      expect(press.content).toBe('Only the person who asked can use the buttons of a private answer.');
    }
    expect(publicMessages().length).toBe(before);
  });
});

describe('per-user cooldown: /ask and its buttons', () => {
  let h: Harness;
  let now = Date.parse('2025-01-01T00:00:00Z');
  beforeAll(async () => {
    h = await startHarness({ env: { ASK_COOLDOWN_SECONDS: '30' }, now: () => new Date(now) });
  });
  afterAll(async () => {
    await h?.stop();
  });
  // Each test starts with no cooldown running.
  beforeEach(() => {
    now += 60_000;
  });

  it('answers a second /ask too soon with a short ephemeral "try again in N s"', async () => {
    const q = { question: 'Why does Vietnam let China train its cadres?' };
    const first = shown(await h.discord.slashCommand('ask', q));
    expect(first.content).toMatch(/^> /m);
    now += 10_000;
    const second = shown(await h.discord.slashCommand('ask', q));
    expect(second.content).toMatch(/try \/ask again in 20 s/);
    expect(second.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    const other = shown(await h.discord.slashCommand('ask', q, { userId: '333333333333333333' }));
    expect(other.content).toMatch(/^> /m);
    now += 21_000;
    const later = shown(await h.discord.slashCommand('ask', q));
    expect(later.content).toMatch(/^> /m);
  });

  it('"More" right after /ask is refused with the time left; later it works; Delete is never refused', async () => {
    const first = shown(await h.discord.slashCommand('ask', { question: QUESTION }));
    const more = buttonsOf(first).get('More') as string;
    now += 10_000;
    const early = shown(await h.discord.pressButton(first.id, more));
    expect(early.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(early.content).toBe('Slow down a little: try again in 20 s.');
    const count = h.discord.channelMessages(h.discord.channelId).length;
    expect(
      button(
        h.discord.channelMessages(h.discord.channelId).find((m) => m.id === first.id),
        'More',
      )?.disabled,
    ).not.toBe(true);

    now += 21_000;
    const page2 = shown(await h.discord.pressButton(first.id, more));
    expect(page2.content).toMatch(/\*\*\[4\]\*\*/);
    expect(h.discord.channelMessages(h.discord.channelId).length).toBe(count + 1);

    // The page just posted started a new cooldown; "/ask" is refused too, Delete is not.
    const again = shown(await h.discord.slashCommand('ask', { question: QUESTION }));
    expect(again.content).toMatch(/try \/ask again in 30 s/);
    const del = buttonsOf(page2).get('Delete') as string;
    await h.discord.pressButton(page2.id, del);
    expect(h.discord.channelMessages(h.discord.channelId).some((m) => m.id === page2.id)).toBe(false);
  });
});
