import type { LoadProblem } from '../corpus/types.ts';
import { toIsoDate } from '../ingest/date.ts';
import { DEFAULT_FETCH_LIMITS, type FetchLimits } from '../ingest/fetch.ts';
import { type IngestResult, ingest } from '../ingest/pipeline.ts';
import { formatProblem } from '../library.ts';
import { type CliCommand, type CliIO, type ParsedArgs, printJson, UsageError } from './command.ts';

const STATUSES = ['added', 'updated', 'unchanged', 'failed'] as const;

function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value.trim() || undefined : undefined;
}

function numberOption(args: ParsedArgs, name: string, fallback: number, min: number, max: number): number {
  const raw = stringOption(args, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`--${name} takes a number from ${min} to ${max}`);
  }
  return value;
}

/** `--allow-private`, or the setting INGEST_ALLOW_PRIVATE=true. */
function allowPrivate(args: ParsedArgs): boolean {
  return args.values['allow-private'] === true || args.config.INGEST_ALLOW_PRIVATE;
}

/** Reads and checks the ingest flags (and the INGEST_ALLOW_PRIVATE setting); throws UsageError when bad. */
export function ingestSettings(args: ParsedArgs): {
  inputs: readonly string[];
  limits: FetchLimits;
  allowPrivate: boolean;
  overrides: { url?: string; publisher?: string; published?: string };
} {
  const inputs = args.positionals;
  if (inputs.length === 0) throw new UsageError('give at least one file, folder or http(s) URL');
  const url = stringOption(args, 'url');
  if (url !== undefined) {
    if (inputs.length > 1) throw new UsageError('--url names one article, so it takes exactly one input');
    if (!/^https?:\/\/[^/\s]+/i.test(url)) throw new UsageError('--url takes an http(s) URL');
  }
  const rawDate = stringOption(args, 'published');
  const published = rawDate === undefined ? undefined : toIsoDate(rawDate);
  if (rawDate !== undefined && (published === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(rawDate))) {
    throw new UsageError('--published takes a date as YYYY-MM-DD');
  }
  const timeoutSeconds = numberOption(args, 'timeout', DEFAULT_FETCH_LIMITS.timeoutMs / 1000, 0.1, 600);
  const maxBytes = numberOption(args, 'max-bytes', DEFAULT_FETCH_LIMITS.maxBytes, 1024, 1024 ** 3);
  const publisher = stringOption(args, 'publisher');
  return {
    inputs,
    allowPrivate: allowPrivate(args),
    limits: {
      ...DEFAULT_FETCH_LIMITS,
      timeoutMs: Math.round(timeoutSeconds * 1000),
      maxBytes: Math.floor(maxBytes),
    },
    overrides: {
      ...(url ? { url } : {}),
      ...(publisher ? { publisher } : {}),
      ...(published ? { published } : {}),
    },
  };
}

/** One line per result, as the text output shows it. */
export function formatResult(result: IngestResult): string {
  const head = `${result.status.padEnd(9)} ${result.id ?? '-'}  ${result.input}`;
  const reason = result.reason
    ? `\n          ${result.status === 'failed' ? `${result.code}: ` : ''}${result.reason}`
    : '';
  const notes = (result.notes ?? []).map((note) => `\n          note: ${note}`).join('');
  return `${head}${reason}${notes}\n`;
}

/** The JSON shape of `ingest --json`: the results, and the article files skipped because they could not be read. */
export function resultsToJson(results: readonly IngestResult[], problems: readonly LoadProblem[] = []) {
  return { results, ...(problems.length > 0 ? { problems } : {}) };
}

function summary(results: readonly IngestResult[]): string {
  const counts = STATUSES.map((status) => `${results.filter((r) => r.status === status).length} ${status}`);
  return `${counts.join(', ')}\n`;
}

async function run(args: ParsedArgs, io: CliIO): Promise<number> {
  const { inputs, limits, allowPrivate, overrides } = ingestSettings(args);
  const problems: LoadProblem[] = [];
  const results = await ingest(inputs, {
    dataDir: args.dataDir,
    limits,
    allowPrivate,
    overrides,
    onProblem: (problem) => {
      problems.push(problem);
      if (!args.json) io.err(`skipped ${formatProblem(problem)}\n`);
    },
    ...(args.json ? {} : { onResult: (result: IngestResult) => io.out(formatResult(result)) }),
  });
  if (args.json) printJson(io, resultsToJson(results, problems));
  else io.out(summary(results));
  return results.some((result) => result.status === 'failed') ? 1 : 0;
}

export const ingestCommand: CliCommand = {
  name: 'ingest',
  usage:
    '<file|folder|url>... [--publisher NAME] [--published YYYY-MM-DD] [--url URL] [--timeout S] [--max-bytes N] [--allow-private]',
  summary:
    'add or update articles in DATA/articles/ from Markdown/text/HTML files, web pages and RSS/Atom feeds (each item is fetched)',
  options: {
    publisher: {
      type: 'string',
      description: "publisher for every input (default: the page's site name, else the URL host)",
    },
    published: {
      type: 'string',
      description: 'publication date YYYY-MM-DD for every input (when the source has none, or to correct it)',
    },
    url: {
      type: 'string',
      description: 'canonical http(s) URL of the single input (needed for a file without front matter url)',
    },
    timeout: {
      type: 'string',
      description: 'seconds allowed per fetch, redirects and body included (default 15)',
    },
    'max-bytes': { type: 'string', description: 'largest page or feed accepted, in bytes (default 5242880)' },
    'allow-private': {
      type: 'boolean',
      description:
        'also fetch loopback, private and link-local addresses, for an intranet (or INGEST_ALLOW_PRIVATE=true)',
    },
  },
  run,
};
