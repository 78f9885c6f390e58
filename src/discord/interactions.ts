import type { ApplicationCommandOptionChoiceData, Interaction } from 'discord.js';
import { type InteractionKind, type InteractionOutcome, UNKNOWN_COMMAND } from '../health/metrics.ts';
import { interactionLogger, type Logger } from '../log.ts';
import type { CommandContext } from './command.ts';
import type { Mention } from './command-mentions.ts';
import type { Cooldowns } from './cooldown.ts';
import { decodeCustomId } from './custom-id.ts';
import type { BotDependencies } from './dependencies.ts';
import { handleInteractionError, UserFacingError } from './interaction-errors.ts';
import {
  deferReply,
  deferUpdate,
  type ReplyPayload,
  removeMessage,
  respond,
  respondChoices,
} from './respond.ts';

/** What the dispatcher shares with every handler: the bot's dependencies, and the running bot's mentions and cooldowns. */
export interface DispatchServices extends BotDependencies {
  /** How replies name a command (a clickable mention once the commands' ids are known). */
  readonly mention: Mention;
  readonly cooldowns: Cooldowns;
}

function commandNameOf(interaction: Interaction): string {
  if (interaction.isCommand() || interaction.isAutocomplete()) return interaction.commandName;
  if (interaction.isMessageComponent()) return decodeCustomId(interaction.customId).prefix;
  return 'unknown';
}

/** What kind of interaction this is, for the metrics; undefined for kinds the bot does not handle. */
function kindOf(interaction: Interaction): InteractionKind | undefined {
  if (interaction.isAutocomplete()) return 'autocomplete';
  if (interaction.isButton()) return 'button';
  if (interaction.isCommand()) return 'command';
  return undefined;
}

/** A refusal by the per-user cooldown: shown like any user error, counted apart in the metrics. */
export class CooldownError extends UserFacingError {}

/** How a handler's failure is counted: the cooldown, another user error, or a bug. */
export function failureOutcome(error: unknown): InteractionOutcome {
  if (error instanceof CooldownError) return 'cooldown';
  return error instanceof UserFacingError ? 'user_error' : 'error';
}

/** Counts a use of `name` by the interaction's user against the command's cooldown; throws while it runs. */
function takeCooldown(interaction: Interaction, services: DispatchServices, name: string): void {
  const seconds = services.commands.get(name)?.cooldownSeconds?.(services.config) ?? 0;
  const wait = services.cooldowns.take(`${name}:${interaction.user.id}`, seconds);
  if (wait <= 0) return;
  // A button press is not a command the user typed: "try again", not "try /ask again".
  const what = interaction.isCommand() ? `/${name} again` : 'again';
  throw new CooldownError(`Slow down a little: try ${what} in ${wait} s.`);
}

function contextFor(
  interaction: Interaction,
  services: DispatchServices,
  logger: Logger,
  name: string,
): CommandContext {
  const repliable = () => {
    if (!interaction.isRepliable())
      throw new TypeError('interactions: this interaction cannot be replied to');
    return interaction;
  };
  const { libraries, services: _services, cooldowns, logger: _logger, ...shared } = services;
  return {
    ...shared,
    library: libraries.current,
    logger,
    reply: (payload: ReplyPayload) => respond(repliable(), payload),
    update: (payload: ReplyPayload) => respond(repliable(), payload, 'update'),
    defer: (options) => deferReply(repliable(), options),
    deferUpdate: () => deferUpdate(repliable()),
    remove: () => removeMessage(repliable(), logger),
    choices: async (choices: readonly ApplicationCommandOptionChoiceData[]) => {
      if (interaction.isAutocomplete()) await respondChoices(interaction, choices);
    },
    takeCooldown: () => takeCooldown(interaction, services, name),
    claims: cooldowns,
  };
}

/**
 * Routes one interaction to its command (by name; buttons by the `custom_id` prefix), applying the per-user
 * cooldown; every failure goes to the one error path, and every handled interaction is counted in the metrics
 * by command, kind and outcome. Never rejects.
 */
export async function dispatchInteraction(
  interaction: Interaction,
  services: DispatchServices,
): Promise<void> {
  const name = commandNameOf(interaction);
  const logger = interactionLogger(services.logger, {
    interactionId: interaction.id,
    guildId: interaction.guildId,
    userId: interaction.user.id,
    command: name,
  });
  const kind = kindOf(interaction);
  if (!kind) {
    logger.debug({ type: interaction.type }, 'interaction type not handled');
    return;
  }
  const started = performance.now();
  let outcome: InteractionOutcome = 'ok';
  try {
    const command = services.commands.get(name);
    const context = contextFor(interaction, services, logger, name);
    if (interaction.isAutocomplete()) {
      if (!command?.autocomplete) return await context.choices([]);
      await command.autocomplete(interaction, context);
    } else if (interaction.isButton()) {
      if (!command?.button) throw new UserFacingError('This button no longer works; run the command again.');
      await command.button(interaction, context, decodeCustomId(interaction.customId).fields);
    } else if (interaction.isCommand()) {
      if (!command) throw new UserFacingError(`The command /${name} is not available any more.`);
      takeCooldown(interaction, services, name);
      await command.execute(interaction, context);
    }
    logger.info({ ms: Math.round(performance.now() - started) }, 'interaction handled');
  } catch (error) {
    outcome = failureOutcome(error);
    await handleInteractionError(interaction, error, logger);
  } finally {
    // Only the bot's own command names label the series: a crafted custom_id must not add series without end.
    services.metrics.interaction(services.commands.has(name) ? name : UNKNOWN_COMMAND, kind, outcome);
  }
}
