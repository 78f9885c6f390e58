import { errors } from './api-errors.ts';
import type { CommandRecord } from './guild-state.ts';
import type { Problem } from './limits.ts';
import type { RestRequest, RestResult } from './rest-types.ts';
import type { World } from './world.ts';

/** Discord's chat-input name rule (https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-naming). */
const CHAT_INPUT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

const asRecord = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

const problem = (path: (string | number)[], code: string, message: string): Problem => ({
  path,
  error: { code, message },
});

function checkOptions(options: unknown, path: (string | number)[], problems: Problem[]): void {
  if (options === undefined || options === null) return;
  if (!Array.isArray(options)) {
    problems.push(problem(path, 'BASE_TYPE_ARRAY', 'Must be an array.'));
    return;
  }
  if (options.length > 25)
    problems.push(problem(path, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.'));
  let seenOptional = false;
  options.forEach((raw, i) => {
    const o = asRecord(raw);
    const at = [...path, i];
    if (typeof o.name !== 'string' || !CHAT_INPUT_NAME.test(o.name) || o.name !== o.name.toLowerCase()) {
      problems.push(problem([...at, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid'));
    }
    if (typeof o.description !== 'string' || o.description.length < 1 || o.description.length > 100) {
      problems.push(
        problem([...at, 'description'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.'),
      );
    }
    if (o.required === true && seenOptional) {
      problems.push(
        problem(
          [...at],
          'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
          'Required options must be placed before non-required options',
        ),
      );
    }
    if (o.required !== true && o.type !== 1 && o.type !== 2) seenOptional = true;
    if (Array.isArray(o.choices) && o.choices.length > 25) {
      problems.push(problem([...at, 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.'));
    }
    if (o.autocomplete === true && Array.isArray(o.choices) && o.choices.length > 0) {
      problems.push(
        problem(
          [...at, 'autocomplete'],
          'APPLICATION_COMMAND_AUTOCOMPLETE_INVALID',
          'Autocomplete cannot be set with choices',
        ),
      );
    }
    checkOptions(o.options, [...at, 'options'], problems);
  });
}

/** Validates a bulk-overwrite body the way Discord does for the rules a bot most often trips over. */
export function checkCommandDefinitions(body: unknown): Problem[] {
  if (!Array.isArray(body)) return [problem([], 'BASE_TYPE_ARRAY', 'Must be an array.')];
  const problems: Problem[] = [];
  const names = new Set<string>();
  body.forEach((raw, i) => {
    const c = asRecord(raw);
    const type = typeof c.type === 'number' ? c.type : 1;
    if (typeof c.name !== 'string' || c.name.length < 1 || c.name.length > 32) {
      problems.push(problem([i, 'name'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 32 in length.'));
    } else if (type === 1 && (!CHAT_INPUT_NAME.test(c.name) || c.name !== c.name.toLowerCase())) {
      problems.push(problem([i, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid'));
    }
    const key = `${type}:${String(c.name)}`;
    if (names.has(key))
      problems.push(
        problem(
          [i, 'name'],
          'APPLICATION_COMMANDS_DUPLICATE_NAME',
          'Application command names must be unique',
        ),
      );
    names.add(key);
    if (
      type === 1 &&
      (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 100)
    ) {
      problems.push(
        problem([i, 'description'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.'),
      );
    }
    if (type === 1) checkOptions(c.options, [i, 'options'], problems);
  });
  return problems;
}

function toRecord(
  world: World,
  raw: unknown,
  guildId: string | null,
  existing: readonly CommandRecord[],
): CommandRecord {
  const c = asRecord(raw);
  const type = typeof c.type === 'number' ? c.type : 1;
  const previous = existing.find((e) => e.name === c.name && e.type === type);
  return {
    ...c,
    id: previous?.id ?? world.newId(),
    application_id: world.store.ids.applicationId,
    version: world.newId(),
    type,
    name: String(c.name),
    description: typeof c.description === 'string' ? c.description : '',
    default_member_permissions: c.default_member_permissions ?? null,
    nsfw: c.nsfw ?? false,
    ...(guildId
      ? { guild_id: guildId }
      : { integration_types: c.integration_types ?? [0], contexts: c.contexts ?? null }),
  };
}

/** `GET|PUT /applications/:app/commands` and `/applications/:app/guilds/:guild/commands`. */
export function applicationCommands(world: World, req: RestRequest): RestResult {
  const appId = req.segments[1];
  const guildId = req.segments[2] === 'guilds' ? (req.segments[3] ?? '') : null;
  if (appId !== world.store.ids.applicationId) throw errors.notFound();
  if (guildId !== null && !world.guilds.has(guildId)) throw errors.missingAccess();
  const current = guildId ? (world.store.guildCommands.get(guildId) ?? []) : world.store.globalCommands;
  if (req.method === 'GET') return { status: 200, body: current };
  const problems = checkCommandDefinitions(req.body);
  if (problems.length > 0) throw errors.invalidForm(problems);
  const next = (req.body as unknown[]).map((raw) => toRecord(world, raw, guildId, current));
  if (guildId) world.store.guildCommands.set(guildId, next);
  else world.store.globalCommands = next;
  return { status: 200, body: next };
}
