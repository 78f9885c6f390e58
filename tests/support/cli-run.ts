import type { CliCommand, CliIO, ParsedArgs } from '../../src/cli/command.ts';
import { parseConfig } from '../../src/config.ts';
import type { Library } from '../../src/library.ts';

/** What a CLI command printed and returned, run in-process against `library`. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  /** The files the command asked to read (`readInput`), in order. */
  readonly read: readonly string[];
}

/** Runs `command` with these arguments against `library`; `input` is what any input file holds. */
export async function runCliCommand(
  command: CliCommand,
  library: Library,
  args: Partial<ParsedArgs>,
  input = '',
): Promise<CliRun> {
  let out = '';
  let err = '';
  const read: string[] = [];
  const io: CliIO = {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    openLibrary: async () => library,
    now: () => new Date(0),
    readInput: async (file) => {
      read.push(file);
      return input;
    },
  };
  const parsed: ParsedArgs = {
    positionals: [],
    values: {},
    json: false,
    dataDir: 'data',
    strict: false,
    config: parseConfig({}),
    ...args,
  };
  const code = await command.run(parsed, io);
  return { code, out, err, read };
}
