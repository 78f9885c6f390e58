/**
 * `npm run eval:qa -- --squad FILE [--off-library] [--distractors N] [--sample N] [--seed N] [--json]`: how well
 * Footnote answers SQuAD's questions. Builds a library from the SQuAD articles in a temporary folder, asks every
 * question through the CLI's code, and prints answered %, hit@1 and hit@3 (a gold answer inside the first / first
 * three quotes), abstention on unanswerable questions, latency, and a verbatim check of every quote. With
 * `--distractors N`, N passages of the search bench's corpus (SciFact abstracts, then synthetic passages over their
 * words) join the library as articles of their own: how answering and abstaining hold up in a large library.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Answer, AnswerOptions } from '../../src/answer/answer.ts';
import { prepareEnglishCounts } from '../../src/answer/weights.ts';
import { answerBatch } from '../../src/cli/ask.ts';
import type { Article } from '../../src/corpus/types.ts';
import { openLibrary } from '../../src/library.ts';
import { seededRandom } from '../../src/seeded-random.ts';
import { benchArticles, benchCorpus } from '../bench/corpora.ts';
import { loadBeir } from './beir.ts';
import { percentile } from './ranking-metrics.ts';
import { readScriptArgs } from './script-args.ts';
import { containsAnswer, loadSquad, type SquadQuestion, writeSquadLibrary } from './squad.ts';

const USAGE = `Usage: npm run eval:qa -- --squad FILE [--off-library] [--distractors N [--beir DIR]] [--sample N] [--seed N]
                         [--limit N] [--json]
  --off-library  only every other article is in the library; the others' questions should abstain
  --distractors N  N more passages in the library, as articles of their own: the search bench's corpus (SciFact
                 abstracts from --beir, default ../shared/eval/scifact, then synthetic passages over their words)
  --sample N     ask N questions drawn at random (default: all)
`;

/** What one question came to. */
export interface QuestionOutcome {
  readonly question: SquadQuestion;
  /** The question's article is in the library. */
  readonly inLibrary: boolean;
  readonly answer: Answer;
  readonly ms: number;
}

/** The figures `eval:qa` prints. */
export interface QaReport {
  readonly articles: {
    readonly inLibrary: number;
    readonly leftOut: number;
    /** With --distractors: the other articles and their passages in the library. */
    readonly distractors?: { readonly articles: number; readonly passages: number };
  };
  /** Answerable questions about articles in the library. */
  readonly answerable: {
    readonly count: number;
    readonly answered: number;
    readonly hitAt1: number;
    readonly hitAt3: number;
  };
  /** Answerable questions about articles left out of the library (with --off-library): they should abstain. */
  readonly offLibrary: { readonly count: number; readonly abstained: number };
  /** SQuAD's unanswerable questions about articles in the library. */
  readonly unanswerable: { readonly count: number; readonly abstained: number };
  readonly latency: { readonly p50_ms: number; readonly p99_ms: number };
  /** Quotes that are not exactly the article text at their offsets (must be 0). */
  readonly notVerbatim: number;
  readonly quotes: number;
}

const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/** The quoted texts of an answer's first `count` results. */
function quotedTexts(answer: Answer, count: number): string[] {
  return answer.results.slice(0, count).flatMap((result) => result.quote.pieces.map((piece) => piece.text));
}

