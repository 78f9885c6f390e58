import { createInterface } from 'node:readline';
import type {
  Actor,
  CommandDefinition,
  InteractionOutcome,
  LocalDiscord,
  StoredMessage,
} from '../local-discord/index.ts';
import { type ChatLine, completeChatLine, parseChatLine } from './chat-parse.ts';
import { listButtons, renderMessageAsText } from './message-text.ts';

/** Options of {@link runTerminalChat}. */
export interface TerminalChatOptions {
  readonly discord: LocalDiscord;
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream & { isTTY?: boolean };
  /** Who types (default: the local Discord's default member). */
  readonly actor?: Actor;
  /** ANSI colours; default: only when `output` is a TTY. */
  readonly color?: boolean;
  /** How long to wait for the bot to connect before the first line, ms (default 15000). */
  readonly connectTimeoutMs?: number;
}

const HELP = `Footnote on the local Discord: type like in a Discord channel.
  /                      list the commands
  /ask question: ...     run a command (options as name: value; the last value runs to the end of the line)
  /ask Who ...?          a bare value fills the first required option
  ?/ask article: dir     show autocomplete suggestions for the last option
  Tab                    complete command, subcommand and option names
  1, 2, ...              press that button on the last message with buttons
  any other text         post it as your message (it gets a number, e.g. #3)
  /apps                  list message commands; /apps Find source #3 runs one on message #3
  /?                     this help; Ctrl-D (or end of input) quits`;

