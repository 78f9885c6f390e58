import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Judgements } from './ranking-metrics.ts';

/** A document of a BEIR collection. */
export interface BeirDocument {
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

export interface BeirQuery {
  readonly id: string;
  readonly text: string;
}

/** A BEIR-format collection: documents, queries, and relevance judgements per query id. */
export interface BeirCollection {
  readonly documents: readonly BeirDocument[];
  readonly queries: readonly BeirQuery[];
  readonly qrels: ReadonlyMap<string, Judgements>;
}

/** Parses JSON Lines, naming the file and line of a bad line. */
function parseJsonLines(text: string, file: string): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line.length === 0) continue;
    try {
      rows.push(JSON.parse(line) as Record<string, unknown>);
    } catch (error) {
      throw new Error(`beir: ${file}:${i + 1}: not JSON (${(error as Error).message})`);
    }
  }
  return rows;
}

function field(row: Record<string, unknown>, name: string): string {
  const value = row[name];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** Parses `corpus.jsonl` text: `{ _id, title?, text }` per line. */
export function parseCorpus(text: string, file = 'corpus.jsonl'): BeirDocument[] {
  return parseJsonLines(text, file).map((row) => ({
    id: field(row, '_id'),
    title: field(row, 'title'),
    text: field(row, 'text'),
  }));
}

/** Parses `queries.jsonl` text: `{ _id, text }` per line. */
export function parseQueries(text: string, file = 'queries.jsonl'): BeirQuery[] {
  return parseJsonLines(text, file).map((row) => ({ id: field(row, '_id'), text: field(row, 'text') }));
}

/** Parses a qrels TSV with a header line: `query-id corpus-id score`. */
export function parseQrels(text: string, file = 'qrels.tsv'): Map<string, Map<string, number>> {
  const qrels = new Map<string, Map<string, number>>();
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line.length === 0) continue;
    const [queryId, documentId, grade] = line.split('\t');
    const score = Number(grade);
    if (queryId === undefined || documentId === undefined || !Number.isFinite(score)) {
      throw new Error(`beir: ${file}:${i + 1}: expected "query-id<TAB>corpus-id<TAB>score"`);
    }
    let judgements = qrels.get(queryId);
    if (!judgements) {
      judgements = new Map();
      qrels.set(queryId, judgements);
    }
    judgements.set(documentId, score);
  }
  return qrels;
}

/**
 * Loads a BEIR collection from `dir`; the qrels default to `dir/qrels/test.tsv`
 * (`{ qrels: false }` skips them, for the bench, which needs no judgements).
 */
export async function loadBeir(
  dir: string,
  qrelsFile = join(dir, 'qrels', 'test.tsv'),
  options: { readonly qrels: boolean } = { qrels: true },
): Promise<BeirCollection> {
  const corpusFile = join(dir, 'corpus.jsonl');
  const queriesFile = join(dir, 'queries.jsonl');
  const [corpus, queries, qrels] = await Promise.all([
    readFile(corpusFile, 'utf8'),
    readFile(queriesFile, 'utf8'),
    options.qrels ? readFile(qrelsFile, 'utf8') : Promise.resolve('query-id\tcorpus-id\tscore\n'),
  ]);
  return {
    documents: parseCorpus(corpus, corpusFile),
    queries: parseQueries(queries, queriesFile),
    qrels: parseQrels(qrels, qrelsFile),
  };
}
