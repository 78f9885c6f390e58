import type { Config } from '../config.ts';
import type { Library } from '../library.ts';

/** An option a CLI command accepts, besides the global `--json`, `--data`, `--strict` and `--help`. */
export interface CliOption {
  readonly type: 'string' | 'boolean';
  readonly description: string;
  /** May be given several times (values collected in order). */
  readonly multiple?: boolean;
}

/** The parsed command line of one command. */
export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly json: boolean;
  /** `--data`, else the setting FOOTNOTE_DATA_DIR. */
  readonly dataDir: string;
  readonly strict: boolean;
  /** The settings, read as the bot reads them (`.env` under the process's variables, one schema). */
  readonly config: Config;
}

/** Where a command writes, and how it opens the library (so tests can run commands in-process). */
export interface CliIO {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly openLibrary: (args: ParsedArgs) => Promise<Library>;
  /** The current time (a parameter, so commands that depend on "today" are testable). */
  readonly now: () => Date;
  /** Reads an input file, `-` for standard input (default: the file system and the process's stdin). */
  readonly readInput?: (file: string) => Promise<string>;
}

/** A `cli` subcommand. `run` returns the exit code: 0 ok, 1 failed, 2 usage error. */
export interface CliCommand {
  readonly name: string;
  /** Arguments after the name, e.g. `"<question>" [--limit N]`. */
  readonly usage: string;
  readonly summary: string;
  readonly options?: Readonly<Record<string, CliOption>>;
  run(args: ParsedArgs, io: CliIO): Promise<number>;
}

/** A bad command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Reads a positive integer option, or the fallback when absent. */
export function integerOption(args: ParsedArgs, name: string, fallback: number, min = 1, max = 1000): number {
  const raw = args.values[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} takes a whole number from ${min} to ${max}`);
  }
  return value;
}

/** Writes `value` as pretty JSON and a newline. */
export function printJson(io: CliIO, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}