/** Sums the outcomes into the report's figures. */
export function summarise(outcomes: readonly QuestionOutcome[], articles: QaReport['articles']): QaReport {
  const answerable = outcomes.filter((o) => o.inLibrary && !o.question.impossible);
  const offLibrary = outcomes.filter((o) => !o.inLibrary && !o.question.impossible);
  const unanswerable = outcomes.filter((o) => o.inLibrary && o.question.impossible);
  const hit = (o: QuestionOutcome, count: number) =>
    quotedTexts(o.answer, count).some((quote) => containsAnswer(quote, o.question.answers));
  let quotes = 0;
  let notVerbatim = 0;
  for (const { answer } of outcomes) {
    for (const result of answer.results) {
      for (const piece of result.quote.pieces) {
        quotes++;
        if (result.article.body.slice(piece.start, piece.end) !== piece.text) notVerbatim++;
      }
    }
  }
  const latencies = outcomes.map((o) => o.ms);
  return {
    articles,
    answerable: {
      count: answerable.length,
      answered: share(answerable.filter((o) => !o.answer.abstained).length, answerable.length),
      hitAt1: share(answerable.filter((o) => hit(o, 1)).length, answerable.length),
      hitAt3: share(answerable.filter((o) => hit(o, 3)).length, answerable.length),
    },
    offLibrary: {
      count: offLibrary.length,
      abstained: share(offLibrary.filter((o) => o.answer.abstained).length, offLibrary.length),
    },
    unanswerable: {
      count: unanswerable.length,
      abstained: share(unanswerable.filter((o) => o.answer.abstained).length, unanswerable.length),
    },
    latency: { p50_ms: percentile(latencies, 0.5), p99_ms: percentile(latencies, 0.99) },
    notVerbatim,
    quotes,
  };
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/** The report as a short Markdown table. */
export function formatQaReport(report: QaReport): string {
  const rows = [
    `| answerable questions (in the library) | ${report.answerable.count} | answered ${percent(report.answerable.answered)}, hit@1 ${percent(report.answerable.hitAt1)}, hit@3 ${percent(report.answerable.hitAt3)} |`,
    `| SQuAD's unanswerable questions | ${report.unanswerable.count} | abstained ${percent(report.unanswerable.abstained)} |`,
  ];
  if (report.articles.leftOut > 0) {
    rows.push(
      `| questions about articles left out | ${report.offLibrary.count} | abstained ${percent(report.offLibrary.abstained)} |`,
    );
  }
  rows.push(
    `| latency per question | | p50 ${report.latency.p50_ms.toFixed(2)} ms, p99 ${report.latency.p99_ms.toFixed(2)} ms |`,
    `| quotes verbatim | ${report.quotes} | ${report.quotes - report.notVerbatim} of ${report.quotes} |`,
  );
  const { distractors } = report.articles;
  const others = distractors
    ? `, and ${distractors.articles} distractor articles of ${distractors.passages} passages`
    : '';
  return [
    `Library: ${report.articles.inLibrary} articles (${report.articles.leftOut} left out)${others}.`,
    '',
    '| questions | count | result |',
    '|---|---:|---|',
    ...rows,
    '',
  ].join('\n');
}

/** Draws `count` questions at random (deterministic for a seed), keeping their order. */
function sample<T>(items: readonly T[], count: number | undefined, seed: number): T[] {
  if (count === undefined || count >= items.length) return [...items];
  const random = seededRandom(seed);
  const keys = items.map((item, i) => ({ item, i, key: random() }));
  return keys
    .sort((a, b) => a.key - b.key)
    .slice(0, count)
    .sort((a, b) => a.i - b.i)
    .map(({ item }) => item);
}

/** Runs the evaluation: the library in `dataDir` (a new temporary folder), every question asked once. */
/** Distractor articles as files of the library, each with its own URL (SciFact repeats some titles). */
async function writeDistractors(dataDir: string, articles: readonly Article[]): Promise<void> {
  for (const article of articles) {
    const frontMatter = [
      '---',
      `title: ${JSON.stringify(article.title)}`,
      `url: ${JSON.stringify(article.url)}`,
      `publisher: ${article.publisher}`,
      `published: ${article.published}`,
      '---',
    ].join('\n');
    await writeFile(join(dataDir, 'articles', `${article.id}.md`), `${frontMatter}\n\n${article.body}\n`);
  }
}

export async function evaluateQa(
  file: string,
  options: {
    offLibrary?: boolean;
    /** This many more passages in the library, from the search bench's corpus (see {@link USAGE}). */
    distractors?: number;
    /** The BEIR folder the distractors come from. */
    beir?: string;
    sample?: number;
    seed?: number;
    limit?: number;
    /** For calibration: answer with other numbers than the defaults. */
    tuning?: AnswerOptions['tuning'];
  } = {},
): Promise<{ report: QaReport; outcomes: QuestionOutcome[] }> {
  const set = await loadSquad(file);
  const kept = options.offLibrary ? set.articles.filter((_, i) => i % 2 === 0) : set.articles;
  const keptIds = new Set(kept.map((article) => article.id));
  const dataDir = await mkdtemp(join(tmpdir(), 'footnote-qa-'));
  try {
    await writeSquadLibrary(dataDir, kept);
    const distractors = options.distractors
      ? benchArticles(
          benchCorpus(
            (await loadBeir(options.beir ?? '../shared/eval/scifact', undefined, { qrels: false })).documents,
            options.distractors,
          ),
        )
      : [];
    await writeDistractors(dataDir, distractors);
    const library = await openLibrary({ dataDir, strict: true });
    prepareEnglishCounts(library.index.options.text);
    const questions = sample(set.questions, options.sample, options.seed ?? 1);
    const outcomes: QuestionOutcome[] = [];
    for await (const item of answerBatch(
      questions.map((q) => ({ id: q.id, question: q.question })),
      library,
      options.limit ?? 3,
      options.tuning,
    )) {
      const question = questions[item.index] as SquadQuestion;
      if ('error' in item) throw new Error(`eval:qa: question ${question.id}: ${item.error}`);
      outcomes.push({
        question,
        inLibrary: keptIds.has(question.articleId),
        answer: item.answer,
        ms: item.ms,
      });
    }
    return {
      report: summarise(outcomes, {
        inLibrary: kept.length,
        leftOut: set.articles.length - kept.length,
        ...(options.distractors
          ? { distractors: { articles: distractors.length, passages: options.distractors } }
          : {}),
      }),
      outcomes,
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = readScriptArgs(
    argv,
    {
      squad: { type: 'string' },
      'off-library': { type: 'boolean' },
      distractors: { type: 'string' },
      beir: { type: 'string' },
      sample: { type: 'string' },
      seed: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    },
    USAGE,
  );
  if ('exit' in parsed) return parsed.exit;
  const { values, flags } = parsed;
  const number = (name: string) => (values[name] === undefined ? undefined : Number(values[name]));
  const sampleSize = number('sample');
  const seed = number('seed');
  const limit = number('limit');
  const distractors = number('distractors');
  if (
    typeof values.squad !== 'string' ||
    [sampleSize, seed, limit, distractors].some((n) => n !== undefined && (!Number.isInteger(n) || n < 1))
  ) {
    process.stderr.write(USAGE);
    return 2;
  }
  const { report } = await evaluateQa(values.squad, {
    offLibrary: flags.has('off-library'),
    ...(distractors === undefined ? {} : { distractors }),
    ...(values.beir === undefined ? {} : { beir: values.beir }),
    ...(sampleSize === undefined ? {} : { sample: sampleSize }),
    ...(seed === undefined ? {} : { seed }),
    ...(limit === undefined ? {} : { limit }),
  });
  process.stdout.write(flags.has('json') ? `${JSON.stringify(report)}\n` : formatQaReport(report));
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`eval:qa: ${(error as Error).message}\n`);
    return 1;
  });
}