/** The terminal chat: a person talks to the bot on the local Discord from a terminal or a pipe. */
export async function runTerminalChat(options: TerminalChatOptions): Promise<void> {
  const { discord, input, output } = options;
  const color = options.color ?? output.isTTY === true;
  const interactive = (input as { isTTY?: boolean }).isTTY === true && output.isTTY === true;
  const write = (text: string): void => {
    output.write(`${text}\n`);
  };
  const definitions = (): CommandDefinition[] => discord.commands() as CommandDefinition[];
  const names = { channel: discord.channelName, user: discord.userName };
  const numbers = new Map<string, number>();
  const byNumber: string[] = [];
  const messages = new Map<string, StoredMessage>();
  let lastWithButtons: string | null = null;
  const numberOf = (id: string): number => {
    let n = numbers.get(id);
    if (n === undefined) {
      byNumber.push(id);
      n = byNumber.length;
      numbers.set(id, n);
    }
    return n;
  };
  let acting = 0;
  const unsubscribe = discord.onMessage((message, kind) => {
    messages.set(message.id, message);
    // What the bot posts on its own (a daily post) shows as it arrives, as in a Discord channel.
    if (acting === 0 && kind === 'create' && message.author.id === discord.botUserId) {
      write(renderMessageAsText(message, { number: numberOf(message.id), color, names }));
      if (listButtons(message).length > 0) lastWithButtons = message.id;
    }
  });

  /** Runs an interaction and prints every message it created or changed, in order. */
  const showChanges = async (act: () => Promise<InteractionOutcome>): Promise<InteractionOutcome> => {
    const touched: string[] = [];
    acting += 1;
    const stop = discord.onMessage((message) => {
      if (message.author.id === discord.botUserId && !touched.includes(message.id)) touched.push(message.id);
    });
    try {
      const outcome = await act();
      for (const id of touched) {
        const message = messages.get(id);
        if (!message) continue;
        write(renderMessageAsText(message, { number: numberOf(id), color, names }));
        if (!message.deleted && listButtons(message).length > 0) lastWithButtons = id;
        else if (message.deleted && lastWithButtons === id) lastWithButtons = null;
      }
      if (!outcome.callback) write('(the bot did not respond: "The application did not respond")');
      return outcome;
    } finally {
      acting -= 1;
      stop();
    }
  };

  const handle = async (line: ChatLine): Promise<void> => {
    switch (line.kind) {
      case 'empty':
        return;
      case 'help':
        write(HELP);
        return;
      case 'list': {
        const list = definitions()
          .filter((c) => (c.type ?? 1) === 1)
          .map((c) => `  /${c.name}${c.description ? ` — ${c.description}` : ''}`);
        write(list.length ? `Commands:\n${list.join('\n')}\n(/? for help)` : 'No commands registered yet.');
        return;
      }
      case 'error':
        write(`! ${line.message}`);
        return;
      case 'say': {
        const message = discord.postUserMessage(
          options.actor?.channelId ?? discord.channelId,
          line.text,
          options.actor,
        );
        write(renderMessageAsText(message, { number: numberOf(message.id), color, names }));
        return;
      }
      case 'slash':
        await showChanges(() =>
          discord.slashCommand(line.name, line.options, {
            ...options.actor,
            ...(line.subcommand ? { subcommand: line.subcommand } : {}),
          }),
        );
        return;
      case 'autocomplete': {
        const outcome = await discord.autocomplete(line.name, line.options, line.focused, {
          ...options.actor,
          ...(line.subcommand ? { subcommand: line.subcommand } : {}),
        });
        const choices = outcome.choices ?? [];
        write(
          choices.length
            ? `Suggestions for ${line.focused}:\n${choices.map((c) => `  ${c.name}${String(c.value) !== c.name ? `  → ${line.focused}: ${c.value}` : ''}`).join('\n')}`
            : `No suggestions for ${line.focused}.`,
        );
        return;
      }
      case 'button': {
        if (!lastWithButtons) {
          write(
            '! there are no buttons to press (numbers press the buttons of the last message that has some)',
          );
          return;
        }
        const message = messages.get(lastWithButtons);
        const button = message ? listButtons(message).find((b) => b.number === line.number) : undefined;
        if (!message || !button) {
          write(`! no button [${line.number}] on message #${numberOf(lastWithButtons)}`);
          return;
        }
        if (button.disabled) {
          write(`! button [${line.number}] ${button.label} is disabled`);
          return;
        }
        await showChanges(() => discord.pressButton(message.id, button.customId, options.actor));
        return;
      }
      case 'apps': {
        const names = definitions()
          .filter((c) => c.type === 3)
          .map((c) => c.name);
        if (!line.name) {
          write(
            names.length
              ? `Message commands: ${names.join(', ')} (use: /apps ${names[0]} #3)`
              : 'No message commands.',
          );
          return;
        }
        const name = names.find((n) => n.toLowerCase() === line.name?.toLowerCase());
        if (!name) {
          write(`! unknown message command "${line.name}" (message commands: ${names.join(', ') || 'none'})`);
          return;
        }
        const targetId = line.target !== null ? byNumber[line.target - 1] : byNumber[byNumber.length - 1];
        if (!targetId) {
          write(
            `! no message ${line.target !== null ? `#${line.target}` : 'yet'}: type some text first to post one`,
          );
          return;
        }
        await showChanges(() => discord.messageCommand(name, targetId, options.actor));
        return;
      }
    }
  };

  const rl = createInterface({
    input,
    output: interactive ? output : undefined,
    terminal: interactive,
    completer: (line: string) => completeChatLine(line, definitions()),
  });
  // Listening for lines from the start: a line that arrives while the bot connects waits, it is not lost.
  const lines = rl[Symbol.asyncIterator]();
  try {
    await discord.waitForBot(options.connectTimeoutMs ?? 15_000);
    if (interactive) {
      write('Connected to the local Discord. Type / to list commands, /? for help.');
      rl.setPrompt('> ');
      rl.prompt();
    }
    // Lines are handled one at a time: each interaction settles before the next line is read.
    for await (const raw of { [Symbol.asyncIterator]: () => lines }) {
      try {
        await handle(parseChatLine(raw, definitions()));
      } catch (error) {
        write(`! ${error instanceof Error ? error.message : String(error)}`);
      }
      if (interactive) rl.prompt();
    }
  } finally {
    unsubscribe();
    rl.close();
  }
}
