import { DiscordHttpError, errors } from './api-errors.ts';
import type { InteractionRecord } from './interactions.ts';
import { touch } from './interactions.ts';
import { checkChoices, checkMessageLimits, isEmptyMessage, MessageFlag } from './limits.ts';
import type { RestRequest, RestResult } from './rest-types.ts';
import type { World } from './world.ts';

/** Timing rules of interactions (Discord: 3 s for the first response, tokens valid for 15 minutes). */
export interface InteractionRules {
  readonly deadlineMs: number;
  readonly tokenLifetimeMs: number;
}

const asRecord = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function checkMessage(
  body: Record<string, unknown>,
  base: (string | number)[],
  requireContent: boolean,
): void {
  const problems = checkMessageLimits(body, base);
  if (problems.length > 0) throw errors.invalidForm(problems);
  if (requireContent && isEmptyMessage(body)) throw errors.emptyMessage();
}

/** Which callback types each interaction type accepts (https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction). */
const ALLOWED_CALLBACKS: Record<number, readonly number[]> = {
  2: [4, 5, 9],
  3: [4, 5, 6, 7, 9],
  4: [8],
};

/** `POST /interactions/:id/:token/callback`: the first (and only) response to an interaction. */
export function interactionCallback(world: World, rules: InteractionRules, req: RestRequest): RestResult {
  const [, id, token] = req.segments;
  const record = world.interactions.get(id ?? '');
  if (!record || record.token !== token) throw errors.unknownInteraction();
  if (record.callback) throw errors.alreadyAcknowledged();
  // Discord refuses a first response later than 3 s after the interaction was created.
  if (Date.now() - record.createdAt > rules.deadlineMs) throw errors.unknownInteraction();
  const body = asRecord(req.body);
  const type = body.type;
  if (typeof type !== 'number' || !(ALLOWED_CALLBACKS[record.type] ?? []).includes(type)) {
    throw errors.invalidForm([
      {
        path: ['type'],
        error: {
          code: 'INTERACTION_RESPONSE_TYPE_INVALID',
          message: 'Interaction response type is invalid for this interaction.',
        },
      },
    ]);
  }
  const data = asRecord(body.data);
  if (type === 4 || type === 7) checkMessage(data, ['data'], type === 4);
  if (type === 8) {
    const problems = checkChoices(data);
    if (problems.length > 0) throw errors.invalidForm(problems);
  }
  applyCallback(world, record, type, data);
  record.callback = body.data === undefined ? { type } : { type, data: body.data };
  record.callbackAt = Date.now();
  touch(record);
  if (req.query.get('with_response') !== 'true') return { status: 204 };
  return { status: 200, body: callbackResponse(world, record, type) };
}

function applyCallback(
  world: World,
  record: InteractionRecord,
  type: number,
  data: Record<string, unknown>,
): void {
  switch (type) {
    case 4: {
      const message = world.createMessage(record.channelId, world.bot, data, { interactionId: record.id });
      record.originalMessageId = message.id;
      record.responded = true;
      return;
    }
    case 5: {
      const ephemeral = typeof data.flags === 'number' ? data.flags & MessageFlag.Ephemeral : 0;
      const message = world.createMessage(
        record.channelId,
        world.bot,
        {},
        {
          interactionId: record.id,
          flags: MessageFlag.Loading | ephemeral,
        },
      );
      record.originalMessageId = message.id;
      return;
    }
    case 7:
      if (record.sourceMessageId) world.editMessage(record.sourceMessageId, data);
      record.responded = true;
      return;
    case 8:
      record.choices = Array.isArray(data.choices)
        ? (data.choices as { name: string; value: string | number }[])
        : [];
      record.responded = true;
      return;
    default:
      // 6 (deferred update) waits for an edit of the clicked message; 9 (modal) is shown to the user.
      record.responded = type === 9;
  }
}

