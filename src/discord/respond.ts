import {
  type ApplicationCommandOptionChoiceData,
  type AutocompleteInteraction,
  DiscordAPIError,
  MessageFlags,
  RESTJSONErrorCodes,
  type RepliableInteraction,
} from 'discord.js';
import type {
  APIActionRowComponent,
  APIComponentInMessageActionRow,
  APIEmbed,
  APIEmbedField,
} from 'discord-api-types/v10';
import type { Logger } from '../log.ts';
import { LIMITS } from './limits.ts';
import { cutMarkdown } from './markdown.ts';

/** An action row of message components (buttons), as Discord's JSON. */
export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

/** What a response builder returns: everything the bot says goes through {@link respond} as one of these. */
export interface ReplyPayload {
  readonly content?: string | undefined;
  readonly embeds?: readonly APIEmbed[];
  readonly components?: readonly ActionRow[];
  /** Only the person who used the command sees it. Errors are always ephemeral. */
  readonly ephemeral?: boolean;
}

/** A payload after {@link fitPayload}: inside every Discord limit, mentions off. Matches Discord's JSON body. */
export interface FittedPayload {
  content?: string;
  embeds: APIEmbed[];
  components: ActionRow[];
  allowed_mentions: { parse: [] };
  flags?: number;
}

/**
 * Makes a payload safe to send (pure): content and embed texts cut at a boundary that breaks no markdown,
 * embed URLs over 2,048 characters left out, the 6,000-character embed total respected, at most 5 rows of 5 buttons with labels ≤ 80 characters,
 * `allowed_mentions` empty. A `custom_id` over 100 characters is a bug and throws.
 */
export function fitPayload(payload: ReplyPayload): FittedPayload {
  const fitted: FittedPayload = {
    embeds: fitEmbeds(payload.embeds ?? []),
    components: fitComponents(payload.components ?? []),
    allowed_mentions: { parse: [] },
  };
  if (payload.content !== undefined) fitted.content = cutMarkdown(payload.content, LIMITS.content);
  if (payload.ephemeral) fitted.flags = MessageFlags.Ephemeral;
  return fitted;
}

function fitEmbeds(embeds: readonly APIEmbed[]): APIEmbed[] {
  const out = embeds.slice(0, LIMITS.embeds).map(fitEmbed);
  // Over the shared 6,000 budget: shrink descriptions from the last embed back, then drop trailing fields.
  for (let i = out.length - 1; i >= 0 && embedsLength(out) > LIMITS.embedTotal; i--) {
    const embed = out[i] as APIEmbed;
    if (embed.description) {
      const excess = embedsLength(out) - LIMITS.embedTotal;
      const keep = Math.max(1, embed.description.length - excess);
      out[i] = { ...embed, description: cutMarkdown(embed.description, keep) };
    }
    while (embedsLength(out) > LIMITS.embedTotal && (out[i]?.fields?.length ?? 0) > 0) {
      out[i] = { ...(out[i] as APIEmbed), fields: out[i]?.fields?.slice(0, -1) ?? [] };
    }
  }
  while (embedsLength(out) > LIMITS.embedTotal && out.length > 1) out.pop();
  return out;
}

/** An embed URL Discord accepts (≤ 2,048 characters), or undefined: a longer one is left out, never cut. */
function fitUrl(url: string | undefined): string | undefined {
  return url !== undefined && url.length <= LIMITS.embedUrl ? url : undefined;
}

/** Leaves out every embed URL over Discord's 2,048 characters (a cut URL would lead somewhere else). */
function fitEmbedUrls(embed: APIEmbed): APIEmbed {
  const { url, author, footer, image, thumbnail, ...rest } = embed;
  const out: APIEmbed = { ...rest };
  const fittedUrl = fitUrl(url);
  if (fittedUrl) out.url = fittedUrl;
  if (author) {
    const { url: link, icon_url: icon, ...name } = author;
    out.author = {
      ...name,
      ...(fitUrl(link) ? { url: link } : {}),
      ...(fitUrl(icon) ? { icon_url: icon } : {}),
    };
  }
  if (footer) {
    const { icon_url: icon, ...text } = footer;
    out.footer = { ...text, ...(fitUrl(icon) ? { icon_url: icon } : {}) };
  }
  if (image && fitUrl(image.url)) out.image = image;
  if (thumbnail && fitUrl(thumbnail.url)) out.thumbnail = thumbnail;
  return out;
}

function fitEmbed(embed: APIEmbed): APIEmbed {
  const out: APIEmbed = fitEmbedUrls(embed);
  if (out.title) out.title = cutMarkdown(out.title, LIMITS.embedTitle);
  if (out.description) out.description = cutMarkdown(out.description, LIMITS.embedDescription);
  if (out.footer) out.footer = { ...out.footer, text: cutMarkdown(out.footer.text, LIMITS.embedFooter) };
  if (out.author) out.author = { ...out.author, name: cutMarkdown(out.author.name, LIMITS.embedAuthor) };
  if (out.fields) {
    out.fields = out.fields.slice(0, LIMITS.embedFields).map(
      (field): APIEmbedField => ({
        ...field,
        name: cutMarkdown(field.name, LIMITS.embedFieldName),
        value: cutMarkdown(field.value, LIMITS.embedFieldValue),
      }),
    );
  }
  return out;
}

