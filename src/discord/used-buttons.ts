import type { ButtonInteraction } from 'discord.js';
import { ComponentType } from 'discord-api-types/v10';
import { type CommandContext, UserFacingError } from './command.ts';
import type { ActionRow, ReplyPayload } from './respond.ts';

/** True when the button with this custom_id is in the rows and disabled (already used). */
export function isButtonDisabled(rows: readonly ActionRow[], customId: string): boolean {
  return rows.some((row) =>
    row.components.some(
      (component) =>
        component.type === ComponentType.Button &&
        'custom_id' in component &&
        component.custom_id === customId &&
        component.disabled === true,
    ),
  );
}

/** The rows with one button disabled (and relabelled, when `label` is given): a button that has done its work. */
export function disableButton(rows: readonly ActionRow[], customId: string, label?: string): ActionRow[] {
  return rows.map((row) => ({
    ...row,
    components: row.components.map((component) =>
      component.type === ComponentType.Button && 'custom_id' in component && component.custom_id === customId
        ? { ...component, disabled: true, ...(label ? { label } : {}) }
        : component,
    ),
  }));
}

/** How long a press claims a button that posts: a guard for simultaneous presses; the disabled button is what lasts. */
const CLAIM_SECONDS = 15 * 60;

/** The message's action rows as Discord's JSON (the bot's buttons are all in action rows). */
function messageRows(interaction: ButtonInteraction): ActionRow[] {
  return interaction.message.components
    .map((component) => component.toJSON())
    .filter((row): row is ActionRow => row.type === ComponentType.ActionRow);
}

/**
 * A button that posts one new message, once ("More", "Post publicly"): a button already used (disabled in the
 * message, or claimed by a press being handled right now) gets the short private note `already` instead. Each
 * press that posts counts against the command's cooldown; the used button is disabled in place (relabelled
 * `usedLabel` when given), then the new message follows up. If posting fails, the button works again.
 */
export async function postOnce(
  interaction: ButtonInteraction,
  context: CommandContext,
  options: { already: string; usedLabel?: string | undefined; render: () => Promise<ReplyPayload> },
): Promise<void> {
  const rows = messageRows(interaction);
  if (isButtonDisabled(rows, interaction.customId)) throw new UserFacingError(options.already);
  // The cooldown first: a press refused for it leaves the button usable.
  context.takeCooldown();
  const key = `${interaction.message.id}:${interaction.customId}`;
  if (context.claims.take(key, CLAIM_SECONDS) > 0) throw new UserFacingError(options.already);
  let disabled = false;
  try {
    await context.deferUpdate();
    const payload = await options.render();
    // Disabled before the new message is posted, so the new message is the latest one with live buttons.
    await context.update({ components: disableButton(rows, interaction.customId, options.usedLabel) });
    disabled = true;
    await context.reply(payload);
  } catch (error) {
    // Nothing was posted: the button may be pressed again.
    context.claims.release(key);
    if (disabled) {
      await context
        .update({ components: rows })
        .catch((err: unknown) => context.logger.warn({ err }, 'could not enable the button again'));
    }
    throw error;
  }
}
