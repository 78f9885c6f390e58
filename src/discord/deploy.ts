import type { REST } from 'discord.js';
import { Routes } from 'discord-api-types/v10';
import type { CommandData } from './command.ts';

/** Where commands are registered: one guild (instant, for testing) or everywhere (global). */
export interface DeployTarget {
  readonly applicationId: string;
  readonly guildId?: string | undefined;
}

/** Command definitions as Discord's bulk-overwrite body, sorted by name. */
export function commandDefinitions(commands: Iterable<{ readonly data: CommandData }>) {
  return [...commands].map((command) => command.data.toJSON()).sort((a, b) => a.name.localeCompare(b.name));
}

/** Replaces the application's commands in the target with these (bulk overwrite: removed commands disappear). */
export async function deployCommands(
  rest: REST,
  target: DeployTarget,
  commands: Iterable<{ readonly data: CommandData }>,
): Promise<number> {
  const body = commandDefinitions(commands);
  const route = target.guildId
    ? Routes.applicationGuildCommands(target.applicationId, target.guildId)
    : Routes.applicationCommands(target.applicationId);
  await rest.put(route, { body });
  return body.length;
}
