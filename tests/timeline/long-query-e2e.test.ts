import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import timeline from '../../commands/timeline.ts';
import { buttonsOf, type Harness, refusedRequests, startHarness } from '../discord/harness.ts';

/** Discord's custom_id limit. */
const CUSTOM_ID_MAX = 100;

// A query as long as the option allows, with what custom_id escaping makes longer (`:` and `%` take three
// characters each) and markdown that the title shows escaped.
const QUERY = 'Hanoi: cadres: 100% *trained* _in_ [Beijing]: the “resource planning” course: 2023: ~~x~~ |y|';
// 40 characters (the old limit) that did not fit either with both dates: every `:` takes three characters.
const COLONS = 'a:b:c:d:e:f:g:h:i:j:k:l:m:n:o:p:q:r:s:t:';

const DAYS = [
  '2023-01-05',
  '2023-02-06',
  '2023-03-07',
  '2023-04-08',
  '2023-05-09',
  '2023-06-10',
  '2023-07-11',
];

function articleFile(): string {
  const sentences = DAYS.map(
    (day, i) =>
      `On ${day.replace(/^(\d+)-(\d+)-(\d+)$/u, (_m, y, m, d) => `${Number(d)} ${['January', 'February', 'March', 'April', 'May', 'June', 'July'][Number(m) - 1]} ${y}`)}, event ${i + 1} happened: ${QUERY} ${COLONS}.`,
  );
  return [
    '---',
    'title: Long queries',
    'url: https://example.org/long-queries',
    'publisher: Example',
    'published: 2024-03-01',
    '---',
    '',
    sentences.join('\n\n'),
    '',
  ].join('\n');
}

describe('/timeline with a query too long for a custom_id', () => {
  let harness: Harness;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'footnote-long-query-'));
    await mkdir(join(dataDir, 'articles'));
    await writeFile(join(dataDir, 'articles', 'long-queries.md'), articleFile());
    harness = await startHarness({ dataDir });
  }, 30_000);
  afterAll(async () => {
    await harness?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('allows a query of 100 characters', () => {
    const option = timeline.data.toJSON().options?.find((o) => o.name === 'query') as { max_length?: number };
    expect(QUERY.length).toBeLessThanOrEqual(100);
    expect(option.max_length).toBe(100);
  });

  for (const [name, query] of [
    ['a 100-character query with markdown', QUERY],
    ['40 characters of colons', COLONS],
  ] as const) {
    it(`pages forward and back with ${name}`, async () => {
      const first = await harness.discord.slashCommand('timeline', {
        query,
        from: '2023-01-01',
        to: '2023-12-31',
      });
      const embed = first.original?.embeds[0] as { title?: string; footer?: { text: string } } | undefined;
      expect(embed?.footer?.text).toBe('Page 1 of 2 · 7 events');
      const next = buttonsOf(first.original).get('Next');
      if (!first.original || !next) throw new Error('no Next button');
      expect(next.length).toBeLessThanOrEqual(CUSTOM_ID_MAX);

      const second = await harness.discord.pressButton(first.original.id, next);
      expect(second.callback?.type).toBe(7);
      const page2 = second.original?.embeds[0] as { title?: string; footer?: { text: string } } | undefined;
      expect(page2?.footer?.text).toBe('Page 2 of 2 · 7 events');
      expect(page2?.title).toBe(embed?.title);

      const previous = buttonsOf(second.original).get('Previous');
      if (!previous) throw new Error('no Previous button');
      const back = await harness.discord.pressButton(first.original.id, previous);
      const page1 = back.original?.embeds[0] as { footer?: { text: string } } | undefined;
      expect(page1?.footer?.text).toBe('Page 1 of 2 · 7 events');
      expect(refusedRequests(harness.discord)).toEqual([]);
    });
  }

  it('says so, privately and shortly, when a button’s query can no longer be read back', async () => {
    const first = await harness.discord.slashCommand('timeline', { query: QUERY });
    const next = buttonsOf(first.original).get('Next');
    if (!first.original || !next) throw new Error('no Next button');
    // The message no longer shows the query the button saved (edited, or cut): the button cannot be honoured.
    const stored = harness.discord
      .channelMessages(harness.discord.channelId)
      .find((message) => message.id === first.original?.id);
    const storedEmbed = stored?.embeds[0] as { title?: string } | undefined;
    if (!storedEmbed) throw new Error('message not stored');
    storedEmbed.title = 'Timeline (matching “something else”)';
    const pressed = await harness.discord.pressButton(first.original.id, next);
    expect(pressed.callback?.type).toBe(4);
    const data = pressed.callback?.data as { content?: string; flags?: number } | undefined;
    expect(data?.flags).toBe(64);
    expect(data?.content).toMatch(/no longer.*\/timeline/u);
    expect(data?.content?.length).toBeLessThan(150);
  });
});
