import { isDateBound } from '../timeline/filter.ts';
import { factLine, factToJson } from '../timeline/json.ts';
import { type CliCommand, type ParsedArgs, printJson, UsageError } from './command.ts';

function boundOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !isDateBound(value))
    throw new UsageError(`--${name} takes YYYY, YYYY-MM or YYYY-MM-DD`);
  return value;
}

export const timelineCommand: CliCommand = {
  name: 'timeline',
  usage: '[--from YYYY[-MM[-DD]]] [--to YYYY[-MM[-DD]]]',
  summary: 'dated events found in the articles, in chronological order',
  options: {
    from: { type: 'string', description: 'only events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)' },
    to: { type: 'string', description: 'only events on or before this date' },
  },
  async run(args, io) {
    const from = boundOption(args, 'from');
    const to = boundOption(args, 'to');
    if (from && to && from.localeCompare(to) > 0 && !to.startsWith(from))
      throw new UsageError('--from is after --to');
    const library = await io.openLibrary(args);
    const facts = library.timeline.search.find({ from, to });
    if (args.json) {
      printJson(io, {
        facts: facts.map((fact) =>
          factToJson(fact, library.articles.get(fact.articleId) ?? missingArticle(fact.articleId)),
        ),
      });
      return 0;
    }
    io.out(facts.length === 0 ? 'No dated events.\n' : `${facts.map(factLine).join('\n')}\n`);
    return 0;
  },
};

/** Never happens for a fact built from the library; keeps the JSON shape total. */
export function missingArticle(id: string) {
  return { id, title: '', url: '', published: '' };
}
