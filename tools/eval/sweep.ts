/**
 * `tsx tools/eval/sweep.ts --beir DIR --qrels FILE`: the text-pipeline and ranking variants measured on a
 * development split, one table row each, so defaults are chosen by numbers.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_INDEX_OPTIONS, type IndexOptions } from '../../src/search/passage-index.ts';
import { loadBeir } from './beir.ts';
import { type EvalOptions, evaluateIndex, type Granularity } from './evaluate.ts';

const base = DEFAULT_INDEX_OPTIONS;
type Expand = EvalOptions['expand'];
const VARIANTS: ReadonlyArray<readonly [string, IndexOptions, Expand?]> = [
  ['default', base],
  ['MiniSearch asked with every term', { ...base, findPostings: Number.POSITIVE_INFINITY }],
  ['find within 1,000 postings', { ...base, findPostings: 1_000 }],
  ['find within 5,000 postings', { ...base, findPostings: 5_000 }],
  ['find within 20,000 postings', { ...base, findPostings: 20_000 }],
  ['rerank depth 100', { ...base, rerankDepth: 100 }],
  ['rerank depth 1000', { ...base, rerankDepth: 1000 }],
  ['no stemming', { ...base, text: { ...base.text, stem: false } }],
  ['irregular verbs joined (taught → teach)', { ...base, text: { ...base.text, irregularVerbs: true } }],
  ['Lucene stop words (33)', { ...base, text: { ...base.text, stopWords: 'lucene' } }],
  ['no stop words', { ...base, text: { ...base.text, stopWords: false } }],
  ['no folding (lowercase only)', { ...base, text: { ...base.text, fold: false } }],
  ['title boost 0.4', { ...base, boost: { ...base.boost, title: 0.4 } }],
  ['title boost 2', { ...base, boost: { ...base.boost, title: 2 } }],
  ['k1 1.2 b 0.75', { ...base, bm25: { k: 1.2, b: 0.75, d: 0 } }],
  ['k1 1.2 b 0.7 d 0.5 (MiniSearch default)', { ...base, bm25: { k: 1.2, b: 0.7, d: 0.5 } }],
  ['k1 0.9 b 0.4 d 0.5', { ...base, bm25: { k: 0.9, b: 0.4, d: 0.5 } }],
  ['k1 1.5 b 0.5', { ...base, bm25: { k: 1.5, b: 0.5, d: 0 } }],
  ['k1 0.7 b 0.3', { ...base, bm25: { k: 0.7, b: 0.3, d: 0 } }],
];

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    beir: { type: 'string' },
    qrels: { type: 'string' },
    granularity: { type: 'string' },
    only: { type: 'string' },
  },
});
if (!values.beir) {
  process.stderr.write(
    'Usage: tsx tools/eval/sweep.ts --beir DIR [--qrels FILE] [--granularity passages,whole]\n',
  );
  process.exit(2);
}
const collection = await loadBeir(values.beir, values.qrels);
const granularities = (values.granularity ?? 'passages,whole').split(',') as Granularity[];
process.stdout.write(
  '| variant | granularity | nDCG@10 | Recall@100 | MRR@10 | p50 ms | p99 ms |\n|---|---|---:|---:|---:|---:|---:|\n',
);
for (const [name, indexOptions, expand] of VARIANTS) {
  if (values.only !== undefined && !name.includes(values.only)) continue;
  for (const granularity of granularities) {
    const r = evaluateIndex(collection, { indexOptions, granularity, ...(expand ? { expand } : {}) });
    process.stdout.write(
      `| ${name} | ${granularity} | ${r['ndcg@10'].toFixed(4)} | ${r['recall@100'].toFixed(4)} | ` +
        `${r['mrr@10'].toFixed(4)} | ${r.latency.p50_ms.toFixed(2)} | ${r.latency.p99_ms.toFixed(2)} |\n`,
    );
  }
}
