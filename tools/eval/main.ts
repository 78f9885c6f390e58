import { createEngine, ENGINE_NAMES, type EngineName } from '../bench/search-engines.ts';
import { loadBeir } from './beir.ts';
import { type EvalResult, evaluateEngine, evaluateIndex, type Granularity } from './evaluate.ts';
import { readScriptArgs } from './script-args.ts';

const USAGE = `Usage: npm run eval -- --beir DIR [--qrels FILE] [--granularity passages|whole]
                      [--engine footnote|minisearch|flexsearch|lunr] [--json]
  Scores Footnote's search (or a peer engine, for comparison) on a BEIR collection (corpus.jsonl, queries.jsonl, qrels TSV; default DIR/qrels/test.tsv).
`;

/** Formats an evaluation as a small Markdown table. */
export function formatEval(result: EvalResult, label: string): string {
  const f = (value: number) => value.toFixed(4);
  return [
    `| collection | passages | queries | nDCG@10 | Recall@100 | MRR@10 | p50 ms | p99 ms |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|`,
    `| ${label} | ${result.passages} | ${result.queries} | ${f(result['ndcg@10'])} | ${f(result['recall@100'])} | ` +
      `${f(result['mrr@10'])} | ${result.latency.p50_ms.toFixed(2)} | ${result.latency.p99_ms.toFixed(2)} |`,
    '',
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = readScriptArgs(
    argv,
    {
      beir: { type: 'string' },
      qrels: { type: 'string' },
      granularity: { type: 'string' },
      engine: { type: 'string' },
      json: { type: 'boolean' },
    },
    USAGE,
  );
  if ('exit' in parsed) return parsed.exit;
  const { values, flags } = parsed;
  const granularity = (values.granularity ?? 'passages') as Granularity;
  const engine = (values.engine ?? 'footnote') as EngineName;
  if (
    !values.beir ||
    (granularity !== 'passages' && granularity !== 'whole') ||
    !ENGINE_NAMES.includes(engine)
  ) {
    process.stderr.write(USAGE);
    return 2;
  }
  const collection = await loadBeir(values.beir, values.qrels);
  const result =
    engine === 'footnote'
      ? evaluateIndex(collection, { granularity })
      : evaluateEngine(collection, createEngine(engine), granularity);
  if (flags.has('json')) {
    const { latency } = result;
    const json = {
      'ndcg@10': result['ndcg@10'],
      'recall@100': result['recall@100'],
      'mrr@10': result['mrr@10'],
      latency: { p50_ms: latency.p50_ms, p99_ms: latency.p99_ms },
    };
    process.stdout.write(`${JSON.stringify(json)}\n`);
  } else {
    process.stdout.write(formatEval(result, values.beir));
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`eval: ${(error as Error).message}\n`);
  return 1;
});
