import { allMatches, type CiteMatch, type CiteReport, citeMessage } from '../cite/cite.ts';
import { describeDifferences, KIND_LABELS } from '../cite/describe.ts';
import { MIN_LOOKUP_WORDS } from '../cite/extract-lookups.ts';
import { type CliCommand, type CliIO, printJson, UsageError } from './command.ts';

/** The `cite --json` shape: documented in README, read by scripts. */
export function citeToJson(report: CiteReport) {
  return {
    matches: allMatches(report).map((match) => ({
      kind: match.kind,
      similarity: Number(match.similarity.toFixed(3)),
      span: { start: match.span.start, end: match.span.end, text: match.span.text },
      passage: { id: match.passage.id, paragraph: match.passage.paragraph },
      article: {
        id: match.article.id,
        title: match.article.title,
        url: match.article.url,
        published: match.article.published,
      },
    })),
  };
}

function printMatch(io: CliIO, match: CiteMatch): void {
  const { citation } = match;
  io.out(`  ${KIND_LABELS[match.kind]} · similarity ${match.similarity.toFixed(2)}\n`);
  io.out(`  “${match.span.text.replace(/\s*\n\s*/gu, ' ¶ ')}”\n`);
  for (const line of describeDifferences(match, (text) => `“${text}”`)) io.out(`    · ${line}\n`);
  io.out(`  — ${citation.title}, ${citation.publisher}, ${citation.published}, ¶${citation.paragraph}\n`);
  io.out(`    ${citation.link}\n\n`);
}

function printReport(io: CliIO, report: CiteReport): void {
  for (const { lookup, matches } of report.lookups) {
    io.out(`Looked up: “${lookup.text}”\n`);
    if (matches.length === 0) io.out('  Not found in the library.\n\n');
    for (const match of matches) printMatch(io, match);
  }
}

export const citeCommand: CliCommand = {
  name: 'cite',
  usage: '"<quote or claim>"',
  summary: 'find where a quote or claim comes from: verbatim, close, related or not found',
  async run(args, io) {
    const text = args.positionals.join(' ');
    if (text.trim().length === 0) throw new UsageError('cite needs the text to look up');
    const library = await io.openLibrary(args);
    const report = await citeMessage(text, library);
    if (args.json) printJson(io, citeToJson(report));
    else if (report.lookups.length === 0) io.err(`Give at least ${MIN_LOOKUP_WORDS} words to look up.\n`);
    else printReport(io, report);
    return 0;
  },
};
