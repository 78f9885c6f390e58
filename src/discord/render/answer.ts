import { type APIButtonComponentWithCustomId, ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type { Answer, AnswerResult } from '../../answer/answer.ts';
import { citationFor } from '../../answer/citation.ts';
import { PIECE_GAP, type Quote, type QuotePiece } from '../../answer/quote.ts';
import { encodeAskButton } from '../ask-state.ts';
import { LIMITS } from '../limits.ts';
import { cutMarkdown, escapeUserText, escapeVerbatim } from '../markdown.ts';
import type { ActionRow, ReplyPayload } from '../respond.ts';
import { maskedLink } from './links.ts';

export interface RenderAnswerOptions {
  /** Who asked: only they may delete the answer. */
  readonly askerId: string;
  /** Shown only to the asker (adds "Post publicly"; no "Delete": they can dismiss it). */
  readonly private: boolean;
  /** Results skipped before this page (the core's `offset`). */
  readonly offset: number;
  /** The article the question was limited to, if any. */
  readonly article?: { readonly id: string; readonly title: string } | undefined;
  /** Set when this is a public copy of a private answer: shown as "Asked by". */
  readonly postedBy?: string | undefined;
}

/** Longest question shown in the first line; longer ones are cut (their buttons then cannot recover them). */
const MAX_QUESTION_SHOWN = 600;
/** Room kept for the footer line. */
const FOOTER_RESERVE = 120;

/** The first line of every /ask message: the question, escaped, in bold. Read back by the buttons. */
export function questionLine(question: string): string {
  return `**${cutMarkdown(escapeUserText(question.replace(/\s+/g, ' ').trim()), MAX_QUESTION_SHOWN)}**`;
}

/** One verbatim piece of a quote: escaped, with its marked words in bold. */
function renderPiece(piece: Pick<QuotePiece, 'text' | 'highlights'>): string {
  const { text } = piece;
  const part = (from: number, to: number) =>
    escapeVerbatim(text.slice(from, to), { atLineStart: from === 0 || text[from - 1] === '\n' });
  let out = '';
  let at = 0;
  for (const { start, end } of mergeRanges(text, piece.highlights)) {
    if (start < at || end > text.length || end <= start) continue;
    out += `${part(at, start)}**${part(start, end)}**`;
    at = end;
  }
  return (out + part(at, text.length)).trim();
}

/**
 * A quote as block-quote lines: each piece escaped verbatim with the question's words and the answer in bold,
 * pieces joined by "…", and "…" where the passage goes on.
 */
export function renderQuote(quote: Quote): string {
  const body = `${quote.cutBefore ? '…' : ''}${quote.pieces.map(renderPiece).join(PIECE_GAP)}${quote.cutAfter ? '…' : ''}`;
  return body
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

/** Joins highlights separated only by spaces, so "Directive 24" is one bold run, not two. */
function mergeRanges(text: string, ranges: QuotePiece['highlights']): { start: number; end: number }[] {
  const merged: { start: number; end: number }[] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range.start >= last.end && /^[ \t]*$/.test(text.slice(last.end, range.start)))
      last.end = range.end;
    else merged.push({ start: range.start, end: range.end });
  }
  return merged;
}

/** The numbered citation line under a quote: `**[n]** [Title](<link>) — publisher, date, ¶ n`. */
export function renderCitation(result: Pick<AnswerResult, 'rank' | 'citation'>): string {
  const { citation } = result;
  const where = `${escapeVerbatim(citation.publisher)}, ${citation.published}, ¶ ${citation.paragraph}`;
  return `**[${result.rank}]** ${maskedLink(citation.title, citation.link)} — ${where}`;
}

function renderResult(result: AnswerResult): string {
  return `${renderQuote(result.quote)}\n${renderCitation(result)}`;
}

/**
 * A shorter excerpt of the same result, still verbatim: its first piece only, ending at the last sentence end
 * (or, failing that, word end) that fits `maxChars` once rendered. Null when nothing sensible fits.
 */
export function shortenResult(result: AnswerResult, maxChars: number): AnswerResult | null {
  const { quote, article, passage } = result;
  const first = quote.pieces[0];
  if (!first) return null;
  const ends = passage.sentences
    .map((sentence) => sentence.end)
    .filter((end) => end > first.start && end <= first.end)
    .sort((a, b) => b - a);
  const body = article.body;
  const words: number[] = [];
  for (let i = first.end - 1; i > first.start; i--)
    if (/\s/.test(body[i] ?? '') && !/\s/.test(body[i - 1] ?? '')) words.push(i);
  for (const end of [...ends, ...words]) {
    const text = body.slice(first.start, end).trimEnd();
    if (text.length === 0) continue;
    const piece: QuotePiece = {
      text,
      start: first.start,
      end: first.start + text.length,
      highlights: first.highlights.filter((range) => range.end <= text.length),
    };
    const shorter: Quote = { pieces: [piece], cutBefore: quote.cutBefore, cutAfter: piece.end < passage.end };
    const candidate = { ...result, quote: shorter, citation: citationFor(article, passage, text) };
    if (renderResult(candidate).length <= maxChars) return candidate;
  }
  return null;
}

