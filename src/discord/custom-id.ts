import { LIMITS } from './limits.ts';

/**
 * Button state lives in `custom_id` so buttons keep working after a restart. Format:
 * `<command>:<field>:<field>…`, each field percent-escaped for `%` and `:`; the first part names the command
 * whose `button` handler receives the fields. Discord caps `custom_id` at 100 characters.
 */
const SEPARATOR = ':';

function escapeField(field: string): string {
  return field.replaceAll('%', '%25').replaceAll(SEPARATOR, '%3A');
}

function unescapeField(field: string): string {
  return field.replaceAll('%3A', SEPARATOR).replaceAll('%25', '%');
}

/** Encodes without checking the length (see {@link encodeCustomId}). */
function join(prefix: string, fields: readonly string[]): string {
  return [prefix, ...fields].map(escapeField).join(SEPARATOR);
}

/** True when `prefix` plus `fields` fit in Discord's 100-character `custom_id`. */
export function customIdFits(prefix: string, fields: readonly string[]): boolean {
  return join(prefix, fields).length <= LIMITS.customId;
}

/** Encodes a button's state; throws when it would exceed 100 characters (a bug: callers must shorten state). */
export function encodeCustomId(prefix: string, fields: readonly string[]): string {
  const id = join(prefix, fields);
  if (id.length > LIMITS.customId) {
    throw new RangeError(
      `custom-id: "${id.slice(0, 40)}…" is ${id.length} characters; Discord allows ${LIMITS.customId}`,
    );
  }
  return id;
}

/** Decodes a `custom_id` into the owning command's name and its fields. */
export function decodeCustomId(id: string): { prefix: string; fields: string[] } {
  const [prefix = '', ...fields] = id.split(SEPARATOR).map(unescapeField);
  return { prefix, fields };
}

/** A short, stable hash (FNV-1a 32-bit, base 36, ≤ 7 characters) to refer to text too long for a custom_id. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}
