import type { REST } from 'discord.js';
import { Routes } from 'discord-api-types/v10';
import type { DeployTarget } from './deploy.ts';

/** How a reply names a command: `/daily set` as a clickable command mention when its id is known. */
export type Mention = (command: string) => string;

/** The command's name in code (`` `/daily set` ``): when its id is not known. */
export const plainMention: Mention = (command) => `\`/${command}\``;

/**
 * Mentions from registered commands' ids (name → id of the top-level command): `</daily set:123>`, which Discord
 * shows as a link that fills in the command; a command without a known id falls back to {@link plainMention}.
 */
export function mentionWith(ids: ReadonlyMap<string, string>): Mention {
  return (command) => {
    const id = ids.get(command.split(' ')[0] ?? '');
    return id ? `</${command}:${id}>` : plainMention(command);
  };
}

/** Chat-input command ids by name, from Discord's list of application commands. */
export function commandIds(registered: unknown): Map<string, string> {
  const ids = new Map<string, string>();
  if (!Array.isArray(registered)) return ids;
  for (const command of registered as { id?: unknown; name?: unknown; type?: unknown }[]) {
    if ((command.type ?? 1) === 1 && typeof command.id === 'string' && typeof command.name === 'string')
      ids.set(command.name, command.id);
  }
  return ids;
}

/** The ids of the application's global commands, overridden by those of `target.guildId` when given. */
export async function fetchCommandIds(rest: REST, target: DeployTarget): Promise<Map<string, string>> {
  const ids = commandIds(await rest.get(Routes.applicationCommands(target.applicationId)));
  if (target.guildId) {
    const guild = commandIds(
      await rest.get(Routes.applicationGuildCommands(target.applicationId, target.guildId)),
    );
    for (const [name, id] of guild) ids.set(name, id);
  }
  return ids;
}
