import type { OptionInput } from './types.ts';

/** Application command option types (https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-option-type). */
export const OptionType = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;

/** An option of a registered command definition (the fields the emulator reads). */
export interface OptionDefinition {
  readonly type: number;
  readonly name: string;
  readonly description?: string;
  readonly required?: boolean;
  readonly autocomplete?: boolean;
  readonly choices?: readonly { readonly name: string; readonly value: string | number }[];
  readonly options?: readonly OptionDefinition[];
  readonly min_value?: number;
  readonly max_value?: number;
  readonly min_length?: number;
  readonly max_length?: number;
}

/** A registered command definition (the fields the emulator reads). */
export interface CommandDefinition {
  readonly name: string;
  readonly type?: number;
  readonly description?: string;
  readonly options?: readonly OptionDefinition[];
}

/** An option as sent in INTERACTION_CREATE `data.options`. */
export interface InteractionOption {
  readonly type: number;
  readonly name: string;
  readonly value?: string | number | boolean;
  readonly options?: InteractionOption[];
  readonly focused?: boolean;
}

/** A user input Discord's client would never let through (unknown option, wrong type, missing required option). */
export class CommandInputError extends Error {
  override readonly name = 'CommandInputError';
}

const isSub = (o: OptionDefinition): boolean =>
  o.type === OptionType.Subcommand || o.type === OptionType.SubcommandGroup;

/** The subcommand path (`group sub` or `sub`) and the leaf option definitions it selects. */
export function selectSubcommand(
  command: CommandDefinition,
  subcommand: string | undefined,
): { path: OptionDefinition[]; leaf: readonly OptionDefinition[] } {
  const options = command.options ?? [];
  if (!options.some(isSub)) {
    if (subcommand) throw new CommandInputError(`/${command.name} has no subcommands (got "${subcommand}")`);
    return { path: [], leaf: options };
  }
  const words = (subcommand ?? '').trim().split(/\s+/).filter(Boolean);
  const names = options.filter(isSub).map((o) => o.name);
  if (words.length === 0)
    throw new CommandInputError(`/${command.name} needs a subcommand: ${names.join(', ')}`);
  const path: OptionDefinition[] = [];
  let level = options;
  for (const word of words) {
    const next = level.find((o) => isSub(o) && o.name === word);
    if (!next)
      throw new CommandInputError(`/${command.name} has no subcommand "${word}" (try: ${names.join(', ')})`);
    path.push(next);
    level = next.options ?? [];
  }
  const last = path[path.length - 1];
  if (last?.type === OptionType.SubcommandGroup) {
    throw new CommandInputError(`/${command.name} ${words.join(' ')} needs a subcommand`);
  }
  return { path, leaf: level };
}

function coerce(
  def: OptionDefinition,
  raw: OptionInput,
  resolveChannel: (v: string) => string | null,
): string | number | boolean {
  const where = `option "${def.name}"`;
  switch (def.type) {
    case OptionType.Integer:
    case OptionType.Number: {
      const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
      if (!Number.isFinite(n) || (def.type === OptionType.Integer && !Number.isInteger(n))) {
        throw new CommandInputError(
          `${where} expects ${def.type === OptionType.Integer ? 'an integer' : 'a number'}, got "${raw}"`,
        );
      }
      if (def.min_value !== undefined && n < def.min_value)
        throw new CommandInputError(`${where} must be at least ${def.min_value}`);
      if (def.max_value !== undefined && n > def.max_value)
        throw new CommandInputError(`${where} must be at most ${def.max_value}`);
      return n;
    }
    case OptionType.Boolean: {
      if (typeof raw === 'boolean') return raw;
      const s = String(raw).trim().toLowerCase();
      if (['true', 'yes', 'y', '1', 'on'].includes(s)) return true;
      if (['false', 'no', 'n', '0', 'off'].includes(s)) return false;
      throw new CommandInputError(`${where} expects true or false, got "${raw}"`);
    }
    case OptionType.Channel: {
      const id = resolveChannel(String(raw).trim().replace(/^#/, ''));
      if (!id) throw new CommandInputError(`${where}: no channel "${raw}"`);
      return id;
    }
    default: {
      const s = String(raw);
      if (def.min_length !== undefined && s.length < def.min_length) {
        throw new CommandInputError(`${where} must be at least ${def.min_length} characters`);
      }
      if (def.max_length !== undefined && s.length > def.max_length) {
        throw new CommandInputError(`${where} must be at most ${def.max_length} characters`);
      }
      return s;
    }
  }
}

/** Choices accept either the choice's value or its display name, as picking from Discord's list would. */
function applyChoices(def: OptionDefinition, value: string | number | boolean): string | number | boolean {
  if (!def.choices || def.choices.length === 0) return value;
  const byValue = def.choices.find((c) => c.value === value || String(c.value) === String(value));
  const byName = def.choices.find((c) => c.name.toLowerCase() === String(value).toLowerCase());
  const choice = byValue ?? byName;
  if (!choice) {
    throw new CommandInputError(
      `option "${def.name}" must be one of: ${def.choices.map((c) => c.name).join(', ')}`,
    );
  }
  return choice.value;
}

/**
 * Builds INTERACTION_CREATE `data.options` from user input, typed by the registered definition.
 * With `focused` (autocomplete), that option is sent as the raw partial string with `focused: true`
 * and required options may be missing, as Discord does while the user is still typing.
 */
export function buildInteractionOptions(
  command: CommandDefinition,
  input: Readonly<Record<string, OptionInput>>,
  options: { subcommand?: string; focused?: string; resolveChannel: (v: string) => string | null },
): { options: InteractionOption[]; channelIds: string[] } {
  const { path, leaf } = selectSubcommand(command, options.subcommand);
  const known = new Set(leaf.map((o) => o.name));
  const unknown = Object.keys(input).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    const list = leaf.map((o) => o.name).join(', ') || 'none';
    throw new CommandInputError(`/${command.name}: unknown option "${unknown[0]}" (options: ${list})`);
  }
  const channelIds: string[] = [];
  const leafOptions: InteractionOption[] = [];
  for (const def of leaf) {
    const raw = input[def.name];
    if (raw === undefined || raw === '') {
      if (def.required && options.focused === undefined) {
        const required = leaf.filter((o) => o.required).map((o) => o.name);
        throw new CommandInputError(
          `/${command.name}: missing required option "${def.name}" (required: ${required.join(', ')})`,
        );
      }
      if (def.name !== options.focused) continue;
    }
    if (def.name === options.focused) {
      leafOptions.push({ type: def.type, name: def.name, value: String(raw ?? ''), focused: true });
      continue;
    }
    const value = applyChoices(def, coerce(def, raw as OptionInput, options.resolveChannel));
    if (def.type === OptionType.Channel) channelIds.push(String(value));
    leafOptions.push({ type: def.type, name: def.name, value });
  }
  if (options.focused !== undefined && !known.has(options.focused)) {
    throw new CommandInputError(`/${command.name}: unknown option "${options.focused}" to autocomplete`);
  }
  // Wrap leaf options in their subcommand (and group), innermost first.
  const wrapped = path.reduceRight<InteractionOption[]>(
    (inner, sub) => [{ type: sub.type, name: sub.name, options: inner }],
    leafOptions,
  );
  return { options: wrapped, channelIds };
}
