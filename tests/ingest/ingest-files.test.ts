import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/corpus/load.ts';
import { splitIntoPassages } from '../../src/corpus/passages.ts';
import { ingest } from '../../src/ingest/pipeline.ts';
import { runIngestCli } from './fixtures.ts';

const SHARED_CORPUS = '/work/shared/corpus';

let work: string;
let dataDir: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'footnote-ingest-files-'));
  dataDir = join(work, 'data');
  return () => rm(work, { recursive: true, force: true });
});

async function file(name: string, text: string | Buffer): Promise<string> {
  const path = join(work, name);
  await writeFile(path, text);
  return path;
}

async function loaded() {
  const result = await loadArticles(join(dataDir, 'articles'));
  expect(result.problems).toEqual([]);
  return result.articles;
}

function cli(...argv: string[]) {
  return runIngestCli([...argv, '--data', dataDir]);
}

describe('ingest from files', () => {
  describe('Markdown with front matter', () => {
    it('keeps the metadata and tags, drops a repeated title heading and Markdown marks', async () => {
      const path = await file(
        'note.md',
        [
          '---',
          'title: "Hanoi and the \\"hostile forces\\""',
          'url: https://example.org/hanoi',
          'publisher: Example Org',
          'published: 2024-03-02',
          'tags: [vietnam, politics]',
          '---',
          '',
          '# Hanoi and the "hostile forces"',
          '',
          'The **Politburo** issued a [directive](https://example.org/d24) last July,',
          'warning cadres about *peaceful evolution*.',
          '',
          '',
          'A second paragraph.',
        ].join('\n'),
      );
      const [result] = await ingest([path], { dataDir });
      expect(result).toMatchObject({ status: 'added', id: 'hanoi-and-the-hostile-forces' });
      const [article] = await loaded();
      expect(article).toMatchObject({
        title: 'Hanoi and the "hostile forces"',
        url: 'https://example.org/hanoi',
        publisher: 'Example Org',
        published: '2024-03-02',
        tags: ['vietnam', 'politics'],
        body: 'The Politburo issued a directive last July, warning cadres about peaceful evolution.\n\nA second paragraph.',
      });
    });
  });

  describe('plain text without front matter', () => {
    it('fails with missing-metadata naming the flags when URL and date are unknown', async () => {
      const path = await file('story.txt', 'A title\n\nSome text of the story.\n');
      const [result] = await ingest([path], { dataDir });
      expect(result).toMatchObject({ status: 'failed', code: 'missing-metadata' });
      expect(result?.reason).toMatch(/--url/);
      expect(result?.reason).toMatch(/--published/);
      expect(await readdir(join(dataDir, 'articles'))).toEqual([]);
    });

    it('takes the title from the first line and the rest from the flags', async () => {
      const path = await file(
        'story.txt',
        'Ministers meet in Hanoi\n\nThe ministers met\non Tuesday.\n\n\nThey agreed   on little.\n',
      );
      const [result] = await ingest([path], {
        dataDir,
        overrides: { url: 'https://news.example/ministers', published: '2024-05-07' },
      });
      expect(result).toMatchObject({ status: 'added', id: 'ministers-meet-in-hanoi' });
      expect(result?.notes).toEqual(['publisher defaulted to "news.example" (pass --publisher to set it)']);
      const [article] = await loaded();
      expect(article).toMatchObject({
        title: 'Ministers meet in Hanoi',
        publisher: 'news.example',
        body: 'The ministers met on Tuesday.\n\nThey agreed on little.',
      });
    });

    it('ingests the shared starting corpus with its README metadata, quoting verbatim', async (context) => {
      const source = join(SHARED_CORPUS, 'hostile-forces.txt');
      const exists = await readFile(source).then(
        () => true,
        () => false,
      );
      if (!exists) {
        context.skip(`needs the shared corpus at ${source} (missing)`);
        return;
      }
      const { code } = await cli(
        source,
        '--publisher',
        'chokhleipar.info',
        '--published',
        '2024-03-01',
        '--url',
        'https://www.chokhleipar.info/2024/03/01/communist-party-document-that-was-leaked-alerts-vietnam-to-hostile-forces/',
      );
      expect(code).toBe(0);
      const [article] = await loaded();
      expect(article?.title).toBe(
        'Communist Party document that was leaked alerts Vietnam to “hostile forces”',
      );
      const raw = await readFile(source, 'utf8');
      for (const passage of splitIntoPassages(article as NonNullable<typeof article>)) {
        expect(article?.body.slice(passage.start, passage.end)).toBe(passage.text);
        // Paragraph text is the source's text (only whitespace was normalised).
        expect(raw.replace(/\s+/g, ' ')).toContain(passage.text);
      }
    });
  });

  describe('local HTML', () => {
    it('extracts a saved page, using its canonical link as the URL', async () => {
      const html = `<!DOCTYPE html><html lang="vi"><head><title>Saved</title>
<link rel="canonical" href="https://vn.example/bai-viet"><meta property="og:site_name" content="VN Example">
<meta property="article:published_time" content="2023-09-30T07:00:00+07:00"><meta property="og:title" content="Đường sắt cao tốc Bắc–Nam"></head>
<body><nav>Trang chủ</nav><article><h1>Đường sắt cao tốc Bắc–Nam</h1>
<p>Quốc hội đã thông qua chủ trương đầu tư dự án đường sắt tốc độ cao trên trục Bắc – Nam với tổng vốn rất lớn.</p>
<p>Dự án dài hơn 1.500 km, đi qua 20 tỉnh thành, dự kiến khởi công vào năm 2027 và hoàn thành trước năm 2035.</p>
<p>Các chuyên gia cho rằng dự án sẽ thay đổi cách người dân di chuyển giữa hai miền trong nhiều thập kỷ tới.</p>
</article><footer>Bản quyền</footer></body></html>`;
      const [result] = await ingest([await file('saved.html', html)], { dataDir });
      expect(result).toMatchObject({ status: 'added', id: 'duong-sat-cao-toc-bac-nam' });
      const [article] = await loaded();
      expect(article).toMatchObject({
        url: 'https://vn.example/bai-viet',
        language: 'vi',
        published: '2023-09-30',
      });
      expect(article?.body).not.toMatch(/Trang chủ|Bản quyền/);
    });
  });

  describe('idempotency across sources', () => {
    it('recognises the same text under another URL as the same article', async () => {
      const text = 'Same story\n\nA paragraph that two sites both published word for word.\n';
      const a = await file('a.txt', text);
      const b = await file('b.txt', text.replace('word for word.', 'word  for\nword.'));
      const [first] = await ingest([a], {
        dataDir,
        overrides: { url: 'https://a.example/s', published: '2024-01-01' },
      });
      const [second] = await ingest([b], {
        dataDir,
        overrides: { url: 'https://b.example/s', published: '2024-01-01' },
      });
      expect(first).toMatchObject({ status: 'added', id: 'same-story' });
      expect(second).toMatchObject({ status: 'unchanged', id: 'same-story' });
      expect(second?.reason).toMatch(/same text as same-story/);
    });

    it('gives different articles with the same title distinct, stable slugs', async () => {
      const results = [];
      for (const n of [1, 2, 3]) {
        const path = await file(`t${n}.txt`, `Weekly briefing\n\nBriefing number ${n}.\n`);
        results.push(
          ...(await ingest([path], {
            dataDir,
            overrides: { url: `https://x.example/${n}`, published: '2024-01-01' },
          })),
        );
      }
      expect(results.map((r) => r.id)).toEqual(['weekly-briefing', 'weekly-briefing-2', 'weekly-briefing-3']);
      const again = await ingest([join(work, 't2.txt')], {
        dataDir,
        overrides: { url: 'https://x.example/2', published: '2024-01-01' },
      });
      expect(again).toMatchObject([{ status: 'unchanged', id: 'weekly-briefing-2' }]);
    });

    it('ingests a folder, skipping files that are not articles', async () => {
      await mkdir(join(work, 'in'));
      await writeFile(
        join(work, 'in', 'one.md'),
        '---\ntitle: One\nurl: https://x.example/1\npublisher: X\npublished: 2024-01-01\n---\nText one.\n',
      );
      await writeFile(join(work, 'in', 'photo.jpg'), 'not text');
      const results = await ingest([join(work, 'in')], { dataDir });
      expect(results).toMatchObject([{ status: 'added', id: 'one' }]);
    });
  });

  describe('bad inputs', () => {
    it('reports a missing file', async () => {
      const [result] = await ingest([join(work, 'nope.md')], { dataDir });
      expect(result).toMatchObject({ status: 'failed', code: 'file-not-found' });
    });

    it('reports a file that is not valid UTF-8', async () => {
      const [result] = await ingest(
        [await file('bad.txt', Buffer.from([0x54, 0x69, 0x74, 0x6c, 0x65, 0x0a, 0xff, 0xfe, 0x41]))],
        {
          dataDir,
          overrides: { url: 'https://x.example/b', published: '2024-01-01' },
        },
      );
      expect(result).toMatchObject({ status: 'failed', code: 'bad-encoding' });
    });
  });
});

