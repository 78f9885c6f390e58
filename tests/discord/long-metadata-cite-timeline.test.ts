import { rm } from 'node:fs/promises';
import type { APIEmbed } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/discord/limits.ts';
import { escapeVerbatim } from '../../src/discord/markdown.ts';
import type { StoredMessage } from '../../src/local-discord/types.ts';
import { buttonsOf, type Harness, refusedRequests, shown, startHarness } from './harness.ts';
import { writeLongMetadataLibrary } from './long-metadata-library.ts';

/** Dated events of the long-metadata article, one a paragraph, in date order. */
const RIVER_EVENTS = [
  ['On 12 March 2019 the river at Arden rose two metres during the spring flood.', '12 March 2019'],
  ['On 3 May 2020 residents of Bexley moved their cattle to higher ground.', '3 May 2020'],
  ['On 9 June 2021 the old bridge at Corvin was closed to traffic.', '9 June 2021'],
  ['On 14 July 2022 engineers at Dunmore finished the new flood wall.', '14 July 2022'],
  ['On 21 August 2023 a barge ran aground near Elston after the water fell.', '21 August 2023'],
  ['On 2 February 2024 the council of Farrow voted to dredge the channel.', '2 February 2024'],
] as const;
const HARBOUR_EVENT = [
  'On 4 January 2024 the harbour master counted forty boats in the bay.',
  '4 January 2024',
] as const;
/** How a cut publisher shows in a citation: its start, then "…". */
const CUT_PUBLISHER = /The Very Very [^\n]*…/;

function embedOf(message: StoredMessage): APIEmbed {
  const embed = message.embeds[0] as APIEmbed | undefined;
  if (!embed) throw new Error(`no embed in message ${message.id}`);
  return embed;
}

/** Every embed of a message inside Discord's limits (the local Discord also checks them). */
function expectEmbedWithinLimits(embed: APIEmbed) {
  expect(embed.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedDescription);
  expect(
    (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0),
  ).toBeLessThanOrEqual(LIMITS.embedTotal);
  expect(embed.url?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedUrl);
}

describe('/cite and the timeline with very long metadata (3,000-character URL, 1,000-character publisher)', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    dir = await writeLongMetadataLibrary({
      river: RIVER_EVENTS.map(([sentence]) => sentence).join('\n\n'),
      harbour: `${HARBOUR_EVENT[0]} The ferry to the island runs twice a day.`,
    });
    // 12 March: the river's first event is "on this day" for /today.
    h = await startHarness({ dataDir: dir, now: () => new Date('2025-03-12T12:00:00Z') });
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  describe('/cite', () => {
    it('shows every quote’s match with its citation; a link that fits is kept', async () => {
      const quotes = [RIVER_EVENTS[0][0], RIVER_EVENTS[3][0], HARBOUR_EVENT[0]];
      const message = shown(
        await h.discord.slashCommand('cite', { text: quotes.map((quote) => `“${quote}”`).join(' and ') }),
      );
      const { content } = message;
      expect(content.length).toBeLessThanOrEqual(LIMITS.content);
      expect(content).not.toContain('not shown');
      expect(content.match(/\*\*Verbatim match\*\*/g)).toHaveLength(quotes.length);
      // The matched span (without the sentence's full stop), whole, then its citation line.
      for (const quote of quotes) expect(content).toContain(`> ${escapeVerbatim(quote.slice(0, -1))}\n`);
      // The long article's citations: cut title and publisher, no link (none fits in a message).
      const riverCitations = content.split('\n').filter((line) => line.startsWith('River report'));
      expect(riverCitations).toHaveLength(2);
      for (const line of riverCitations) {
        expect(line).toMatch(CUT_PUBLISHER);
        expect(line).toMatch(/, 2024-04-02, ¶ [14]$/);
        expect(line).not.toContain('](');
      }
      // The short article keeps the link to the quoted words.
      expect(content).toMatch(
        /\[Harbour news\]\(<https:\/\/example\.com\/harbour#:~:text=[^>]+>\) — Coast Gazette, 2024-03-01, ¶ 1/,
      );
      expect(refusedRequests(h.discord)).toEqual([]);
    });
  });

  describe('/timeline', () => {
    it('shows every event of every page with its citation, inside the embed limits', async () => {
      const events = [RIVER_EVENTS[0], RIVER_EVENTS[1], RIVER_EVENTS[2], RIVER_EVENTS[3], RIVER_EVENTS[4]];
      const later = [HARBOUR_EVENT, RIVER_EVENTS[5]];
      let message = shown(await h.discord.slashCommand('timeline', {}));
      for (const [index, page] of [events, later].entries()) {
        const embed = embedOf(message);
        expectEmbedWithinLimits(embed);
        expect(embed.footer?.text).toBe(`Page ${index + 1} of 2 · 7 events`);
        const description = embed.description ?? '';
        for (const [sentence, date] of page) {
          expect(description).toContain(`**${date}**\n> ${escapeVerbatim(sentence)}\n— `);
        }
        const citations = description.split('\n').filter((line) => line.startsWith('— '));
        expect(citations).toHaveLength(page.length);
        for (const line of citations.filter((c) => c.includes('River report'))) {
          expect(line).toMatch(CUT_PUBLISHER);
          expect(line).toMatch(/ · 2024-04-02 · ¶\d$/);
        }
        const next = buttonsOf(message).get('Next');
        if (index === 0) {
          if (!next) throw new Error('no Next button');
          message = shown(await h.discord.pressButton(message.id, next));
        }
      }
      // The short article keeps the link to its sentence.
      expect(embedOf(message).description).toMatch(
        /— \[Harbour news\]\(<?https:\/\/example\.com\/harbour#:~:text=[^)]+\) · Coast Gazette · 2024-03-01 · ¶1/,
      );
      expect(refusedRequests(h.discord)).toEqual([]);
    });
  });

  describe('/today', () => {
    it('shows the fact with its citation, and no embed link too long for Discord', async () => {
      const embed = embedOf(shown(await h.discord.slashCommand('today', {})));
      expectEmbedWithinLimits(embed);
      expect(embed.title).toBe('On this day, 12 March 2019');
      const description = embed.description ?? '';
      expect(description).toContain(`> ${escapeVerbatim(RIVER_EVENTS[0][0])}\n\n— `);
      expect(description).toMatch(CUT_PUBLISHER);
      expect(description).toMatch(/ · 2024-04-02 · ¶1$/);
      expect(refusedRequests(h.discord)).toEqual([]);
    });
  });
});
