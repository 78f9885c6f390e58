import { parseArgs } from 'node:util';
import { type Logger, pino } from 'pino';
import { type Config, ConfigError, environment, parseConfig } from '../config.ts';
import { formatProblem, LibraryLoadError, openLibrary } from '../library.ts';
import type { CliCommand, CliIO, ParsedArgs } from './command.ts';
import { UsageError } from './command.ts';
import { CLI_COMMANDS } from './registry.ts';

const GLOBAL_OPTIONS = {
  json: { type: 'boolean', description: 'machine-readable output on stdout' },
  data: {
    type: 'string',
    description: 'the library folder (default: the setting FOOTNOTE_DATA_DIR, else data)',
  },
  strict: { type: 'boolean', description: 'a bad article file is fatal instead of skipped' },
  help: { type: 'boolean', description: 'show usage' },
} as const;

/** The usage text: every command with its arguments and options. */
export function usage(commands: readonly CliCommand[] = CLI_COMMANDS): string {
  const lines = ['Usage: npm run --silent cli -- <command> [options]', '', 'Commands:'];
  for (const command of commands) {
    lines.push(`  ${`${command.name} ${command.usage}`.trim()}`);
    lines.push(`      ${command.summary}`);
    for (const [name, option] of Object.entries(command.options ?? {})) {
      lines.push(`      --${name}${option.type === 'string' ? ' <value>' : ''}  ${option.description}`);
    }
  }
  lines.push('', 'Options for every command:');
  for (const [name, option] of Object.entries(GLOBAL_OPTIONS)) {
    lines.push(`  --${name}${option.type === 'string' ? ' <value>' : ''}  ${option.description}`);
  }
  return `${lines.join('\n')}\n`;
}

function parseCommandLine(command: CliCommand, argv: readonly string[], config: Config): ParsedArgs {
  const options = Object.fromEntries(
    Object.entries({ ...GLOBAL_OPTIONS, ...(command.options ?? {}) }).map(([name, option]) => [
      name,
      { type: option.type, ...('multiple' in option && option.multiple ? { multiple: true } : {}) },
    ]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { json, data, strict, ...values } = parsed.values;
  return {
    positionals: parsed.positionals,
    values: values as ParsedArgs['values'],
    json: json === true,
    dataDir: typeof data === 'string' ? data : config.FOOTNOTE_DATA_DIR,
    strict: strict === true,
    config,
  };
}

/**
 * The default way commands open the library: warnings to stderr, never to stdout (it may carry JSON), at the
 * level LOG_LEVEL sets (from `.env` or the environment, as for the bot; default warn).
 */
export function defaultIO(): CliIO {
  let logger: Logger | undefined;
  const loggerFor = (config: Config) => {
    logger ??= pino({ level: config.LOG_LEVEL ?? 'warn', base: null }, pino.destination(2));
    return logger;
  };
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    openLibrary: (args) =>
      openLibrary({ dataDir: args.dataDir, strict: args.strict, logger: loggerFor(args.config) }),
    now: () => new Date(),
  };
}

/**
 * Runs the CLI on `argv` (without `node` and the script) and returns the exit code. Settings come from `env`
 * (default: `.env` under the process's variables) through the bot's schema: one configuration for every entry point.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIO = defaultIO(),
  env: Readonly<Record<string, string | undefined>> = environment(),
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(usage());
    return name === undefined ? 2 : 0;
  }
  const command = CLI_COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.err(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  let config: Config;
  try {
    config = parseConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(`${error.message}\n`);
    return 2;
  }
  try {
    const args = parseCommandLine(command, rest, config);
    if (args.values.help === true) {
      io.out(usage([command]));
      return 0;
    }
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${command.name}: ${error.message}\n\n${usage([command])}`);
      return 2;
    }
    if (error instanceof LibraryLoadError) {
      io.err(
        `The library has bad article files (--strict):\n${error.problems.map(formatProblem).join('\n')}\n`,
      );
      return 1;
    }
    throw error;
  }
}
