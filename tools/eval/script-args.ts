import { type ParseArgsConfig, parseArgs } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * The command line of an evaluation or benchmark script: its string values and the flags set, or the exit code to stop with (2 after a
 * bad option, with the usage on stderr; 0 after printing the usage for `--help`).
 */
export function readScriptArgs(
  argv: readonly string[],
  options: Options,
  usage: string,
): { values: Readonly<Record<string, string | undefined>>; flags: ReadonlySet<string> } | { exit: number } {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean' } },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}`);
    return { exit: 2 };
  }
  if (values.help) {
    process.stdout.write(usage);
    return { exit: 0 };
  }
  const strings: Record<string, string | undefined> = {};
  const flags = new Set<string>();
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string') strings[name] = value;
    else if (value === true) flags.add(name);
  }
  return { values: strings, flags };
}
