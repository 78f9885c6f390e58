import { customIdFits, encodeCustomId, shortHash } from './custom-id.ts';

/**
 * The state of /ask's buttons, kept entirely in `custom_id` so they work after a restart:
 * `ask:<action>:<offset>:<asker>:<article>:<question>` (offset and asker id in base 36).
 * - article: empty (whole library), the article id, or `#<hash>` of the id when the id is too long;
 * - question: `=<text>` when it fits in the 100 characters, else `#<hash>`: the button handler then reads the
 *   question back from the first line of the message the button is on (it is shown there, escaped) and
 *   accepts it only if its hash matches. If neither works it says so and asks the user to ask again.
 */
export const ASK_PREFIX = 'ask';

export type AskAction = 'more' | 'public' | 'delete' | 'closest' | 'everything';
// biome-ignore format: a table reads better packed
const ACTION_CODES: Record<AskAction, string> = { more: 'm', public: 'p', delete: 'd', closest: 'c', everything: 'e' };

export interface AskButtonState {
  readonly action: AskAction;
  /** Results to skip (the next page for "More"; the current page for "Post publicly"). */
  readonly offset: number;
  readonly askerId: string;
  readonly question: string;
  readonly articleId?: string | undefined;
}

export interface DecodedAskButton {
  readonly action: AskAction;
  readonly offset: number;
  readonly askerId: string;
  readonly article: { readonly id: string } | { readonly hash: string } | null;
  readonly question: { readonly text: string } | { readonly hash: string };
}

function toBase36(id: string): string {
  return /^\d+$/.test(id) ? BigInt(id).toString(36) : `_${id}`;
}

function fromBase36(text: string): string {
  if (text.startsWith('_')) return text.slice(1);
  let value = 0n;
  for (const ch of text) value = value * 36n + BigInt(Number.parseInt(ch, 36));
  return value.toString();
}

/** Encodes an /ask button; always ≤ 100 characters (long questions and article ids become hashes). */
export function encodeAskButton(state: AskButtonState): string {
  const head = [ACTION_CODES[state.action], state.offset.toString(36), toBase36(state.askerId)];
  let article = state.articleId ?? '';
  if (article && !customIdFits(ASK_PREFIX, [...head, article, '#0000000']))
    article = `#${shortHash(article)}`;
  const inline = [...head, article, `=${state.question}`];
  if (customIdFits(ASK_PREFIX, inline)) return encodeCustomId(ASK_PREFIX, inline);
  return encodeCustomId(ASK_PREFIX, [...head, article, `#${shortHash(state.question)}`]);
}

/** Decodes the fields after `ask:`; null when they are not an /ask button of this format. */
export function decodeAskButton(fields: readonly string[]): DecodedAskButton | null {
  const [code, offset, asker, article, question] = fields;
  const action = (Object.keys(ACTION_CODES) as AskAction[]).find((key) => ACTION_CODES[key] === code);
  if (!action || offset === undefined || !asker || article === undefined || !question) return null;
  const parsedOffset = Number.parseInt(offset, 36);
  if (!Number.isSafeInteger(parsedOffset) || parsedOffset < 0) return null;
  return {
    action,
    offset: parsedOffset,
    askerId: fromBase36(asker),
    article: article === '' ? null : article.startsWith('#') ? { hash: article.slice(1) } : { id: article },
    question: question.startsWith('=') ? { text: question.slice(1) } : { hash: question.slice(1) },
  };
}
