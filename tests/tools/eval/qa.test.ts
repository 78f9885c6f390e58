import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateQa, formatQaReport } from '../../../tools/eval/qa.ts';

/** A SQuAD file of two small articles, and a BEIR folder of three abstracts to draw distractors from. */
let dir: string;
const squadFile = () => join(dir, 'squad.json');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'footnote-qa-test-'));
  const paragraph = (context: string, qas: { id: string; question: string; answer: string }[]) => ({
    context,
    qas: qas.map(({ id, question, answer }) => ({
      id,
      question,
      is_impossible: false,
      answers: [{ text: answer, answer_start: context.indexOf(answer) }],
    })),
  });
  const squad = {
    version: 'v2.0',
    data: [
      {
        title: 'Mekong_delta',
        paragraphs: [
          paragraph(
            'The Mekong delta is fed by nine branches of the river. Farmers grow rice on its banks.',
            [{ id: 'q1', question: 'How many branches feed the Mekong delta?', answer: 'nine' }],
          ),
        ],
      },
      {
        title: 'Glaciers',
        paragraphs: [
          paragraph('Glaciers in the Alps have lost half their volume since 1900.', [
            { id: 'q2', question: 'How much volume have Alpine glaciers lost since 1900?', answer: 'half' },
          ]),
        ],
      },
    ],
  };
  await writeFile(squadFile(), JSON.stringify(squad));
  const abstracts = [
    { _id: '1', title: 'Vitamin D in adults', text: 'Healthy men use 3000 IU of vitamin D a day.' },
    { _id: '2', title: 'Burn treatment', text: 'Topical silver products treat partial-thickness burns.' },
    { _id: '3', title: 'Tumours', text: 'A solid tumour is an organ of cancer and host cells.' },
  ];
  await writeFile(join(dir, 'corpus.jsonl'), abstracts.map((a) => JSON.stringify(a)).join('\n'));
  await writeFile(join(dir, 'queries.jsonl'), `${JSON.stringify({ _id: '0', text: 'vitamin D' })}\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('eval:qa with distractors', () => {
  it('adds that many passages as articles of their own, asks the same questions, and says so', async () => {
    const { report, outcomes } = await evaluateQa(squadFile(), {
      offLibrary: true,
      distractors: 3,
      beir: dir,
    });
    expect(report.articles).toEqual({ inLibrary: 1, leftOut: 1, distractors: { articles: 3, passages: 3 } });
    expect(outcomes.map((o) => [o.question.id, o.inLibrary])).toEqual([
      ['q1', true],
      ['q2', false],
    ]);
    // The library's own question is still answered from its article, not from a distractor.
    const mekong = outcomes.find((o) => o.question.id === 'q1');
    expect(mekong?.answer.results[0]?.article.id).toBe('mekong-delta');
    expect(report.notVerbatim).toBe(0);
    expect(formatQaReport(report)).toContain(
      'Library: 1 articles (1 left out), and 3 distractor articles of 3 passages.',
    );
  });

  it('without distractors, the library is the SQuAD articles alone', async () => {
    const { report } = await evaluateQa(squadFile(), {});
    expect(report.articles).toEqual({ inLibrary: 2, leftOut: 0 });
    expect(formatQaReport(report)).toContain('Library: 2 articles (0 left out).');
  });
});
