import type { Library } from '../library.ts';
import { type CliCommand, printJson } from './command.ts';

/** The `stats --json` shape. */
export function statsToJson(library: Library) {
  const { stats } = library;
  return {
    articles: stats.articles,
    passages: stats.passages,
    index_bytes: stats.indexBytes,
    build_ms: Math.round(stats.buildMs),
    load_ms: Math.round(stats.loadMs),
    index_built_at: stats.indexBuiltAt.toISOString(),
    index_source: stats.indexSource,
    date_range: stats.dateRange,
    problems: library.problems.length,
  };
}

export const statsCommand: CliCommand = {
  name: 'stats',
  usage: '',
  summary: 'articles, passages, index size, build time, date range',
  async run(args, io) {
    const library = await io.openLibrary(args);
    const json = statsToJson(library);
    if (args.json) {
      printJson(io, json);
      return 0;
    }
    const range = json.date_range ? `${json.date_range.from} to ${json.date_range.to}` : 'none';
    io.out(
      [
        `articles:      ${json.articles}${json.problems > 0 ? ` (${json.problems} file problem(s) skipped)` : ''}`,
        `passages:      ${json.passages}`,
        `index:         ${(json.index_bytes / 1024).toFixed(1)} KiB, ${json.index_source === 'saved' ? `loaded in ${json.load_ms} ms` : 'built now'}`,
        `index built:   ${json.index_built_at} in ${json.build_ms} ms`,
        `published:     ${range}`,
        '',
      ].join('\n'),
    );
    return 0;
  },
};
