import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AnyCommand } from './command.ts';

/** The `commands/` folder at the top of the repository. */
export const COMMANDS_DIR = fileURLToPath(new URL('../../commands/', import.meta.url));

/** A command file that does not have the expected shape; the message names the file and what is wrong. */
export class CommandLoadError extends Error {
  override readonly name = 'CommandLoadError';
}

/** Checks one module's default export is `{ data, execute, autocomplete?, button? }`; returns it as a command. */
export function checkCommandModule(file: string, module: unknown): AnyCommand {
  const fail = (what: string): never => {
    throw new CommandLoadError(`commands: ${file}: ${what}`);
  };
  const command = (module as { default?: unknown } | null)?.default;
  if (typeof command !== 'object' || command === null) {
    return fail(
      'expected `export default { data, execute } satisfies Command`, found no default export object',
    );
  }
  const shape = command as Record<string, unknown>;
  const data = shape.data as { name?: unknown; toJSON?: unknown } | undefined;
  if (typeof data !== 'object' || data === null || typeof data.toJSON !== 'function') {
    return fail('`data` must be a command builder (SlashCommandBuilder or ContextMenuCommandBuilder)');
  }
  if (typeof data.name !== 'string' || data.name.length === 0) fail('`data` has no name (call setName)');
  try {
    (data.toJSON as () => unknown).call(data);
  } catch (error) {
    fail(`\`data\` is not a valid command definition: ${(error as Error).message}`);
  }
  if (typeof shape.execute !== 'function')
    fail('`execute` must be a function (interaction, context) => Promise<void>');
  for (const optional of ['autocomplete', 'button', 'cooldownSeconds'] as const) {
    if (shape[optional] !== undefined && typeof shape[optional] !== 'function')
      fail(`\`${optional}\` must be a function`);
  }
  if (shape.examples !== undefined && !Array.isArray(shape.examples))
    fail('`examples` must be an array of strings');
  return command as AnyCommand;
}

/** Imports every `.ts`/`.js` file of `dir` (not tests, not `_`-prefixed), checks each, keyed by command name. */
export async function loadCommands(dir: string = COMMANDS_DIR): Promise<Map<string, AnyCommand>> {
  const files = (await readdir(dir))
    .filter((name) => /\.(ts|js|mjs)$/.test(name) && !/\.(d|test)\.ts$/.test(name) && !name.startsWith('_'))
    .sort();
  const commands = new Map<string, AnyCommand>();
  const owners = new Map<string, string>();
  for (const name of files) {
    const path = join(dir, name);
    const shown = relative(process.cwd(), path) || path;
    let module: unknown;
    try {
      module = await import(pathToFileURL(path).href);
    } catch (error) {
      throw new CommandLoadError(`commands: ${shown}: could not be imported: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const command = checkCommandModule(shown, module);
    const existing = owners.get(command.data.name);
    if (existing)
      throw new CommandLoadError(
        `commands: ${shown}: the name "${command.data.name}" is already used by ${existing}`,
      );
    owners.set(command.data.name, shown);
    commands.set(command.data.name, command);
  }
  return commands;
}