/** The documented `with_response=true` body: InteractionCallbackResponse. */
function callbackResponse(world: World, record: InteractionRecord, type: number): Record<string, unknown> {
  const message = record.originalMessageId ? world.store.messages.get(record.originalMessageId) : undefined;
  const hasMessage = message !== undefined && (type === 4 || type === 5 || type === 7);
  return {
    interaction: {
      id: record.id,
      type: record.type,
      ...(hasMessage
        ? {
            response_message_id: message.id,
            response_message_loading: (message.flags & MessageFlag.Loading) !== 0,
            response_message_ephemeral: (message.flags & MessageFlag.Ephemeral) !== 0,
          }
        : {}),
    },
    resource: { type, ...(hasMessage ? { message: world.toApi(message) } : {}) },
  };
}

/** Finds the interaction behind a webhook token, enforcing the 15-minute token lifetime. */
function webhookInteraction(world: World, rules: InteractionRules, req: RestRequest): InteractionRecord {
  const [, appId, token] = req.segments;
  const record = world.interactionsByToken.get(token ?? '');
  if (!record || appId !== world.store.ids.applicationId) throw errors.unknownWebhook();
  if (Date.now() - record.createdAt > rules.tokenLifetimeMs) throw errors.invalidWebhookToken();
  // The webhook behind an interaction token only exists once the interaction was acknowledged.
  if (!record.callback) throw errors.unknownWebhook();
  return record;
}

function ownedMessageId(record: InteractionRecord, messageId: string): string {
  if (messageId === '@original') {
    if (!record.originalMessageId) throw errors.unknownMessage();
    return record.originalMessageId;
  }
  if (messageId !== record.originalMessageId && !record.followUpIds.includes(messageId))
    throw errors.unknownMessage();
  return messageId;
}

/** `GET|PATCH|DELETE /webhooks/:app/:token/messages/(@original|:id)`. */
export function webhookMessage(world: World, rules: InteractionRules, req: RestRequest): RestResult {
  const record = webhookInteraction(world, rules, req);
  const messageId = ownedMessageId(record, req.segments[4] ?? '');
  const existing = world.store.messages.get(messageId);
  if (!existing || existing.deleted) throw errors.unknownMessage();
  if (req.method === 'GET') return { status: 200, body: world.toApi(existing) };
  if (req.method === 'DELETE') {
    world.deleteMessage(messageId);
    record.responded = true;
    touch(record);
    return { status: 204 };
  }
  const body = asRecord(req.body);
  checkMessage(body, [], false);
  const message = world.editMessage(messageId, body);
  if (messageId === record.originalMessageId) record.responded = true;
  touch(record);
  return { status: 200, body: world.toApi(message) };
}

/** `POST /webhooks/:app/:token`: a follow-up message. */
export function followUp(world: World, rules: InteractionRules, req: RestRequest): RestResult {
  const record = webhookInteraction(world, rules, req);
  const body = asRecord(req.body);
  checkMessage(body, [], true);
  const deferred =
    record.callback?.type === 5 && record.originalMessageId
      ? world.store.messages.get(record.originalMessageId)
      : undefined;
  if (deferred && !deferred.deleted && deferred.flags & MessageFlag.Loading) {
    // As on Discord, the first follow-up after a deferred response becomes its "thinking…" message, keeping
    // the deferral's ephemeral setting whatever the follow-up asks for.
    const { flags: _ignored, ...rest } = body;
    const message = world.editMessage(deferred.id, rest);
    record.responded = true;
    touch(record);
    if (req.query.get('wait') !== 'true') return { status: 204 };
    return { status: 200, body: world.toApi(message) };
  }
  const message = world.createMessage(record.channelId, world.bot, body, { interactionId: record.id });
  record.followUpIds.push(message.id);
  record.responded = true;
  touch(record);
  if (req.query.get('wait') !== 'true') return { status: 204 };
  return { status: 200, body: world.toApi(message) };
}

/** Re-exported so the router can tell Discord-shaped errors from bugs. */
export { DiscordHttpError };
