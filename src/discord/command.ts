import type {
  ApplicationCommandOptionChoiceData,
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  CommandInteraction,
} from 'discord.js';
import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Config } from '../config.ts';
import type { Library } from '../library.ts';
import type { Logger } from '../log.ts';
import type { Mention } from './command-mentions.ts';
import type { Cooldowns } from './cooldown.ts';
import type { BotDependencies } from './dependencies.ts';
import type { ReplyPayload } from './respond.ts';

export type { BotStore } from '../store/bot-store.ts';
export type { Mention } from './command-mentions.ts';
export { encodeCustomId, shortHash } from './custom-id.ts';
export { UserFacingError } from './interaction-errors.ts';
export { escapeUserText, escapeVerbatim } from './markdown.ts';
export type { ActionRow, ReplyPayload } from './respond.ts';

/** Where the current library is read from: a fixed one, or a holder that swaps in rebuilt ones. */
export interface LibrarySource {
  readonly current: Library;
}

/** A command definition: a builder from @discordjs/builders (slash or context menu), or anything with `toJSON`. */
export interface CommandData {
  readonly name: string;
  toJSON(): RESTPostAPIApplicationCommandsJSONBody;
}

/**
 * What every handler receives, one per interaction. Handlers reply only through `reply`/`update`, which enforce
 * Discord's limits, empty `allowed_mentions`, and the deferred/replied state.
 */
export interface CommandContext extends Omit<BotDependencies, 'libraries' | 'logger' | 'services'> {
  /** The library of this interaction (the current one when it arrived). */
  readonly library: Library;
  /** Child logger with `{ interactionId, guildId, userId, command }`. */
  readonly logger: Logger;
  /** Replies (or edits the deferred reply, or follows up when already answered). */
  reply(payload: ReplyPayload): Promise<void>;
  /** Buttons only: replaces the message the button is on. */
  update(payload: ReplyPayload): Promise<void>;
  /** Acknowledges now ("thinking…"), for work that may take more than a moment; `reply` then fills it in. */
  defer(options?: { ephemeral?: boolean }): Promise<void>;
  /** Buttons only: acknowledges without a new message; a later `reply` sends a follow-up. */
  deferUpdate(): Promise<void>;
  /**
   * Buttons only: deletes the message the button is on (acknowledging the press first). A message already gone
   * (a double-click) is what was asked for: not an error.
   */
  remove(): Promise<void>;
  /** Autocomplete only: answers with up to 25 choices (names and values cut to Discord's limits). */
  choices(choices: readonly ApplicationCommandOptionChoiceData[]): Promise<void>;
  /**
   * Buttons: counts this press against the command's per-user cooldown (slash commands are counted by the
   * dispatcher); throws a {@link UserFacingError} with the seconds left while it runs.
   */
  takeCooldown(): void;
  /** A command named in a reply: `mention('daily set')` is a clickable `</daily set:id>` when the id is known. */
  readonly mention: Mention;
  /**
   * Buttons that act once: `claims.take(key, seconds)` is 0 for the first of simultaneous presses (a double-click,
   * several members at once) and positive while the claim lasts; `release` gives it back when the action failed.
   */
  readonly claims: Cooldowns;
}

/**
 * One file in `commands/`: `export default { data, execute } satisfies Command` (slash commands), or
 * `satisfies Command<MessageContextMenuCommandInteraction>` for a message context-menu command.
 *
 * @example
 * export default {
 *   data: new SlashCommandBuilder().setName('ping').setDescription('Replies pong'),
 *   examples: ['/ping'],
 *   async execute(_interaction, context) { await context.reply({ content: 'pong' }); },
 * } satisfies Command;
 */
export interface Command<I extends CommandInteraction = ChatInputCommandInteraction> {
  readonly data: CommandData;
  /** Example invocations shown by /help, e.g. `/ask question: Who obtained Directive 24?`. */
  readonly examples?: readonly string[];
  /** Per-user cooldown for `execute` (and for buttons that call `context.takeCooldown()`), in seconds (0 or absent: none). */
  cooldownSeconds?(config: Config): number;
  execute(interaction: I, context: CommandContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, context: CommandContext): Promise<void>;
  /**
   * Button presses whose `custom_id` starts with this command's name (build ids with
   * `encodeCustomId(data.name, fields)`); receives the decoded fields after the name.
   */
  button?(interaction: ButtonInteraction, context: CommandContext, fields: readonly string[]): Promise<void>;
}

/** A loaded command of any interaction type. */
export type AnyCommand = Command<CommandInteraction>;
