import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderArticleFile } from '../../src/corpus/frontmatter.ts';
import type { LoadProblem } from '../../src/corpus/types.ts';
import type { FetchLimits } from '../../src/ingest/fetch.ts';
import { ingest } from '../../src/ingest/pipeline.ts';
import { runIngestCli, useFixtureSite } from './fixtures.ts';

const LIMITS: FetchLimits = { timeoutMs: 400, maxBytes: 64 * 1024, maxRedirects: 5 };
const PAGE = '/2024/03/01/leaked-document-hostile-forces/';
const PAGE_ID = 'leaked-party-document-warns-vietnam-of-hostile-forces';

/** The good article already in the folder. */
const HARBOUR = renderArticleFile(
  {
    title: 'Harbour news',
    url: 'https://example.com/harbour',
    publisher: 'Coast Gazette',
    published: '2024-03-01',
  },
  'The harbour master counted forty boats in March.',
);

const site = useFixtureSite('footnote-ingest-folder-');
let articles: string;

/** An articles folder with one good article, a folder named `x.md` and an editor's lock: a symbolic link to nothing. */
beforeEach(async () => {
  articles = join(site.dataDir, 'articles');
  await mkdir(join(articles, 'x.md'), { recursive: true });
  await symlink(join(site.dataDir, 'nowhere', 'x.md'), join(articles, '.#x.md'));
  await writeFile(join(articles, 'harbour.md'), HARBOUR);
});

describe('ingest into an articles folder with entries that cannot be read', () => {
  it('still adds a new page, and reports the bad entry (not the ignored editor lock)', async () => {
    const problems: LoadProblem[] = [];
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const results = await ingest([site.server.url(PAGE)], {
      dataDir: site.dataDir,
      limits: LIMITS,
      allowPrivate: true,
      logger,
      onProblem: (problem) => problems.push(problem),
    });
    expect(results).toMatchObject([{ status: 'added', id: PAGE_ID }]);
    expect(problems).toEqual([{ file: join(articles, 'x.md'), message: 'a folder, not an article file' }]);
    // Logged as the library loader logs a skipped file.
    expect(lines).toContainEqual(
      expect.objectContaining({ file: join(articles, 'x.md'), msg: 'article file skipped' }),
    );
    expect((await readdir(articles)).sort()).toEqual(
      ['.#x.md', 'harbour.md', `${PAGE_ID}.md`, 'x.md'].sort(),
    );
  });

  it('reports a symbolic link to nothing named like an article, and keeps its id reserved', async () => {
    await symlink(join(site.dataDir, 'nowhere', 'gone.md'), join(articles, 'harbour-news.md'));
    const problems: LoadProblem[] = [];
    const input = join(site.dataDir, 'harbour-again.md');
    await writeFile(
      input,
      renderArticleFile(
        {
          title: 'Harbour news',
          url: 'https://example.com/harbour/2',
          publisher: 'Coast Gazette',
          published: '2024-03-02',
        },
        'The ferry to the island runs twice a day.',
      ),
    );
    const results = await ingest([input], {
      dataDir: site.dataDir,
      onProblem: (problem) => problems.push(problem),
    });
    // `harbour-news` is taken by the dangling link: writing there would replace the link.
    expect(results).toMatchObject([{ status: 'added', id: 'harbour-news-2' }]);
    expect(problems.map(({ file, message }) => ({ file, message }))).toEqual([
      { file: join(articles, 'harbour-news.md'), message: 'a symbolic link to a file that does not exist' },
      { file: join(articles, 'x.md'), message: 'a folder, not an article file' },
    ]);
  });

  it('recognises an article already there despite the bad entries', async () => {
    const input = join(site.dataDir, 'same.md');
    await writeFile(input, HARBOUR);
    expect(await ingest([input], { dataDir: site.dataDir })).toMatchObject([
      { status: 'unchanged', id: 'harbour' },
    ]);
  });

  describe('the ingest command', () => {
    function cli(...argv: string[]) {
      return runIngestCli([...argv, '--data', site.dataDir, '--allow-private']);
    }

    it('names the bad entry on stderr and succeeds', async () => {
      const { code, out, err } = await cli(site.server.url(PAGE));
      expect(code).toBe(0);
      expect(out).toContain(`added     ${PAGE_ID}`);
      expect(err).toBe(`skipped ${join(articles, 'x.md')}: a folder, not an article file\n`);
    });

    it('lists the bad entries in the JSON output', async () => {
      const { code, out } = await cli(site.server.url(PAGE), '--json');
      expect(code).toBe(0);
      const json = JSON.parse(out) as { results: unknown[]; problems: unknown[] };
      expect(json.results).toMatchObject([{ status: 'added', id: PAGE_ID }]);
      expect(json.problems).toMatchObject([
        { file: join(articles, 'x.md'), message: 'a folder, not an article file' },
      ]);
    });
  });
});
