import { beforeAll, describe, expect, it } from 'vitest';
import { PIECE_GAP } from '../../src/answer/quote.ts';
import { answerBatch, askCommand, parseQuestionLines } from '../../src/cli/ask.ts';
import { type ParsedArgs, UsageError } from '../../src/cli/command.ts';
import { CLI_COMMANDS } from '../../src/cli/registry.ts';
import type { Library } from '../../src/library.ts';
import { runCliCommand } from '../support/cli-run.ts';
import { inlineLibrary } from '../support/library-files.ts';

const CORPUS = [
  {
    id: 'course',
    title: 'A course abroad',
    body: [
      'The course was popular with officials from the provinces. The course lasted three weeks.',
      'Students joined the course eagerly. In the end 20 students joined the course.',
    ].join('\n\n'),
  },
  {
    id: 'training',
    title: 'Cadre training abroad',
    body:
      'The first course for provincial cadres opened in Beijing. Lunch was served at noon every day. ' +
      'Most of the participants were young district officials. ' +
      'The course ran from September 19-26 and ended with a banquet.',
  },
];

let library: Library;
beforeAll(async () => {
  library = await inlineLibrary(CORPUS);
});

function run(positionals: string[], values: ParsedArgs['values'], input = '', json = false) {
  return runCliCommand(askCommand, library, { positionals, values, json }, input);
}

/** What `ask --json` prints for one question. */
async function askJson(question: string, limit?: string) {
  const { code, out } = await run([question], limit === undefined ? {} : { limit }, '', true);
  expect(code).toBe(0);
  return JSON.parse(out);
}

const lines = (...values: unknown[]) =>
  values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join('\n');

describe('cli ask', () => {
  it('is registered', () => {
    expect(CLI_COMMANDS).toContain(askCommand);
  });

  describe('--json', () => {
    it('gives each result its quote, the quote as verbatim pieces, and a link to every piece', async () => {
      const value = await askJson('provincial cadres banquet');
      expect(Object.keys(value)).toEqual(['question', 'results']);
      const [first] = value.results;
      expect(Object.keys(first)).toEqual(['quote', 'pieces', 'score', 'passage', 'article', 'link']);
      expect(first.pieces).toEqual([
        {
          start: 0,
          end: 57,
          text: 'The first course for provincial cadres opened in Beijing.',
        },
        {
          start: expect.any(Number),
          end: expect.any(Number),
          text: 'The course ran from September 19-26 and ended with a banquet.',
        },
      ]);
      expect(first.quote).toBe(first.pieces.map((piece: { text: string }) => piece.text).join(PIECE_GAP));
      const body = library.articles.get(first.article.id)?.body ?? '';
      for (const piece of first.pieces) expect(body.slice(piece.start, piece.end)).toBe(piece.text);
      expect(first.link.match(/text=/gu)).toHaveLength(2);
    });

    it('says what the library lacks when it abstains', async () => {
      const value = await askJson('What is the capital of France?');
      expect(value).toEqual({
        question: 'What is the capital of France?',
        results: [],
        abstained: true,
        nearest: [],
        missing: ['capital', 'France'],
      });
    });
  });

  describe('--questions (batch)', () => {
    const input = lines(
      { id: 'q1', question: 'How many students joined the course?' },
      '{"id": "broken", "question": ',
      { id: 'q3', question: '' },
      '',
      { id: 7, question: 'What is the capital of France?' },
      { id: 'q5' },
      [1, 2],
      { question: 'provincial cadres banquet' },
    );

    it('prints one JSON line for each question line, in order, with its id', async () => {
      const { code, out, err, read } = await run([], { questions: 'x' }, input);
      expect(code).toBe(0);
      expect(err).toBe('');
      expect(read).toEqual(['x']);
      expect(out.endsWith('\n')).toBe(true);
      const printed = out.trimEnd().split('\n');
      // Blank lines are skipped; every other line gets exactly one line out.
      expect(printed).toHaveLength(7);
      const values = printed.map((line) => JSON.parse(line));
      expect(values.map((value) => value.id)).toEqual(['q1', null, 'q3', 7, 'q5', null, null]);
    });

    it('answers good lines with the id and exactly the fields of ask --json', async () => {
      const { out } = await run([], { questions: 'x' }, input);
      const values = out
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(values[0]).toEqual({ id: 'q1', ...(await askJson('How many students joined the course?')) });
      // The answering sentence, with the one before as context (it ends the paragraph: no next sentence).
      expect(values[0].results[0].quote).toBe(
        'Students joined the course eagerly. In the end 20 students joined the course.',
      );
      expect(values[3]).toEqual({ id: 7, ...(await askJson('What is the capital of France?')) });
      expect(values[3]).toMatchObject({ abstained: true, missing: ['capital', 'France'] });
      expect(values[6]).toEqual({ id: null, ...(await askJson('provincial cadres banquet')) });
    });

    it('reports bad lines as {"id","error"} and goes on', async () => {
      const { out } = await run([], { questions: 'x' }, input);
      const values = out
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      for (const i of [1, 2, 4, 5]) expect(Object.keys(values[i])).toEqual(['id', 'error']);
      expect(values[1].error).toMatch(/not a JSON object/u);
      expect(values[2]).toEqual({ id: 'q3', error: expect.stringMatching(/empty/u) });
      expect(values[4]).toEqual({ id: 'q5', error: '"question" must be a string' });
      expect(values[5].error).toMatch(/not a JSON object/u);
    });

    it('applies --limit to every question', async () => {
      const question = 'course';
      const { out } = await run([], { questions: 'x', limit: '1' }, lines({ id: 1, question }));
      const value = JSON.parse(out);
      expect(value.results).toHaveLength(1);
      expect(value).toEqual({ id: 1, ...(await askJson(question, '1')) });
      expect((await askJson(question)).results.length).toBeGreaterThan(1);
    });

    it('prints nothing for an empty file', async () => {
      const { code, out } = await run([], { questions: '-' }, '\n\n');
      expect(code).toBe(0);
      expect(out).toBe('');
    });

    it('refuses a question and --questions together', async () => {
      await expect(run(['why?'], { questions: 'x' }, input)).rejects.toThrow(UsageError);
    });
  });

  describe('parseQuestionLines and answerBatch', () => {
    it('parse each non-blank line, keeping ids of any JSON type and null when absent', () => {
      expect(
        parseQuestionLines(
          lines({ id: 1, question: 'a' }, '', { id: { n: 2 }, question: 'b' }, { question: 'c' }),
        ),
      ).toEqual([
        { id: 1, question: 'a' },
        { id: { n: 2 }, question: 'b' },
        { id: null, question: 'c' },
      ]);
      expect(parseQuestionLines('{"id": 1, "question": 2}\r\nnull\r\n')).toEqual([
        { id: 1, error: '"question" must be a string' },
        { id: null, error: expect.stringMatching(/not a JSON object/u) },
      ]);
    });

    it('answer in order, numbering every item, with an error for a question that cannot be asked', async () => {
      const items = [];
      for await (const item of answerBatch(
        parseQuestionLines(lines({ id: 'a', question: 'course' }, 'oops', { id: 'c', question: ' ' })),
        library,
        2,
      )) {
        items.push(item);
      }
      expect(items.map((item) => [item.index, item.id, 'error' in item])).toEqual([
        [0, 'a', false],
        [1, null, true],
        [2, 'c', true],
      ]);
      const [first] = items;
      if (!first || 'error' in first) throw new Error('expected an answer');
      expect(first.answer.results).toHaveLength(2);
      expect(first.ms).toBeGreaterThanOrEqual(0);
    });
  });
});
