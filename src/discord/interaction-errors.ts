import { randomBytes } from 'node:crypto';
import { DiscordAPIError, type Interaction, MessageFlags } from 'discord.js';
import type { Logger } from '../log.ts';
import { UserFacingError } from '../user-facing-error.ts';
import { escapeUserText } from './markdown.ts';
import { hasPublicPlaceholder, respond } from './respond.ts';

export { UserFacingError };

/** True when `error` is Discord's JSON error `code` (e.g. 10008 Unknown Message), as discord.js throws it. */
export function isDiscordError(error: unknown, code: number): boolean {
  return error instanceof DiscordAPIError && error.code === code;
}

/** A short id that ties the generic message a user sees to the logged stack. */
export function newErrorId(): string {
  return randomBytes(4).toString('hex');
}

/** The generic text a user sees for an unexpected error. */
export function genericErrorMessage(errorId: string): string {
  return `Something went wrong on my side, sorry. It has been logged as error \`${errorId}\`; please try again in a moment.`;
}

/** Escapes a value a user typed for inclusion in a {@link UserFacingError} message. */
export function quoteUserInput(text: string): string {
  return `“${escapeUserText(text.length > 100 ? `${text.slice(0, 99)}…` : text)}”`;
}

/**
 * The one error path: a {@link UserFacingError} is shown as is; anything else is logged with its stack and an
 * error id, and the user gets a generic message with that id. Always ephemeral; never throws.
 */
export async function handleInteractionError(
  interaction: Interaction,
  error: unknown,
  logger: Logger,
): Promise<void> {
  let text: string;
  if (error instanceof UserFacingError) {
    text = error.message;
    logger.info({ reason: error.message }, 'user error');
  } else {
    const errorId = newErrorId();
    text = genericErrorMessage(errorId);
    logger.error({ err: error, errorId }, 'interaction failed');
  }
  try {
    if (interaction.isAutocomplete()) {
      if (!interaction.responded) await interaction.respond([]);
      return;
    }
    if (!interaction.isRepliable()) return;
    if (hasPublicPlaceholder(interaction)) {
      // A public "thinking…" placeholder cannot become ephemeral: remove it and tell the user privately.
      await interaction
        .deleteReply()
        .catch((err: unknown) => logger.warn({ err }, 'could not delete the placeholder'));
      await interaction.followUp({
        content: text,
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      });
      return;
    }
    await respond(interaction, { content: text, ephemeral: true });
  } catch (err) {
    logger.error({ err }, 'could not report an error to the user');
  }
}
