import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/corpus/load.ts';
import { isRealIsoDate } from '../../src/corpus/schema.ts';
import { toIsoDate } from '../../src/ingest/date.ts';
import { resolveDraft } from '../../src/ingest/draft.ts';
import { ingest } from '../../src/ingest/pipeline.ts';

/** Publication dates as pages, feeds and front matter have been seen to write them, the odd ones included. */
const ODD_DATES = [
  '2024-03-05',
  '2024-02-30',
  '2024-02-29',
  '2023-02-29',
  '0000-00-00',
  '0000-01-01',
  '0999-12-31',
  '99999-01-01',
  '99999',
  '+099999-01-01',
  '10000-01-01',
  '275760-09-13',
  '-000001-01-01',
  '9999-12-31T23:59:59Z',
  '9999-12-31T23:59:59-14:00',
  'Sat, 31 Dec 9999 23:00:00 -1200',
  'Dec 31 9999 23:00 -1400',
  'January 1, 10000',
  '1/1/10000',
  '2024-03-05T23:30:00-05:00',
  '2024-03-05T10:00',
  '2024-03-05 10:00:00+07',
  'Tue, 5 Mar 2024 10:00:00 GMT',
  'Mon, 5 Mar 2024 10:00:00 GMT',
  'Sun, 1 Jan 0000 00:00:00 GMT',
  '2024',
  '2024-03',
  '20240305',
  '1710000000',
  'soon',
  ' ',
];

/** Paragraphs enough for ingest to take a page for an article. */
const PAGE_TEXT = (i: number) =>
  Array.from(
    { length: 4 },
    (_, p) =>
      `<p>Paragraph ${p + 1} of page number ${i}: the ministers met in the capital and agreed on a plan for the coming years, after a long debate about the budget and the schedule.</p>`,
  ).join('');

describe('publication dates: whatever ingest writes, the loader loads', () => {
  let work: string;
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'footnote-published-'));
  });
  afterEach(() => rm(work, { recursive: true, force: true }));

  it('toIsoDate gives a date the loader accepts, or nothing, for odd and arbitrary strings', () => {
    for (const odd of ODD_DATES) {
      const date = toIsoDate(odd);
      if (date !== undefined) expect(isRealIsoDate(date), `${odd} → ${date}`).toBe(true);
    }
    const dateLike = fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
      fc.date({ noInvalidDate: true }).map((d) => d.toString()),
      fc.tuple(fc.nat(120000), fc.nat(20), fc.nat(40)).map(([y, m, d]) => `${y}-${m}-${d}`),
      fc.string(),
    );
    fc.assert(
      fc.property(dateLike, (text) => {
        const date = toIsoDate(text);
        return date === undefined || isRealIsoDate(date);
      }),
      { numRuns: 2000 },
    );
  });

  it('ingests each odd date from front matter and from a page meta tag: the file loads, or nothing is written', async () => {
    const inbox = join(work, 'inbox');
    const dataDir = join(work, 'data');
    await mkdir(inbox);
    await Promise.all(
      ODD_DATES.flatMap((odd, i) => [
        writeFile(
          join(inbox, `note-${i}.md`),
          `---\ntitle: Note ${i}\nurl: https://example.org/note-${i}\npublisher: Example\npublished: ${JSON.stringify(odd)}\n---\n\nThe text of note number ${i}.\n`,
        ),
        writeFile(
          join(inbox, `page-${i}.html`),
          `<!DOCTYPE html><html lang="en"><head><title>Page ${i}</title><link rel="canonical" href="https://example.org/page-${i}"><meta property="og:type" content="article"><meta property="article:published_time" content="${odd}"></head><body><article><h1>Page ${i}</h1>${PAGE_TEXT(i)}</article></body></html>`,
        ),
      ]),
    );
    const results = await ingest([inbox], { dataDir });
    expect(results).toHaveLength(ODD_DATES.length * 2);
    for (const result of results) expect(['added', 'failed']).toContain(result.status);
    // Both kinds of source were really read: a plain date is kept from each.
    const status = (name: string) => results.find((r) => r.input.endsWith(name))?.status;
    expect([status('note-0.md'), status('page-0.html')]).toEqual(['added', 'added']);
    expect([status('note-7.md'), status('page-7.html')]).toEqual(['failed', 'failed']);
    const added = results.filter((r) => r.status === 'added').length;
    const loaded = await loadArticles(join(dataDir, 'articles'));
    expect(loaded.problems).toEqual([]);
    expect(loaded.articles).toHaveLength(added);
    for (const article of loaded.articles) expect(isRealIsoDate(article.published)).toBe(true);
  });

  it('reads a date-time in its own zone whatever the machine’s zone, even with a wrong weekday', () => {
    const zone = process.env.TZ;
    try {
      for (const tz of ['Pacific/Pago_Pago', 'Pacific/Kiritimati', 'UTC']) {
        process.env.TZ = tz;
        expect(toIsoDate('Mon, 5 Mar 2024 10:00:00 GMT'), tz).toBe('2024-03-05');
        expect(toIsoDate('Tue, 5 Mar 2024 23:30:00 -0500'), tz).toBe('2024-03-05');
        expect(toIsoDate('2024-03'), tz).toBe('2024-03-01');
        expect(toIsoDate('2024'), tz).toBe('2024-01-01');
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('resolveDraft skips a date the loader would reject, says so, and takes the next source’s', () => {
    const url = 'https://example.org/x';
    const { draft, notes } = resolveDraft(
      [{ title: 'X', url, published: '+099999-01-01' }, { published: '2024-03-05' }],
      'Body.',
    );
    expect(draft.published).toBe('2024-03-05');
    expect(notes).toContain(
      'ignored the publication date "+099999-01-01" (expected a real date, YYYY-MM-DD)',
    );
    expect(() => resolveDraft([{ title: 'X', url, published: '2024-02-30' }], 'Body.')).toThrow(
      /missing publication date \("2024-02-30" is not a real date; pass --published YYYY-MM-DD\)/,
    );
  });
});
