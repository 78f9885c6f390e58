import { describe, expect, it } from 'vitest';
import { parseCorpus, parseQrels, parseQueries } from '../../../tools/eval/beir.ts';
import { evaluateIndex } from '../../../tools/eval/evaluate.ts';

const corpus = [
  '{"_id": "d1", "title": "Vitamin D and bone density", "text": "Vitamin D supplements raise bone mineral density in older adults."}',
  '{"_id": "d2", "title": "Coffee", "text": "Coffee drinking is associated with lower risk of liver disease."}',
  '',
  '{"_id": "d3", "text": "Aspirin reduces the risk of heart attack."}',
].join('\n');
const queries =
  '{"_id": "q1", "text": "Does vitamin D improve bone density?"}\n{"_id": "q2", "text": "coffee liver"}\n';
const qrels = 'query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\nq2\td3\t0\n';

describe('BEIR loader', () => {
  it('reads documents, queries and judgements', () => {
    const documents = parseCorpus(corpus);
    expect(documents).toEqual([
      { id: 'd1', title: 'Vitamin D and bone density', text: expect.stringContaining('older adults') },
      { id: 'd2', title: 'Coffee', text: expect.stringContaining('liver') },
      { id: 'd3', title: '', text: 'Aspirin reduces the risk of heart attack.' },
    ]);
    expect(parseQueries(queries).map((query) => query.id)).toEqual(['q1', 'q2']);
    const judgements = parseQrels(qrels);
    expect(judgements.get('q2')).toEqual(
      new Map([
        ['d2', 1],
        ['d3', 0],
      ]),
    );
  });

  it('names the file and line of a bad line', () => {
    expect(() => parseCorpus('{"_id": "1"}\n{oops', 'c.jsonl')).toThrow(/c\.jsonl:2/);
    expect(() => parseQrels('h\nq1 d1', 'q.tsv')).toThrow(/q\.tsv:2/);
  });

  it('scores a tiny collection end to end', () => {
    const result = evaluateIndex(
      { documents: parseCorpus(corpus), queries: parseQueries(queries), qrels: parseQrels(qrels) },
      { granularity: 'passages' },
    );
    expect(result.queries).toBe(2);
    expect(result['ndcg@10']).toBe(1);
    expect(result['mrr@10']).toBe(1);
  });
});
