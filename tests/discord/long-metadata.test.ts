import { rm } from 'node:fs/promises';
import { MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/discord/limits.ts';
import type { StoredMessage } from '../../src/local-discord/types.ts';
import { buttonsOf, type Harness, refusedRequests, shown, startHarness } from './harness.ts';
import { writeLongMetadataLibrary } from './long-metadata-library.ts';

const TOWNS = ['Arden', 'Bexley', 'Corvin', 'Dunmore', 'Elston', 'Farrow', 'Gilford', 'Harlow'];

/** The results footer of an /ask page: first and last result shown, and the total. */
function pageOf(message: StoredMessage): { first: number; last: number; total: number } {
  const match = /-# Results? (\d+)(?:–(\d+))? of (\d+)/.exec(message.content);
  if (!match) throw new Error(`no results footer in:\n${message.content}`);
  const first = Number(match[1]);
  return { first, last: Number(match[2] ?? first), total: Number(match[3]) };
}

describe('an article with very long metadata (3,000-character URL, 1,000-character publisher)', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    const river = TOWNS.map(
      (town, i) =>
        `In ${town} the river rose ${i + 2} metres during the spring flood. Residents of ${town} moved their cattle to higher ground.`,
    ).join('\n\n');
    dir = await writeLongMetadataLibrary({
      river,
      harbour: 'The harbour master counted forty boats in March. The ferry to the island runs twice a day.',
    });
    h = await startHarness({ dataDir: dir });
  });
  afterAll(async () => {
    await h?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('/ask shows at least one result on every page, and "More" walks to the end', async () => {
    const question = 'How many metres did the river rise in the spring flood?';
    let message = shown(await h.discord.slashCommand('ask', { question }));
    let page = pageOf(message);
    expect(page.first).toBe(1);
    expect(page.total).toBe(TOWNS.length);
    const seen: number[] = [];
    for (let presses = 0; ; presses++) {
      expect(message.content.length).toBeLessThanOrEqual(LIMITS.content);
      expect(page.last).toBeGreaterThanOrEqual(page.first);
      expect(page.first).toBe((seen.at(-1) ?? 0) + 1);
      for (let rank = page.first; rank <= page.last; rank++) seen.push(rank);
      expect(message.content).toMatch(/^> /m);
      expect(message.content).toMatch(/— The Very Very .*…, 2024-04-02, ¶ \d+/);
      const more = buttonsOf(message).get('More');
      if (!more) break;
      expect(presses).toBeLessThan(TOWNS.length);
      const pressed = await h.discord.pressButton(message.id, more);
      message = shown(pressed);
      page = pageOf(message);
    }
    expect(seen).toEqual(TOWNS.map((_, i) => i + 1));
    expect(refusedRequests(h.discord)).toEqual([]);
  });

  it('/ask limited to the article shows its (cut) title and a result; a private answer posts publicly', async () => {
    const outcome = await h.discord.slashCommand('ask', {
      question: 'Where did residents move their cattle?',
      article: 'river',
      private: true,
    });
    const message = shown(outcome);
    expect(message.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(message.content).toMatch(/Searching only “River report: water water .*…”/);
    expect(pageOf(message).last).toBeGreaterThanOrEqual(1);
    const post = buttonsOf(message).get('Post publicly') as string;
    const copy = shown(await h.discord.pressButton(message.id, post));
    expect(copy.flags & MessageFlags.Ephemeral).toBe(0);
    expect(pageOf(copy).last).toBeGreaterThanOrEqual(1);
    expect(refusedRequests(h.discord)).toEqual([]);
  });

  it('/article shows the article inside every embed limit (the URL is left out where it cannot fit)', async () => {
    const message = shown(await h.discord.slashCommand('article', { title: 'river' }));
    const embed = message.embeds[0] as {
      title: string;
      url?: string;
      fields: { name: string; value: string }[];
    };
    expect(embed.title.length).toBeLessThanOrEqual(LIMITS.embedTitle);
    expect(embed.url).toBeUndefined();
    const byName = Object.fromEntries(embed.fields.map((f) => [f.name, f.value]));
    expect(byName.Publisher?.length).toBeLessThanOrEqual(LIMITS.embedFieldValue);
    expect(byName['Read it']).toMatch(
      /^example\.com\/long-path-segment\/.*… \(the link is too long for Discord\)$/,
    );
    expect(refusedRequests(h.discord)).toEqual([]);
  });

  it('/sources and an abstention naming the article stay inside the limits', async () => {
    const sources = shown(await h.discord.slashCommand('sources', {}));
    const description = (sources.embeds[0] as { description: string }).description;
    expect(description).toContain('**1.**');
    expect(description).toContain('**2.**');
    const near = shown(
      await h.discord.slashCommand('ask', {
        question: 'What did astronauts say about bananas, the moon landing and the river?',
      }),
    );
    expect(near.content.length).toBeLessThanOrEqual(LIMITS.content);
    expect(near.content, near.content).toContain("I couldn't find this in the library.");
    expect(near.content).toMatch(/Nearest articles: .*River report: water/);
    expect(refusedRequests(h.discord)).toEqual([]);
  });
});
