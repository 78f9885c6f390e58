import { MessageFlag, type StoredMessage } from '../local-discord/index.ts';

/** A pressable (non-link) button of a message, numbered as the terminal chat shows it. */
export interface NumberedButton {
  readonly number: number;
  readonly customId: string;
  readonly label: string;
  readonly disabled: boolean;
}

/** Options of {@link renderMessageAsText}. */
export interface RenderOptions {
  /** The number the chat gave the message (`#3`), shown in the header. */
  readonly number?: number;
  /** ANSI colours (only for terminals). */
  readonly color?: boolean;
  /** Names for `<#id>` and `<@id>`, shown as Discord shows them (`#general`, `@reader`); unknown ids stay as written. */
  readonly names?: MentionNames;
}

/** Looks up the names mentions show. */
export interface MentionNames {
  channel(id: string): string | undefined;
  user(id: string): string | undefined;
}

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
// C0 but newline and tab, DEL, and C1: the operator's terminal would obey them (clear the screen, ring, recolour).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/gu;

/**
 * Text from a message made safe to print: C0 controls and DEL shown as their Unicode control pictures (ESC as
 * `␛`), C1 controls, which have none, as `⟨U+009B⟩`; newlines and tabs kept.
 */
export function showControls(text: string): string {
  return text.replace(TERMINAL_CONTROLS, (ch) => {
    const code = ch.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
  });
}

const str = (v: unknown): string => (typeof v === 'string' ? showControls(v) : '');

interface Style {
  bold(s: string): string;
  dim(s: string): string;
  accent(s: string): string;
}

const plain: Style = { bold: (s) => s, dim: (s) => s, accent: (s) => s };
const ansi: Style = {
  bold: (s) => `\u001b[1m${s}\u001b[22m`,
  dim: (s) => `\u001b[2m${s}\u001b[22m`,
  accent: (s) => `\u001b[36m${s}\u001b[39m`,
};

