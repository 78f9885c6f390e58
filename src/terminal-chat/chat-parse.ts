import { type CommandDefinition, type OptionDefinition, OptionType } from '../local-discord/index.ts';

/** What one line typed in the terminal chat asks for. */
export type ChatLine =
  | { readonly kind: 'empty' }
  | { readonly kind: 'list' }
  | { readonly kind: 'help' }
  | {
      readonly kind: 'slash';
      readonly name: string;
      readonly subcommand?: string;
      readonly options: Record<string, string>;
    }
  | {
      readonly kind: 'autocomplete';
      readonly name: string;
      readonly subcommand?: string;
      readonly options: Record<string, string>;
      readonly focused: string;
    }
  | { readonly kind: 'button'; readonly number: number }
  | { readonly kind: 'apps'; readonly name: string | null; readonly target: number | null }
  | { readonly kind: 'say'; readonly text: string }
  | { readonly kind: 'error'; readonly message: string };

const isSub = (o: OptionDefinition): boolean =>
  o.type === OptionType.Subcommand || o.type === OptionType.SubcommandGroup;
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Splits `sub? opt: value opt2: value` against a command definition; the last value runs to the end. */
function parseArguments(
  command: CommandDefinition,
  rest: string,
):
  | { subcommand?: string; options: Record<string, string>; leaf: readonly OptionDefinition[] }
  | { error: string } {
  let leaf = command.options ?? [];
  const subWords: string[] = [];
  let remaining = rest.trim();
  while (leaf.some(isSub)) {
    const word = /^\S+/.exec(remaining)?.[0] ?? '';
    const sub = leaf.find((o) => isSub(o) && o.name === word);
    if (!sub) {
      const names = leaf
        .filter(isSub)
        .map((o) => o.name)
        .join(', ');
      return {
        error: word
          ? `/${command.name} has no subcommand "${word}" (try: ${names})`
          : `/${command.name} needs a subcommand: ${names}`,
      };
    }
    subWords.push(sub.name);
    leaf = sub.options ?? [];
    remaining = remaining.slice(word.length).trim();
  }
  const subcommand = subWords.length > 0 ? subWords.join(' ') : undefined;
  const options: Record<string, string> = {};
  const names = leaf.map((o) => o.name);
  const marker = names.length
    ? new RegExp(`(?:^|\\s)(${names.map(escapeRegExp).join('|')})\\s*:`, 'g')
    : null;
  const hits = marker ? [...remaining.matchAll(marker)] : [];
  const leading = (hits[0] ? remaining.slice(0, hits[0].index) : remaining).trim();
  if (leading) {
    const unknown = /^([\w-]+)\s*:/.exec(leading);
    const list = names.join(', ') || 'none';
    if (unknown) return { error: `/${command.name}: unknown option "${unknown[1]}" (options: ${list})` };
    // A bare value is allowed when it can only mean the first required option: `/ask Who obtained it?`.
    const first = leaf.find((o) => o.required) ?? (leaf.length === 1 ? leaf[0] : undefined);
    if (!first || hits.length > 0)
      return { error: `/${command.name}: write options as name: value (options: ${list})` };
    options[first.name] = leading;
  }
  hits.forEach((hit, i) => {
    const name = hit[1] ?? '';
    const start = (hit.index ?? 0) + hit[0].length;
    const end = hits[i + 1]?.index ?? remaining.length;
    options[name] = remaining.slice(start, end).trim();
  });
  return { ...(subcommand ? { subcommand } : {}), options, leaf };
}

/**
 * Parses a line of the terminal chat. Syntax: `/name [sub] opt: value opt2: value` runs a command;
 * `?/name ... opt:` shows autocomplete suggestions for the last option; `/apps Name #3` runs a message
 * command on message #3; a bare number presses that button; `/` lists commands; `/?` shows help;
 * anything else is posted as a message.
 */