function button(
  label: string,
  customId: string,
  style: APIButtonComponentWithCustomId['style'],
): APIButtonComponentWithCustomId {
  return { type: ComponentType.Button, style, label, custom_id: customId };
}

/**
 * Renders the core's answer as a Discord message (pure). Quotes are block quotes with matched words in bold and
 * a numbered, linked citation each; whole results are dropped from the end when the message would pass 2,000
 * characters (the "More" button then starts right after the last one shown). All button state is in custom_id.
 */
export function renderAnswer(answer: Answer, options: RenderAnswerOptions): ReplyPayload {
  const lines = [questionLine(answer.question)];
  if (options.article) lines.push(`-# Searching only “${escapeVerbatim(options.article.title)}”`);
  if (options.postedBy) lines.push(`-# Asked by <@${options.postedBy}>`);
  const header = lines.join('\n');

  if (answer.abstained || answer.results.length === 0) {
    return {
      content: `${header}\n\n${abstentionText(answer, options.offset)}`,
      components: actionRows(answer, options, null),
      ephemeral: options.private,
    };
  }

  const blocks: string[] = [];
  let length = header.length;
  for (const result of answer.results) {
    const room = LIMITS.content - FOOTER_RESERVE - length - 2;
    let block = renderResult(result);
    if (block.length > room) {
      if (blocks.length > 0) break;
      const shorter = shortenResult(result, room);
      if (!shorter) break;
      block = renderResult(shorter);
    }
    blocks.push(block);
    length += block.length + 2;
  }
  const shown = blocks.length;
  const first = options.offset + 1;
  const last = options.offset + shown;
  const footer = `-# ${shown === 1 ? `Result ${first}` : `Results ${first}–${last}`} of ${answer.total}`;
  return {
    content: [header, ...blocks, footer].join('\n\n'),
    components: actionRows(answer, options, options.offset + shown),
    ephemeral: options.private,
  };
}

function abstentionText(answer: Answer, offset: number): string {
  if (!answer.abstained && offset > 0) return 'No more results for this question.';
  const lines = ["I couldn't find this in the library."];
  if (answer.missing.length > 0) {
    const words = answer.missing.slice(0, 8).map((word) => `*${escapeUserText(word)}*`);
    lines.push(`No article has ${words.length === 1 ? 'the word' : 'these words'}: ${words.join(', ')}.`);
  }
  if (answer.nearest.length > 0) {
    lines.push(
      `Nearest articles: ${answer.nearest.map((ref) => maskedLink(ref.title, ref.url)).join(' · ')}`,
    );
  } else {
    lines.push('No article comes close. `/sources` lists what the library holds.');
  }
  return lines.join('\n');
}

/**
 * The abstention with the closest passage shown under it, clearly labelled as not an answer (what "Show closest
 * passage" turns the message into).
 */
export function renderClosest(answer: Answer, options: RenderAnswerOptions): ReplyPayload {
  const abstention = renderAnswer(answer, options);
  const closest = answer.closest;
  if (!answer.abstained || !closest) return abstention;
  const label = '-# Closest passage — **not an answer**: it does not hold enough of your question.';
  const content = abstention.content ?? '';
  const room = LIMITS.content - content.length - label.length - 4;
  let block = renderResult(closest);
  if (block.length > room) {
    const shorter = shortenResult(closest, room);
    if (!shorter) return abstention;
    block = renderResult(shorter);
  }
  return {
    ...abstention,
    content: `${content}\n\n${label}\n${block}`,
    components: actionRows(answer, options, null, { closestShown: true }),
  };
}

function actionRows(
  answer: Answer,
  options: RenderAnswerOptions,
  nextOffset: number | null,
  shown: { closestShown?: boolean } = {},
): ActionRow[] {
  const state = { askerId: options.askerId, question: answer.question, articleId: options.article?.id };
  const buttons: APIButtonComponentWithCustomId[] = [];
  if (answer.abstained && answer.closest && !shown.closestShown) {
    const id = encodeAskButton({ ...state, action: 'closest', offset: 0 });
    buttons.push(button('Show closest passage', id, ButtonStyle.Secondary));
  }
  if (nextOffset !== null && nextOffset < answer.total) {
    buttons.push(
      button('More', encodeAskButton({ ...state, action: 'more', offset: nextOffset }), ButtonStyle.Primary),
    );
  }
  if (options.private && !answer.abstained) {
    const id = encodeAskButton({ ...state, action: 'public', offset: options.offset });
    buttons.push(button('Post publicly', id, ButtonStyle.Secondary));
  }
  if (!options.private) {
    buttons.push(
      button('Delete', encodeAskButton({ ...state, action: 'delete', offset: 0 }), ButtonStyle.Danger),
    );
  }
  return buttons.length === 0 ? [] : [{ type: ComponentType.ActionRow, components: buttons }];
}
