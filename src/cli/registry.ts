import { askCommand } from './ask.ts';
import { buildIndexCommand } from './build-index.ts';
import { citeCommand } from './cite.ts';
import type { CliCommand } from './command.ts';
import { factCommand } from './fact.ts';
import { ingestCommand } from './ingest.ts';
import { statsCommand } from './stats.ts';
import { timelineCommand } from './timeline.ts';

/** Every `cli` subcommand. To add one: a module in src/cli exporting a CliCommand, and one entry here. */
export const CLI_COMMANDS: readonly CliCommand[] = [
  askCommand,
  statsCommand,
  buildIndexCommand,
  ingestCommand,
  citeCommand,
  timelineCommand,
  factCommand,
];
