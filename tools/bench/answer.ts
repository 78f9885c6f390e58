/**
 * `npm run bench:answer [-- --passages 100000 --rounds 5 --beir ../shared/eval/scifact --json]`: how long choosing
 * the answer takes after search, as the bot runs it: the index in a worker thread, the answer chosen on this
 * thread. The search bench's corpus becomes a library of articles; the first 300 SciFact claims are the
 * questions, asked once to warm up and then `--rounds` times. Per round: p50 and p99 of answering alone (the
 * ask's time less the time it waited on search) and of the search it waited on, the peer it is compared with;
 * and the garbage-collection pauses of this thread, whose longest ones make most of the p99.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { answerQuestion } from '../../src/answer/answer.ts';
import { prepareEnglishCounts } from '../../src/answer/weights.ts';
import { splitIntoPassages } from '../../src/corpus/passages.ts';
import type { Passage } from '../../src/corpus/types.ts';
import { assembleLibrary, indexedPassages } from '../../src/library.ts';
import { DEFAULT_INDEX_OPTIONS } from '../../src/search/passage-index.ts';
import type { PassageSearch } from '../../src/search/passage-search.ts';
import { SearchWorker } from '../../src/search/search-worker-client.ts';
import { loadBeir } from '../eval/beir.ts';
import { percentile } from '../eval/ranking-metrics.ts';
import { readScriptArgs } from '../eval/script-args.ts';
import { benchArticles, benchCorpus } from './corpora.ts';

const USAGE = `Usage: npm run bench:answer -- [--passages 100000] [--rounds 5] [--questions 300] [--beir DIR] [--json]
`;

export interface RoundFigures {
  readonly answer_p50_ms: number;
  readonly answer_p99_ms: number;
  readonly search_p50_ms: number;
  readonly search_p99_ms: number;
  /** Garbage-collection pauses of this thread during the round: how many, the longest, their sum. */
  readonly gc_count: number;
  readonly gc_max_ms: number;
  readonly gc_total_ms: number;
}

const median = (values: readonly number[]) => percentile(values, 0.5);

async function main(argv: readonly string[]): Promise<number> {
  const parsed = readScriptArgs(
    argv,
    {
      passages: { type: 'string' },
      rounds: { type: 'string' },
      questions: { type: 'string' },
      beir: { type: 'string' },
      json: { type: 'boolean' },
    },
    USAGE,
  );
  if ('exit' in parsed) return parsed.exit;
  const { values, flags } = parsed;
  const size = Number(values.passages ?? 100_000);
  const rounds = Number(values.rounds ?? 5);
  const questionCount = Number(values.questions ?? 300);
  if (![size, rounds, questionCount].every((n) => Number.isInteger(n) && n > 0)) {
    process.stderr.write(USAGE);
    return 2;
  }
  const collection = await loadBeir(resolve(values.beir ?? '../shared/eval/scifact'), undefined, {
    qrels: false,
  });
  const articles = benchArticles(benchCorpus(collection.documents, size));
  const passagesByArticle = new Map<string, readonly Passage[]>(
    articles.map((article) => [article.id, splitIntoPassages(article)]),
  );
  const workDir = await mkdtemp(join(tmpdir(), 'footnote-bench-answer-'));
  process.stderr.write(`bench:answer: ${articles.length} articles; building the index in a worker…\n`);
  const { search: worker } = await SearchWorker.open({
    file: join(workDir, 'index.idx'),
    passages: indexedPassages(articles, passagesByArticle),
    options: DEFAULT_INDEX_OPTIONS,
  });
  let searchWait = 0;
  const timedSearch: PassageSearch = {
    options: worker.options,
    documentCount: worker.documentCount,
    searchTerms: async (terms, request) => {
      const started = performance.now();
      try {
        return await worker.searchTerms(terms, request);
      } finally {
        searchWait += performance.now() - started;
      }
    },
    figures: (terms) => worker.figures(terms),
    close: () => worker.close(0),
  };
  const library = assembleLibrary(
    workDir,
    articles,
    passagesByArticle,
    timedSearch,
    { source: 'built', builtAt: new Date(), buildMs: 0, loadMs: 0, bytes: 0, fingerprint: '' },
    [],
  );
  prepareEnglishCounts(library.index.options.text);
  const questions = collection.queries.slice(0, questionCount).map((query) => query.text);
  // Warm up: compiled code, the English counts, the library's acronyms and the articles' topics.
  for (const question of questions) await answerQuestion(question, library);

  const pauses: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push(entry.duration);
  });
  observer.observe({ entryTypes: ['gc'] });
  const figures: RoundFigures[] = [];
  for (let round = 0; round < rounds; round++) {
    const answering: number[] = [];
    const searching: number[] = [];
    pauses.length = 0;
    for (const question of questions) {
      searchWait = 0;
      const started = performance.now();
      await answerQuestion(question, library);
      const total = performance.now() - started;
      searching.push(searchWait);
      answering.push(total - searchWait);
    }
    // Entries are delivered asynchronously: let the last ones arrive.
    await new Promise((done) => setTimeout(done, 50));
    figures.push({
      answer_p50_ms: percentile(answering, 0.5),
      answer_p99_ms: percentile(answering, 0.99),
      search_p50_ms: percentile(searching, 0.5),
      search_p99_ms: percentile(searching, 0.99),
      gc_count: pauses.length,
      gc_max_ms: Math.max(0, ...pauses),
      gc_total_ms: pauses.reduce((sum, pause) => sum + pause, 0),
    });
  }
  observer.disconnect();
  await timedSearch.close();
  await rm(workDir, { recursive: true, force: true });

  const summary = {
    passages: library.passages.size,
    articles: articles.length,
    questions: questions.length,
    rounds: figures,
    median_answer_p50_ms: median(figures.map((f) => f.answer_p50_ms)),
    median_answer_p99_ms: median(figures.map((f) => f.answer_p99_ms)),
    median_search_p50_ms: median(figures.map((f) => f.search_p50_ms)),
    median_search_p99_ms: median(figures.map((f) => f.search_p99_ms)),
  };
  if (flags.has('json')) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  }
  const ms = (value: number) => value.toFixed(2);
  const lines = [
    `${summary.passages} passages in ${summary.articles} articles, ${summary.questions} questions, ${rounds} rounds after a warm-up`,
    '',
    '| round | answer p50 ms | answer p99 ms | search p50 ms | search p99 ms | answer p99 ÷ search p99 | GC pauses | longest GC ms | GC total ms |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...figures.map(
      (f, i) =>
        `| ${i + 1} | ${ms(f.answer_p50_ms)} | ${ms(f.answer_p99_ms)} | ${ms(f.search_p50_ms)} | ${ms(f.search_p99_ms)} | ` +
        `${(f.answer_p99_ms / f.search_p99_ms).toFixed(2)}× | ${f.gc_count} | ${ms(f.gc_max_ms)} | ${ms(f.gc_total_ms)} |`,
    ),
    `| median | ${ms(summary.median_answer_p50_ms)} | ${ms(summary.median_answer_p99_ms)} | ${ms(summary.median_search_p50_ms)} | ` +
      `${ms(summary.median_search_p99_ms)} | ${(summary.median_answer_p99_ms / summary.median_search_p99_ms).toFixed(2)}× | | | |`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench:answer: ${(error as Error).message}\n`);
  return 1;
});
