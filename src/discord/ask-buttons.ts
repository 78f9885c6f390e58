import type { APIButtonComponentWithCustomId } from 'discord-api-types/v10';
import type { Answer } from '../answer/answer.ts';
import type { Article } from '../corpus/types.ts';
import { customIdFits, encodeCustomId, shortHash } from './custom-id.ts';
import { UserFacingError } from './interaction-errors.ts';
import { cutMarkdown, escapeUserText, unescapeMarkdown } from './markdown.ts';
import { button, buttonRows } from './render/buttons.ts';
import type { ActionRow } from './respond.ts';

/**
 * The /ask button protocol, in one place: which buttons an answer carries, the state each keeps in its
 * `custom_id` (so they work after a restart), and how a press reads that state back.
 *
 * `ask:<action>:<offset>:<asker>:<article>:<question>` (offset and asker id in base 36):
 * - article: empty (whole library), the article id, or `#<hash>` of the id when the id is too long;
 * - question: `=<text>` when it fits in the 100 characters, else `#<hash>`: the press then reads the question back
 *   from the first line of the message the button is on ({@link questionLine}, escaped) and accepts it only if its
 *   hash matches ({@link questionOfPress}). If neither works it says so and asks the user to ask again.
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

/** Longest question shown in the first line; longer ones are cut (their buttons then cannot recover them). */
const MAX_QUESTION_SHOWN = 600;

/** The first line of every /ask message: the question, escaped, in bold. Read back by {@link questionOfPress}. */
export function questionLine(question: string): string {
  return `**${cutMarkdown(escapeUserText(question.replace(/\s+/g, ' ').trim()), MAX_QUESTION_SHOWN)}**`;
}

/**
 * The question a press is about: from its custom_id, else read back from the first line of the message the button
 * is on and checked against the button's hash. Throws a {@link UserFacingError} when it cannot be recovered.
 */
export function questionOfPress(state: DecodedAskButton, messageContent: string): string {
  if ('text' in state.question) return state.question.text;
  const first = /^\*\*(.+)\*\*$/.exec(messageContent.split('\n', 1)[0] ?? '')?.[1];
  const candidate = first === undefined ? undefined : unescapeMarkdown(first);
  if (candidate === undefined || shortHash(candidate) !== state.question.hash) {
    throw new UserFacingError(
      'I cannot read this question back from the message any more; please ask it again.',
    );
  }
  return candidate;
}

/**
 * The article a press's answer was limited to (undefined: the whole library), by id or by the hash of its id.
 * Throws a {@link UserFacingError} when it has left the library.
 */
export function articleOfPress(
  state: DecodedAskButton,
  articles: ReadonlyMap<string, Article>,
): Article | undefined {
  if (state.article === null) return undefined;
  const ref = state.article;
  const article =
    'id' in ref ? articles.get(ref.id) : [...articles.values()].find((a) => shortHash(a.id) === ref.hash);
  if (!article)
    throw new UserFacingError('The article this answer searched is no longer in the library; ask again.');
  return article;
}

/** What decides an answer message's buttons, besides the answer itself. */
export interface AskButtonsFor {
  /** Who asked: only they may delete the answer (and use a private answer's buttons). */
  readonly askerId: string;
  /** A private answer gets "Post publicly" and no "Delete" (the asker can dismiss it). */
  readonly private: boolean;
  /** Results skipped before this page: "Post publicly" posts this page. */
  readonly offset: number;
  /** The article the question was limited to: an abstention then offers "Search everything". */
  readonly articleId?: string | undefined;
  /** Where "More" starts; null when the message has no "More" (an abstention). */
  readonly nextOffset: number | null;
  /** The closest passage is already shown: no "Show closest passage". */
  readonly closestShown?: boolean;
}

/** The parts of an answer its buttons depend on (`closest`: only whether there is one). */
export type AnswerForButtons = Pick<Answer, 'question' | 'abstained' | 'total'> & {
  readonly closest: object | null;
};

/** The buttons under an /ask message (pure), every one carrying its state in its custom_id. */
export function askButtons(answer: AnswerForButtons, options: AskButtonsFor): ActionRow[] {
  const state = { askerId: options.askerId, question: answer.question, articleId: options.articleId };
  const buttons: APIButtonComponentWithCustomId[] = [];
  if (answer.abstained && answer.closest && !options.closestShown) {
    const id = encodeAskButton({ ...state, action: 'closest', offset: 0 });
    buttons.push(button('Show closest passage', id, 'secondary'));
  }
  if (answer.abstained && options.articleId !== undefined) {
    const id = encodeAskButton({ ...state, articleId: undefined, action: 'everything', offset: 0 });
    buttons.push(button('Search everything', id, 'primary'));
  }
  if (options.nextOffset !== null && options.nextOffset < answer.total) {
    const id = encodeAskButton({ ...state, action: 'more', offset: options.nextOffset });
    buttons.push(button('More', id, 'primary'));
  }
  if (options.private && !answer.abstained) {
    const id = encodeAskButton({ ...state, action: 'public', offset: options.offset });
    buttons.push(button('Post publicly', id, 'secondary'));
  }
  if (!options.private) {
    buttons.push(button('Delete', encodeAskButton({ ...state, action: 'delete', offset: 0 }), 'danger'));
  }
  return buttonRows(buttons);
}