describe('the ingest CLI command', () => {
  it('prints one JSON result per input and exits 1 when one failed', async () => {
    const good = await file(
      'good.md',
      '---\ntitle: Good\nurl: https://x.example/g\npublisher: X\npublished: 2024-01-01\n---\nGood text.\n',
    );
    const { code, out } = await cli(good, join(work, 'missing.md'), '--json');
    expect(code).toBe(1);
    expect(JSON.parse(out)).toEqual({
      results: [
        { input: good, status: 'added', id: 'good', title: 'Good' },
        {
          input: join(work, 'missing.md'),
          status: 'failed',
          code: 'file-not-found',
          reason: expect.stringMatching(/not found/),
        },
      ],
    });
  });

  it('exits 0 with a text summary when nothing failed', async () => {
    const good = await file(
      'good.md',
      '---\ntitle: Good\nurl: https://x.example/g\npublisher: X\npublished: 2024-01-01\n---\nGood text.\n',
    );
    await cli(good);
    const { code, out } = await cli(good);
    expect(code).toBe(0);
    expect(out).toMatch(/^unchanged +good {2}/m);
    expect(out).toMatch(/0 added, 0 updated, 1 unchanged, 0 failed/);
  });

  describe('usage errors exit 2', () => {
    const cases: [string, string[], RegExp][] = [
      ['no inputs', [], /at least one/],
      ['--url with two inputs', ['a.md', 'b.md', '--url', 'https://x.example/'], /exactly one input/],
      ['--url that is not http(s)', ['a.md', '--url', 'file:///etc/passwd'], /http\(s\) URL/],
      ['a bad --published', ['a.md', '--published', '1 March'], /YYYY-MM-DD/],
      ['a bad --timeout', ['a.md', '--timeout', 'soon'], /--timeout/],
      ['an unknown flag', ['a.md', '--bogus'], /bogus/],
    ];
    for (const [name, argv, message] of cases) {
      it(name, async () => {
        const { code, err } = await cli(...argv);
        expect(code).toBe(2);
        expect(err).toMatch(message);
      });
    }
  });
});