export function parseChatLine(line: string, commands: readonly CommandDefinition[]): ChatLine {
  const text = line.trim();
  if (!text) return { kind: 'empty' };
  if (text === '/') return { kind: 'list' };
  if (text === '/?' || text === '/help?') return { kind: 'help' };
  if (/^\d+$/.test(text)) return { kind: 'button', number: Number(text) };
  const apps = /^\/apps(?:\s+(.*?))?\s*(?:#(\d+))?$/.exec(text);
  if (apps && !commands.some((c) => (c.type ?? 1) === 1 && c.name === 'apps')) {
    return { kind: 'apps', name: apps[1]?.trim() || null, target: apps[2] ? Number(apps[2]) : null };
  }
  const wantsSuggestions = text.startsWith('?/');
  const slash = /^\??\/([^\s]+)\s*(.*)$/s.exec(text);
  if (!slash) return { kind: 'say', text: line };
  const name = slash[1] ?? '';
  const command = commands.find((c) => (c.type ?? 1) === 1 && c.name === name);
  if (!command) {
    const known = commands.filter((c) => (c.type ?? 1) === 1).map((c) => `/${c.name}`);
    return {
      kind: 'error',
      message: `unknown command /${name} (commands: ${known.join(', ') || 'none yet'})`,
    };
  }
  const parsed = parseArguments(command, slash[2] ?? '');
  if ('error' in parsed) return { kind: 'error', message: parsed.error };
  const sub = parsed.subcommand ? { subcommand: parsed.subcommand } : {};
  if (!wantsSuggestions) return { kind: 'slash', name, ...sub, options: parsed.options };
  const typed = Object.keys(parsed.options);
  const focused = typed[typed.length - 1] ?? parsed.leaf.find((o) => o.autocomplete)?.name;
  const focusedDef = parsed.leaf.find((o) => o.name === focused);
  if (!focused || !focusedDef?.autocomplete) {
    const auto = parsed.leaf.filter((o) => o.autocomplete).map((o) => o.name);
    return {
      kind: 'error',
      message: `/${name}: no autocomplete here (options with suggestions: ${auto.join(', ') || 'none'})`,
    };
  }
  return { kind: 'autocomplete', name, ...sub, options: parsed.options, focused };
}

/** Tab completions for a partly typed line: command names, subcommands and option names. */
export function completeChatLine(line: string, commands: readonly CommandDefinition[]): [string[], string] {
  const chat = commands.filter((c) => (c.type ?? 1) === 1);
  const prefix = line.startsWith('?/') ? '?/' : '/';
  if (/^\??\/[^\s]*$/.test(line)) {
    const all = [...chat.map((c) => `${prefix}${c.name} `), ...(prefix === '/' ? ['/apps ', '/?'] : [])];
    const hits = all.filter((c) => c.startsWith(line));
    return [hits.length ? hits : all, line];
  }
  if (line.startsWith('/apps ')) {
    const typed = line.slice('/apps '.length);
    const names = commands.filter((c) => c.type === 3).map((c) => c.name);
    return [names.filter((n) => n.toLowerCase().startsWith(typed.toLowerCase())), typed];
  }
  const head = /^\??\/(\S+)\s+(.*)$/s.exec(line);
  const command = head ? chat.find((c) => c.name === head[1]) : undefined;
  if (!head || !command) return [[], line];
  const fragment = /(\S*)$/.exec(line)?.[1] ?? '';
  if (fragment.includes(':')) return [[], fragment];
  // Walk down through the subcommands already typed.
  let level = command.options ?? [];
  for (const word of (head[2] ?? '').split(/\s+/)) {
    const sub = level.find((o) => isSub(o) && o.name === word);
    if (sub) level = sub.options ?? [];
  }
  const used = new Set([...(head[2] ?? '').matchAll(/([\w-]+)\s*:/g)].map((m) => m[1]));
  const candidates = level.some(isSub)
    ? level.filter(isSub).map((o) => `${o.name} `)
    : level.filter((o) => !used.has(o.name)).map((o) => `${o.name}: `);
  return [candidates.filter((c) => c.startsWith(fragment)), fragment];
}