/** Discord markdown made readable as plain text: masked links spelled out, bold kept only as colour, escapes undone. */
export function renderMarkdown(text: string, style: Style = plain, names?: MentionNames): string {
  return showControls(text)
    .replace(/<#(\d+)>/g, (mention, id: string) => {
      const name = names?.channel(id);
      return name === undefined ? mention : style.accent(`#${name}`);
    })
    .replace(/<\/([-_\p{L}\p{N} ]+):\d+>/gu, (_mention, command: string) => style.accent(`/${command}`))
    .replace(/<@!?(\d+)>/g, (mention, id: string) => {
      const name = names?.user(id);
      return name === undefined ? mention : style.accent(`@${name}`);
    })
    .replace(
      /\[([^\]\n]+)\]\(<?(https?:\/\/[^\s>)]+)>?\)/g,
      (_m, label: string, url: string) => `${label} (${url})`,
    )
    .replace(/<(https?:\/\/[^\s>]+)>/g, '$1')
    .replace(/\*\*(.+?)\*\*/g, (_m, inner: string) => style.bold(inner))
    .replace(/<t:(-?\d{1,13})(?::[tTdDfFR])?>/g, (_m, seconds: string) => formatTimestamp(Number(seconds)))
    .replace(/^-# (.*)$/gm, (_m, inner: string) => style.dim(inner))
    .replace(/\\([\\*_~`|>[\]()#-])/g, '$1');
}

/** Discord's `<t:…>` timestamps shown as a fixed UTC time (the chat has no viewer's locale to follow). */
function formatTimestamp(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime())
    ? String(seconds)
    : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Every component of a message in display order, nested ones included. */
function walkComponents(
  components: readonly unknown[],
  visit: (c: Json, depth: number) => boolean,
  depth = 0,
): void {
  for (const c of components) {
    if (!isRecord(c)) continue;
    // A visitor returns false when it has drawn the component's children itself.
    if (visit(c, depth) === false) continue;
    if (Array.isArray(c.components)) walkComponents(c.components, visit, depth + 1);
    if (isRecord(c.accessory)) walkComponents([c.accessory], visit, depth + 1);
  }
}

/** The message's pressable buttons, numbered from 1 in display order. */
export function listButtons(message: Pick<StoredMessage, 'components'>): NumberedButton[] {
  const buttons: NumberedButton[] = [];
  walkComponents(message.components, (c) => {
    if (c.type === 2 && typeof c.custom_id === 'string') {
      buttons.push({
        number: buttons.length + 1,
        customId: c.custom_id,
        label: str(c.label) || str(isRecord(c.emoji) ? c.emoji.name : '') || showControls(c.custom_id),
        disabled: c.disabled === true,
      });
    }
    return true;
  });
  return buttons;
}

function renderEmbed(embed: Json, style: Style): string[] {
  const lines: string[] = [];
  const author = isRecord(embed.author) ? str(embed.author.name) : '';
  if (author) lines.push(style.dim(author));
  const title = str(embed.title);
  if (title)
    lines.push(style.bold(renderMarkdown(title, style)) + (str(embed.url) ? ` (${str(embed.url)})` : ''));
  const description = str(embed.description);
  if (description) lines.push(...renderMarkdown(description, style).split('\n'));
  const fields = Array.isArray(embed.fields) ? embed.fields.filter(isRecord) : [];
  for (const field of fields) {
    lines.push(style.bold(renderMarkdown(str(field.name), style)));
    lines.push(...renderMarkdown(str(field.value), style).split('\n'));
  }
  const footer = isRecord(embed.footer) ? str(embed.footer.text) : '';
  if (footer) lines.push(style.dim(`— ${footer}`));
  return lines.map((line) => `│ ${line}`);
}

function renderComponents(message: Pick<StoredMessage, 'components'>, style: Style): string[] {
  const lines: string[] = [];
  let buttonNumber = 0;
  const buttonText = (c: Json): string => {
    const label = str(c.label) || str(isRecord(c.emoji) ? c.emoji.name : '') || 'button';
    if (typeof c.url === 'string') return `[${label}: ${showControls(c.url)}]`;
    buttonNumber += 1;
    return `${style.accent(`[${buttonNumber}]`)} ${label}${c.disabled === true ? ' (disabled)' : ''}`;
  };
  walkComponents(message.components, (c, depth) => {
    const indent = '│ '.repeat(Math.max(0, depth - (c.type === 2 ? 1 : 0)));
    switch (c.type) {
      case 1: {
        const row = (Array.isArray(c.components) ? c.components : []).filter(isRecord);
        const buttons = row.filter((b) => b.type === 2).map(buttonText);
        const selects = row
          .filter((b) => b.type !== 2)
          .map((s) => `(menu: ${str(s.placeholder) || 'choose'})`);
        lines.push(indent + [...buttons, ...selects].join('  '));
        return false;
      }
      case 2:
        lines.push(indent + buttonText(c));
        return true;
      case 10:
        lines.push(
          ...renderMarkdown(str(c.content), style)
            .split('\n')
            .map((l) => indent + l),
        );
        return true;
      case 14:
        lines.push(`${indent}───`);
        return true;
      case 12:
      case 13:
      case 11:
        lines.push(`${indent}(media)`);
        return true;
      default:
        return true;
    }
  });
  return lines;
}

/** A message as readable text: header, content, embeds, components, buttons numbered for pressing. */
export function renderMessageAsText(
  message: Pick<StoredMessage, 'content' | 'embeds' | 'components' | 'flags' | 'author'> & {
    readonly deleted?: boolean;
  },
  options: RenderOptions = {},
): string {
  const style = options.color ? ansi : plain;
  const number = options.number !== undefined ? `${style.accent(`#${options.number}`)} ` : '';
  const notes = [
    (message.flags & MessageFlag.Ephemeral) !== 0 ? '(only you can see this)' : '',
    message.deleted ? '(deleted)' : '',
  ].filter(Boolean);
  const username = showControls(message.author.username);
  const header = `${number}${style.bold(username)}${notes.length ? ` ${style.dim(notes.join(' '))}` : ''}`;
  if (message.deleted) return header;
  if ((message.flags & MessageFlag.Loading) !== 0)
    return `${header}\n${style.dim(`${username} is thinking…`)}`;
  const body: string[] = [];
  if (message.content) body.push(...renderMarkdown(message.content, style, options.names).split('\n'));
  for (const embed of message.embeds) if (isRecord(embed)) body.push(...renderEmbed(embed, style));
  body.push(...renderComponents(message, style));
  return [header, ...body].join('\n');
}
