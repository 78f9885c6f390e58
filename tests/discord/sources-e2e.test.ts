import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderArticleFile } from '../../src/corpus/frontmatter.ts';
import { buttonsOf, type Harness, startHarness } from './harness.ts';

describe('/sources paging on the local Discord (a 12-article temp library)', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'footnote-sources-'));
    await mkdir(join(dir, 'articles'));
    for (let i = 1; i <= 12; i++) {
      const meta = {
        title: `Report number ${i}`,
        url: `https://example.com/report-${i}`,
        publisher: 'Example Wire',
        published: `2024-02-${String(i).padStart(2, '0')}`,
      };
      await writeFile(
        join(dir, 'articles', `report-${i}.md`),
        renderArticleFile(meta, `Report ${i} says the river rose ${i} metres.`),
      );
    }
    h = await startHarness({ dataDir: dir });
  });
  afterAll(async () => {
    await h?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('Next and Previous replace the list in place', async () => {
    const outcome = await h.discord.slashCommand('sources', {});
    const first = outcome.original;
    const titleOf = (m: typeof first) => (m?.embeds[0] as { title: string } | undefined)?.title;
    expect(titleOf(first)).toBe('Library — page 1 of 2');
    const next = await h.discord.pressButton(first?.id as string, buttonsOf(first).get('Next') as string);
    expect(next.callback?.type).toBe(7);
    const page2 = h.discord.channelMessages(h.discord.channelId).find((m) => m.id === first?.id);
    expect(titleOf(page2 ?? null)).toBe('Library — page 2 of 2');
    expect(JSON.stringify(page2?.embeds)).toContain('Report number 1]');
    const prev = await h.discord.pressButton(
      first?.id as string,
      buttonsOf(page2 ?? null).get('Previous') as string,
    );
    expect(prev.callback?.type).toBe(7);
    const back = h.discord.channelMessages(h.discord.channelId).find((m) => m.id === first?.id);
    expect(titleOf(back ?? null)).toBe('Library — page 1 of 2');
  });

  it('/sources page: 5 shows the last page', async () => {
    const outcome = await h.discord.slashCommand('sources', { page: 5 });
    expect((outcome.original?.embeds[0] as { title?: string } | undefined)?.title).toBe(
      'Library — page 2 of 2',
    );
  });
});
