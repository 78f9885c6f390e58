import { type Answer, answerQuestion, questionProblem } from '../answer/answer.ts';
import { type CliCommand, type CliIO, integerOption, printJson, UsageError } from './command.ts';

/** The `ask --json` shape: documented in README, read by scripts. */
export function answerToJson(answer: Answer) {
  return {
    question: answer.question,
    results: answer.results.map((result) => ({
      quote: result.quote.text,
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
    ...(answer.abstained ? { abstained: true, nearest: answer.nearest } : {}),
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
    const text = `${quote.cutBefore ? '…' : ''}${quote.text}${quote.cutAfter ? '…' : ''}`;
    io.out(`[${result.rank}] “${text}”\n`);
    io.out(`    — ${citation.title}, ${citation.publisher}, ${citation.published}, ¶${citation.paragraph}\n`);
    io.out(`      ${citation.link}\n\n`);
  }
}

export const askCommand: CliCommand = {
  name: 'ask',
  usage: '"<question>" [--limit N]',
  summary: 'answer a question with verbatim quotes and citations',
  options: { limit: { type: 'string', description: 'how many quotes (default 3, at most 25)' } },
  async run(args, io) {
    const question = args.positionals.join(' ');
    if (args.positionals.length === 0) throw new UsageError('ask needs a question');
    const problem = questionProblem(question);
    if (problem) {
      io.err(`${problem}\n`);
      return 2;
    }
    const limit = integerOption(args, 'limit', 3, 1, 25);
    const library = await io.openLibrary(args);
    const answer = await answerQuestion(question, library, { limit });
    if (args.json) printJson(io, answerToJson(answer));
    else printAnswer(io, answer);
    return 0;
  },
};