/** Characters Discord counts toward the 6,000 embed total. */
export function embedsLength(embeds: readonly APIEmbed[]): number {
  let total = 0;
  for (const embed of embeds) {
    total += (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
    total += (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
    for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  }
  return total;
}

function fitComponents(rows: readonly ActionRow[]): ActionRow[] {
  return rows.slice(0, LIMITS.actionRows).map((row) => ({
    ...row,
    components: row.components.slice(0, LIMITS.buttonsPerRow).map((component) => {
      if ('custom_id' in component && component.custom_id.length > LIMITS.customId) {
        throw new RangeError(
          `respond: custom_id "${component.custom_id.slice(0, 40)}…" exceeds 100 characters`,
        );
      }
      if ('label' in component && typeof component.label === 'string') {
        return { ...component, label: cutMarkdown(component.label, LIMITS.buttonLabel) };
      }
      return component;
    }),
  }));
}

/** How a reply relates to the interaction: a new reply (default), or replacing the message a button is on. */
export type ReplyMode = 'reply' | 'update';

/** A message's body: what an edit (of a reply, or of the message a button is on) sends; never its flags. */
interface MessageBody {
  content?: string;
  embeds: APIEmbed[];
  components: ActionRow[];
  allowedMentions: { parse: [] };
}

function toEdit(fitted: FittedPayload): MessageBody {
  return {
    ...(fitted.content !== undefined ? { content: fitted.content } : {}),
    embeds: fitted.embeds,
    components: fitted.components,
    allowedMentions: { parse: [] },
  };
}

/** A new message: the body and its flags (ephemeral). */
function toReply(fitted: FittedPayload): MessageBody & { flags?: MessageFlags.Ephemeral } {
  return { ...toEdit(fitted), ...(fitted.flags ? { flags: fitted.flags } : {}) };
}

/**
 * The one reply path: fits the payload to Discord's limits, then replies, edits the deferred reply, follows up
 * (when already answered), or updates the button's message (`mode: 'update'`).
 */
export async function respond(
  interaction: RepliableInteraction,
  payload: ReplyPayload,
  mode: ReplyMode = 'reply',
): Promise<void> {
  const fitted = fitPayload(payload);
  if (mode === 'update' && interaction.isMessageComponent()) {
    if (interaction.deferred || interaction.replied) await interaction.editReply(toEdit(fitted));
    else await interaction.update(toEdit(fitted));
    return;
  }
  if (interaction.deferred && !interaction.replied && !deferredUpdates.has(interaction)) {
    // The reply's visibility was fixed by the defer; an edit cannot change it.
    await interaction.editReply(toEdit(fitted));
  } else if (interaction.replied || interaction.deferred) {
    await interaction.followUp(toReply(fitted));
  } else {
    await interaction.reply(toReply(fitted));
  }
}

/** Acknowledges now and answers later (shows "thinking…"); use when the work may take more than a moment. */
export async function deferReply(interaction: RepliableInteraction, options: { ephemeral?: boolean } = {}) {
  if (interaction.deferred || interaction.replied) return;
  await interaction.deferReply(options.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
}

// Component interactions acknowledged with deferUpdate: their @original is the button's message, not a reply.
const deferredUpdates = new WeakSet<RepliableInteraction>();

/** Acknowledges a button press without a new message ("update later"); a later {@link respond} follows up. */
export async function deferUpdate(interaction: RepliableInteraction): Promise<void> {
  if (!interaction.isMessageComponent() || interaction.deferred || interaction.replied) return;
  deferredUpdates.add(interaction);
  await interaction.deferUpdate();
}

/** Deletes the message a button is on, after acknowledging the press; one already deleted is not an error. */
export async function removeMessage(interaction: RepliableInteraction, logger: Logger): Promise<void> {
  if (!interaction.isMessageComponent())
    throw new TypeError('respond: only a button press can remove its message');
  await deferUpdate(interaction);
  await interaction.deleteReply().catch((error: unknown) => {
    // A double-click: the first press already deleted it, which is what the user wanted.
    if (!(error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMessage)) throw error;
    logger.debug('message already deleted');
  });
}

/** True when the interaction holds a public "thinking…" placeholder from {@link deferReply}. */
export function hasPublicPlaceholder(interaction: RepliableInteraction): boolean {
  return (
    interaction.deferred &&
    !interaction.replied &&
    !interaction.ephemeral &&
    !deferredUpdates.has(interaction)
  );
}

/** Autocomplete answers: at most 25 choices, names and string values ≤ 100 characters (longer values dropped). */
export function fitChoices(
  choices: readonly ApplicationCommandOptionChoiceData[],
): ApplicationCommandOptionChoiceData[] {
  return choices
    .filter(
      (choice) =>
        typeof choice.value !== 'string' ||
        (choice.value.length > 0 && choice.value.length <= LIMITS.choiceValue),
    )
    .slice(0, LIMITS.autocompleteChoices)
    .map((choice) => ({
      ...choice,
      name:
        choice.name.length <= LIMITS.choiceName
          ? choice.name
          : `${choice.name.slice(0, LIMITS.choiceName - 1)}…`,
    }));
}

/** Answers an autocomplete interaction through {@link fitChoices}. */
export async function respondChoices(
  interaction: AutocompleteInteraction,
  choices: readonly ApplicationCommandOptionChoiceData[],
): Promise<void> {
  if (interaction.responded) return;
  await interaction.respond(fitChoices(choices));
}
