import { readFile } from 'node:fs/promises';
import { type Answer, type AnswerOptions, answerQuestion, questionProblem } from '../answer/answer.ts';
import { quoteText } from '../answer/quote.ts';
import type { Library } from '../library.ts';
import { type CliCommand, type CliIO, integerOption, printJson, UsageError } from './command.ts';

/** The `ask --json` shape: documented in README, read by scripts. */
export function answerToJson(answer: Answer) {
  return {
    question: answer.question,
    results: answer.results.map((result) => ({
      quote: quoteText(result.quote),
      pieces: result.quote.pieces.map(({ start, end, text }) => ({ start, end, text })),
      score: Number(result.score.toFixed(4)),
      passage: {
        id: result.passage.id,
        paragraph: result.passage.paragraph,
        text: result.passage.text,
        start: result.passage.start,
        end: result.passage.end,
      },
      article: {
        id: result.article.id,
        title: result.article.title,
        url: result.article.url,
        publisher: result.article.publisher,
        published: result.article.published,
      },
      link: result.citation.link,
    })),
    ...(answer.abstained ? { abstained: true, nearest: answer.nearest, missing: answer.missing } : {}),
    ...(answer.readAs.length > 0 ? { readAs: answer.readAs } : {}),
  };
}

function printAnswer(io: CliIO, answer: Answer): void {
  if (answer.abstained) {
    io.out('No passage in the library answers this well enough.\n');
    if (answer.nearest.length > 0) {
      io.out('Nearest articles:\n');
      for (const article of answer.nearest) io.out(`  - ${article.title} <${article.url}>\n`);
    }
    return;
  }
  for (const result of answer.results) {
    const { quote, citation } = result;
    const text = `${quote.cutBefore ? '…' : ''}${quoteText(quote)}${quote.cutAfter ? '…' : ''}`;
    io.out(`[${result.rank}] “${text}”\n`);
    io.out(`    — ${citation.title}, ${citation.publisher}, ${citation.published}, ¶${citation.paragraph}\n`);
    io.out(`      ${citation.link}\n\n`);
  }
}

/** One question of a batch: an id chosen by the caller, echoed back, and the question. */
export interface BatchQuestion {
  readonly id: unknown;
  readonly question: string;
}

/** What a batch says about one question: its answer and how long it took, or why it could not be asked. */
export type BatchItem =
  | { readonly index: number; readonly id: unknown; readonly answer: Answer; readonly ms: number }
  | { readonly index: number; readonly id: unknown; readonly error: string };

/** Answers questions one by one from one library, in order; a bad question gets an error and the rest go on. */
export async function* answerBatch(
  questions: Iterable<BatchQuestion | { readonly id: unknown; readonly error: string }>,
  library: Library,
  limit: number,
  tuning?: AnswerOptions['tuning'],
): AsyncGenerator<BatchItem> {
  let index = 0;
  for (const item of questions) {
    const at = index++;
    if ('error' in item) {
      yield { index: at, id: item.id, error: item.error };
      continue;
    }
    const problem = questionProblem(item.question);
    if (problem) {
      yield { index: at, id: item.id, error: problem };
      continue;
    }
    const started = performance.now();
    const answer = await answerQuestion(item.question, library, { limit, ...(tuning ? { tuning } : {}) });
    yield { index: at, id: item.id, answer, ms: performance.now() - started };
  }
}

/** Reads a questions file's lines: `{"id": ..., "question": "..."}` each; blank lines are skipped. */
export function parseQuestionLines(text: string): (BatchQuestion | { id: unknown; error: string })[] {
  return text
    .split(/\r?\n/u)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        return { id: null, error: 'not a JSON object: expected {"id": "...", "question": "..."}' };
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return { id: null, error: 'not a JSON object: expected {"id": "...", "question": "..."}' };
      }
      const { id = null, question } = value as { id?: unknown; question?: unknown };
      if (typeof question !== 'string') return { id, error: '"question" must be a string' };
      return { id, question };
    });
}

export const askCommand: CliCommand = {
  name: 'ask',
  usage: '"<question>" [--limit N] | --questions FILE',
  summary: 'answer a question with verbatim quotes and citations',
  options: {
    limit: { type: 'string', description: 'how many quotes (default 3, at most 25)' },
    questions: {
      type: 'string',
      description:
        'a file (- for standard input) of JSON lines {"id","question"}: one JSON line out for each',
    },
  },
  async run(args, io) {
    const limit = integerOption(args, 'limit', 3, 1, 25);
    const file = args.values.questions;
    if (typeof file === 'string') {
      if (args.positionals.length > 0) throw new UsageError('give a question or --questions, not both');
      const text = await (io.readInput ?? defaultReadInput)(file);
      const library = await io.openLibrary(args);
      for await (const item of answerBatch(parseQuestionLines(text), library, limit)) {
        const line =
          'error' in item
            ? { id: item.id, error: item.error }
            : { id: item.id, ...answerToJson(item.answer) };
        io.out(`${JSON.stringify(line)}\n`);
      }
      return 0;
    }
    const question = args.positionals.join(' ');
    if (args.positionals.length === 0) throw new UsageError('ask needs a question (or --questions FILE)');
    const problem = questionProblem(question);
    if (problem) {
      io.err(`${problem}\n`);
      return 2;
    }
    const library = await io.openLibrary(args);
    const answer = await answerQuestion(question, library, { limit });
    if (args.json) printJson(io, answerToJson(answer));
    else printAnswer(io, answer);
    return 0;
  },
};

async function defaultReadInput(file: string): Promise<string> {
  if (file !== '-') return readFile(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
