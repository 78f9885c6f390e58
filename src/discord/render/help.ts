import {
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { type Mention, plainMention } from '../command-mentions.ts';
import { escapeVerbatim } from '../markdown.ts';
import type { ReplyPayload } from '../respond.ts';

/** What /help needs to know about one command: its definition and example invocations. */
export interface HelpEntry {
  readonly definition: RESTPostAPIApplicationCommandsJSONBody;
  readonly examples: readonly string[];
}

function usage(name: string, options: readonly APIApplicationCommandOption[]): string {
  const parts = options.map((option) =>
    option.required ? `${option.name}:<${typeName(option.type)}>` : `[${option.name}]`,
  );
  return [`/${name}`, ...parts].join(' ');
}

function typeName(type: ApplicationCommandOptionType): string {
  switch (type) {
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number:
      return 'number';
    case ApplicationCommandOptionType.Boolean:
      return 'true/false';
    default:
      return 'text';
  }
}

function describeEntry(
  { definition, examples }: HelpEntry,
  mention: Mention,
): { name: string; value: string } {
  const exampleLines = examples.map((example) => `\`${example.replaceAll('`', "'")}\``).join('\n');
  if (definition.type === ApplicationCommandType.Message || definition.type === ApplicationCommandType.User) {
    const target = definition.type === ApplicationCommandType.Message ? 'message' : 'user';
    return {
      name: `Apps → ${definition.name}`,
      value: [
        `Right-click (or long-press) a ${target}, then Apps → ${escapeVerbatim(definition.name)}.`,
        exampleLines,
      ]
        .filter(Boolean)
        .join('\n'),
    };
  }
  const options = ('options' in definition ? definition.options : undefined) ?? [];
  const subcommands = options.filter(
    (option) =>
      option.type === ApplicationCommandOptionType.Subcommand ||
      option.type === ApplicationCommandOptionType.SubcommandGroup,
  );
  const description = 'description' in definition ? definition.description : '';
  // The command itself as a clickable mention (when its id is known), then what it does.
  const lines = [
    subcommands.length === 0
      ? `${mention(definition.name)} — ${escapeVerbatim(description ?? '')}`
      : escapeVerbatim(description ?? ''),
  ];
  for (const sub of subcommands)
    lines.push(`• ${mention(`${definition.name} ${sub.name}`)} — ${escapeVerbatim(sub.description)}`);
  for (const option of subcommands.length === 0 ? options : []) {
    lines.push(`• \`${option.name}\` — ${escapeVerbatim(option.description)}`);
  }
  if (exampleLines) lines.push(exampleLines);
  const shown = subcommands.length === 0 ? usage(definition.name, options) : `/${definition.name} …`;
  return { name: shown, value: lines.join('\n') };
}

/**
 * /help: every loaded command with its options and examples, in name order (pure); commands named as `mention`
 * writes them (clickable once their ids are known).
 */
export function renderHelp(entries: readonly HelpEntry[], mention: Mention = plainMention): ReplyPayload {
  const sorted = [...entries].sort((a, b) => a.definition.name.localeCompare(b.definition.name));
  return {
    embeds: [
      {
        title: 'Footnote — commands',
        description:
          'Ask questions; Footnote answers only with verbatim quotes from its library, each with a source.',
        fields: sorted.map((entry) => describeEntry(entry, mention)),
        color: 0x5b7db1,
      },
    ],
    ephemeral: true,
  };
}
