import { askCommand } from './ask.ts';
import { buildIndexCommand } from './build-index.ts';
import type { CliCommand } from './command.ts';
import { statsCommand } from './stats.ts';

/** Every `cli` subcommand. To add one: a module in src/cli exporting a CliCommand, and one entry here. */
export const CLI_COMMANDS: readonly CliCommand[] = [askCommand, statsCommand, buildIndexCommand];
