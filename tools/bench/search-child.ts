/**
 * One engine at one size, in its own process so its heap is measured alone:
 * build → save → drop everything → load → heap → queries. Prints one JSON line.
 */

import { DEFAULT_INDEX_OPTIONS, type IndexedPassage } from '../../src/search/passage-index.ts';
import { analyzeQuery } from '../../src/search/passage-search.ts';
import { SearchWorker } from '../../src/search/search-worker-client.ts';
import { loadBeir } from '../eval/beir.ts';
import { percentile } from '../eval/ranking-metrics.ts';
import { benchCorpus, benchQueries } from './corpora.ts';
import { createEngine, type EngineName } from './search-engines.ts';

export interface ChildRequest {
  readonly engine: EngineName;
  readonly size: number;
  readonly beir: string;
  readonly file: string;
}

export interface EngineFigures {
  readonly build_s: number;
  readonly load_s: number;
  readonly index_bytes: number;
  readonly heap_bytes: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  /** Footnote only: the index in a worker thread, as the bot runs it. */
  readonly worker?: WorkerFigures;
}

/** Footnote's index opened in a worker thread and queried by message, as the bot does. */
export interface WorkerFigures {
  /** From starting the worker to its index being ready (loaded from the saved file). */
  readonly open_s: number;
  /** The longest the main thread's event loop was blocked meanwhile (the bot's lifeline). */
  readonly event_loop_max_ms: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
}

const WARM_UP_QUERIES = 30;

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('bench: run with --expose-gc');
  gc();
  gc();
}

async function run(request: ChildRequest): Promise<EngineFigures> {
  const collection = await loadBeir(request.beir, undefined, { qrels: false });
  const queries = benchQueries(
    collection.documents,
    collection.queries.map((query) => query.text),
  );
  let passages = benchCorpus(collection.documents, request.size);
  let engine = createEngine(request.engine);
  const buildStarted = performance.now();
  engine.build(passages);
  const buildSeconds = (performance.now() - buildStarted) / 1000;
  const bytes = await engine.save(request.file);
  passages = [];
  engine = createEngine(request.engine);
  collectGarbage();
  const loadStarted = performance.now();
  await engine.load(request.file);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  collectGarbage();
  // Typed arrays live outside the V8 heap: count them too.
  const memory = process.memoryUsage();
  const heap = memory.heapUsed + memory.external;
  for (const query of queries.slice(0, WARM_UP_QUERIES)) engine.search(query, 100);
  const latencies: number[] = [];
  for (const query of queries) {
    const started = performance.now();
    engine.search(query, 100);
    latencies.push(performance.now() - started);
  }
  const worker =
    request.engine === 'footnote'
      ? await measureWorker(benchCorpus(collection.documents, request.size), request.file, queries)
      : undefined;
  return {
    ...(worker ? { worker } : {}),
    build_s: buildSeconds,
    load_s: loadSeconds,
    index_bytes: bytes,
    heap_bytes: heap,
    p50_ms: percentile(latencies, 0.5),
    p99_ms: percentile(latencies, 0.99),
  };
}

/** Opens the saved index in a worker as the bot does, watching the main thread's event loop, then queries it. */
async function measureWorker(
  passages: readonly IndexedPassage[],
  file: string,
  queries: readonly string[],
): Promise<WorkerFigures> {
  let longest = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  const started = performance.now();
  const { search } = await SearchWorker.open({ file, passages, options: DEFAULT_INDEX_OPTIONS });
  const openSeconds = (performance.now() - started) / 1000;
  clearInterval(ticker);
  const latencies: number[] = [];
  for (const query of queries.slice(0, WARM_UP_QUERIES))
    await search.searchTerms(analyzeQuery(query, DEFAULT_INDEX_OPTIONS), { limit: 100 });
  for (const query of queries) {
    const queryStarted = performance.now();
    await search.searchTerms(analyzeQuery(query, DEFAULT_INDEX_OPTIONS), { limit: 100 });
    latencies.push(performance.now() - queryStarted);
  }
  await search.close(0);
  return {
    open_s: openSeconds,
    event_loop_max_ms: longest,
    p50_ms: percentile(latencies, 0.5),
    p99_ms: percentile(latencies, 0.99),
  };
}

const request = JSON.parse(process.argv[2] ?? '{}') as ChildRequest;
process.stdout.write(`${JSON.stringify(await run(request))}\n`);
