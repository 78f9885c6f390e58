/**
 * Benchmark (not a test): how long the bot's event loop stalls while its library is rebuilt, as the bot
 * rebuilds it (`openLibrary({ searchIn: 'worker' })` through a `LibraryHolder`), and when the new timeline is
 * first read. Two cases: one article with a long paragraph of short lines added, or one article of many changed.
 * Usage: tsx tools/bench/reload.ts [--paragraph BYTES] [--articles N [--squad FILE]]
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderArticleFile } from '../../src/corpus/frontmatter.ts';
import { openLibrary } from '../../src/library.ts';
import { LibraryHolder } from '../../src/reload/library-holder.ts';
import { seededRandom } from '../../src/seeded-random.ts';
import { readScriptArgs } from '../eval/script-args.ts';

const USAGE = `Usage: tsx tools/bench/reload.ts [--paragraph BYTES] [--articles N [--squad FILE]]
  --paragraph BYTES  add one article with a paragraph of BYTES of short lines (default 250000)
  --articles N       a library of N articles, then change one (paragraphs of --squad FILE, a SQuAD 2.0 JSON
                     file, or generated sentences)
`;

/** The longest gap between 5 ms ticks of the event loop, from now until the returned function is called. */
function watchStalls(): () => number {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  return () => {
    clearInterval(timer);
    return Math.max(longest, performance.now() - last);
  };
}

function article(title: string, published: string, body: string): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/gu, '-');
  return renderArticleFile({ title, url: `https://example.org/${slug}`, publisher: 'Wire', published }, body);
}

function shortLines(bytes: number): string {
  const lines: string[] = [];
  for (let i = 0, size = 0; size < bytes; i++) {
    const line = `Entry ${i} filed March ${(i % 28) + 1}, 2021.`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

const MONTHS = ['January', 'March', 'May', 'July', 'September', 'November'];
const SUBJECTS = [
  'The council',
  'The ministry',
  'A committee',
  'The company',
  'Local officials',
  'The court',
];
const VERBS = ['approved', 'rejected', 'announced', 'reviewed', 'postponed', 'published'];
const OBJECTS = ['the budget', 'a new plan', 'the report', 'the harbour project', 'a trade agreement'];

/** Paragraphs of news-like sentences, some dated. */
function generatedParagraphs(count: number, random: () => number): string[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  return Array.from({ length: count }, () =>
    Array.from({ length: 5 }, () => {
      const when =
        random() < 0.4
          ? ` on ${1 + Math.floor(random() * 28)} ${pick(MONTHS)} ${2000 + Math.floor(random() * 23)}`
          : '';
      return `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)}${when}, after a debate that lasted several hours.`;
    }).join(' '),
  );
}

async function paragraphsFrom(squad: string | undefined, count: number): Promise<string[]> {
  if (!squad) return generatedParagraphs(count, seededRandom(7));
  const data = JSON.parse(await readFile(squad, 'utf8')) as { data: { paragraphs: { context: string }[] }[] };
  const pool = data.data.flatMap((entry) => entry.paragraphs.map((paragraph) => paragraph.context));
  return Array.from({ length: count }, (_, i) => pool[(i * 131) % pool.length] as string);
}

async function run(): Promise<number> {
  const args = readScriptArgs(
    process.argv.slice(2),
    { paragraph: { type: 'string' }, articles: { type: 'string' }, squad: { type: 'string' } },
    USAGE,
  );
  if ('exit' in args) return args.exit;
  const count = Number(args.values.articles ?? 0);
  const dataDir = await mkdtemp(join(tmpdir(), 'footnote-bench-reload-'));
  const articlesDir = join(dataDir, 'articles');
  await mkdir(articlesDir);
  try {
    const paragraphs = await paragraphsFrom(args.values.squad, Math.max(count, 1) * 6);
    for (let i = 0; i < Math.max(count, 2); i++) {
      const body = paragraphs
        .slice((i * 6) % paragraphs.length, ((i * 6) % paragraphs.length) + 6)
        .join('\n\n');
      await writeFile(
        join(articlesDir, `a${i}.md`),
        article(`Article ${i}`, `2023-0${(i % 9) + 1}-15`, body),
      );
    }
    const open = () => openLibrary({ dataDir, searchIn: 'worker' });
    let started = performance.now();
    const holder = new LibraryHolder({ initial: await open(), open });
    const opened = performance.now() - started;
    const change =
      count > 0
        ? `article a0 of ${count} changed`
        : `article with a ${Number(args.values.paragraph ?? 250_000).toLocaleString('en')}-byte paragraph added`;
    if (count > 0) {
      await writeFile(
        join(articlesDir, 'a0.md'),
        article('Article 0', '2023-01-15', `${paragraphs[0]}\n\nChanged.`),
      );
    } else {
      const body = `Intro paragraph.\n\n${shortLines(Number(args.values.paragraph ?? 250_000))}`;
      await writeFile(join(articlesDir, 'big.md'), article('Big', '2024-01-01', body));
    }
    const stalls = watchStalls();
    started = performance.now();
    const outcome = await holder.reload('bench');
    const reloadMs = performance.now() - started;
    const reloadStall = stalls();
    const readStalls = watchStalls();
    started = performance.now();
    const facts = holder.current.timeline.facts.length;
    const readMs = performance.now() - started;
    const readStall = readStalls();
    const library = holder.current;
    process.stdout.write(
      [
        `${change}: ${library.articles.size} articles, ${library.passages.size} passages, ${facts} facts (first open ${Math.round(opened)} ms)`,
        `reload: ${outcome.ok ? 'ok' : 'failed'} in ${Math.round(reloadMs)} ms; longest event-loop stall meanwhile ${Math.round(reloadStall)} ms`,
        `first timeline read: ${Math.round(readMs)} ms; longest stall ${Math.round(readStall)} ms`,
        '',
      ].join('\n'),
    );
    void library.index.close();
    return 0;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

run().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `bench reload: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
