/** Discord's JSON error codes the emulator uses (https://discord.com/developers/docs/topics/opcodes-and-status-codes). */
export const ErrorCode = {
  General: 0,
  UnknownChannel: 10003,
  UnknownMessage: 10008,
  UnknownWebhook: 10015,
  UnknownInteraction: 10062,
  Unauthorized: 40001,
  AlreadyAcknowledged: 40060,
  MissingAccess: 50001,
  CannotSendEmptyMessage: 50006,
  MissingPermissions: 50013,
  InvalidWebhookToken: 50027,
  InvalidFormBody: 50035,
} as const;

/** One leaf error of an Invalid Form Body answer. */
export interface FieldError {
  readonly code: string;
  readonly message: string;
}

/** A nested `errors` object as Discord sends it: path segments as keys, `_errors` at the leaves. */
export type FormErrors = { [key: string]: FormErrors | FieldError[] };

/** An HTTP answer in Discord's error shape; thrown by route handlers and turned into the response. */
export class DiscordHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: FormErrors,
  ) {
    super(message);
  }

  /** The JSON body Discord sends for this error. */
  body(): Record<string, unknown> {
    return this.errors
      ? { message: this.message, code: this.code, errors: this.errors }
      : { message: this.message, code: this.code };
  }
}

/** Builds the nested `errors` object from flat `{ path, code, message }` problems. */
export function toFormErrors(
  problems: readonly { path: readonly (string | number)[]; error: FieldError }[],
): FormErrors {
  const root: FormErrors = {};
  for (const { path, error } of problems) {
    let node = root;
    for (const segment of path) {
      const key = String(segment);
      const next = node[key];
      if (next === undefined || Array.isArray(next)) node[key] = {};
      node = node[key] as FormErrors;
    }
    const leaf = node._errors;
    if (Array.isArray(leaf)) leaf.push(error);
    else node._errors = [error];
  }
  return root;
}

/** Shorthands for the errors the emulator answers with. */
export const errors = {
  unknownInteraction: () => new DiscordHttpError(404, ErrorCode.UnknownInteraction, 'Unknown interaction'),
  alreadyAcknowledged: () =>
    new DiscordHttpError(400, ErrorCode.AlreadyAcknowledged, 'Interaction has already been acknowledged.'),
  invalidWebhookToken: () =>
    new DiscordHttpError(401, ErrorCode.InvalidWebhookToken, 'Invalid Webhook Token'),
  unknownWebhook: () => new DiscordHttpError(404, ErrorCode.UnknownWebhook, 'Unknown Webhook'),
  unknownMessage: () => new DiscordHttpError(404, ErrorCode.UnknownMessage, 'Unknown Message'),
  unknownChannel: () => new DiscordHttpError(404, ErrorCode.UnknownChannel, 'Unknown Channel'),
  missingAccess: () => new DiscordHttpError(403, ErrorCode.MissingAccess, 'Missing Access'),
  missingPermissions: () => new DiscordHttpError(403, ErrorCode.MissingPermissions, 'Missing Permissions'),
  unauthorized: () => new DiscordHttpError(401, ErrorCode.Unauthorized, '401: Unauthorized'),
  notFound: () => new DiscordHttpError(404, ErrorCode.General, '404: Not Found'),
  emptyMessage: () =>
    new DiscordHttpError(400, ErrorCode.CannotSendEmptyMessage, 'Cannot send an empty message'),
  invalidForm: (problems: readonly { path: readonly (string | number)[]; error: FieldError }[]) =>
    new DiscordHttpError(400, ErrorCode.InvalidFormBody, 'Invalid Form Body', toFormErrors(problems)),
};
