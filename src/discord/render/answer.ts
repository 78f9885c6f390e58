import type { Answer, AnswerResult } from '../../answer/answer.ts';
import { citationFor } from '../../answer/citation.ts';
import { PIECE_GAP, type Quote, type QuotePiece, sentenceCuts } from '../../answer/quote.ts';
import { askButtons, questionLine } from '../ask-buttons.ts';
import { type Mention, plainMention } from '../command-mentions.ts';
import { LIMITS } from '../limits.ts';
import { escapeUserText } from '../markdown.ts';
import type { ActionRow, ReplyPayload } from '../respond.ts';
import { citationLine } from './citation.ts';
import { linkWithin, MAX_TITLE_SHOWN, shownText } from './links.ts';
import { blockQuote, markedText } from './quote.ts';

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
  /** How commands named in the reply are written (default: in code, `/sources`). */
  readonly mention?: Mention | undefined;
}

/** Room kept for the footer line. */
const FOOTER_RESERVE = 120;
/** Longest "nearest article" entry of an abstention: a longer link is left out (the title stays). */
const MAX_NEAREST_SHOWN = 300;

/** One verbatim piece of a quote: escaped, with its marked words in bold. */
function renderPiece(piece: Pick<QuotePiece, 'text' | 'highlights'>): string {
  const marks = mergeRanges(piece.text, piece.highlights).map((range) => ({
    ...range,
    style: '**' as const,
  }));
  return markedText(piece.text, marks).trim();
}

/**
 * A quote as block-quote lines: each piece escaped verbatim with the question's words and the answer in bold,
 * pieces joined by "…", and "…" where a sentence is cut.
 */
export function renderQuote(quote: Quote): string {
  const body = `${quote.cutBefore ? '…' : ''}${quote.pieces.map(renderPiece).join(PIECE_GAP)}${quote.cutAfter ? '…' : ''}`;
  return blockQuote(body);
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

/**
 * The numbered citation line under a quote: `**[n]** [Title](<link>) — publisher, date, ¶ n`, title and
 * publisher cut when very long; links over `maxLink` characters are given up.
 */
export function renderCitation(
  result: Pick<AnswerResult, 'rank' | 'citation'>,
  maxLink = Number.POSITIVE_INFINITY,
): string {
  return citationLine(result.citation, { maxLink, number: result.rank });
}

function renderResult(result: AnswerResult, maxLink = Number.POSITIVE_INFINITY): string {
  return `${renderQuote(result.quote)}\n${renderCitation(result, maxLink)}`;
}

/**
 * The fullest rendering of a result that fits in `room` characters (pure): whole, else with a shortened quote;
 * the link to the quoted words, else to the article, else none (a link of thousands of characters). Null only
 * when not even the citation fits.
 */
export function fitResult(result: AnswerResult, room: number): string | null {
  // The link to the quoted words is always longer than the article's URL (it is that URL plus a fragment).
  for (const maxLink of [Number.POSITIVE_INFINITY, result.citation.url.length, 0]) {
    const whole = renderResult(result, maxLink);
    if (whole.length <= room) return whole;
    const shorter = shortenResult(result, room, maxLink);
    if (shorter) return renderResult(shorter, maxLink);
  }
  return null;
}

/**
 * A shorter excerpt of the same result, still verbatim: its first piece only, ending at the last sentence end
 * (or, failing that, word end, or as a last resort any character) that fits `maxChars` once rendered with
 * its citation's links up to `maxLink` characters. Null when nothing fits.
 */
export function shortenResult(
  result: AnswerResult,
  maxChars: number,
  maxLink = Number.POSITIVE_INFINITY,
): AnswerResult | null {
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
  // Last resort, one very long word: cut inside it at a few lengths that leave room for the citation.
  const room = maxChars - renderCitation(result, maxLink).length - 8;
  const anywhere = [room, room / 2, room / 4, 16]
    .map((length) => first.start + Math.floor(length))
    .filter((end) => end > first.start && end < first.end);
  for (const end of [...ends, ...words, ...anywhere]) {
    const text = body.slice(first.start, end).trimEnd();
    if (text.length === 0) continue;
    const piece: QuotePiece = {
      text,
      start: first.start,
      end: first.start + text.length,
      highlights: first.highlights.filter((range) => range.end <= text.length),
    };
    const cuts = sentenceCuts(passage, piece.start, piece.end);
    const shorter: Quote = { pieces: [piece], cutBefore: cuts.before, cutAfter: cuts.after };
    const candidate = { ...result, quote: shorter, citation: citationFor(article, passage, text) };
    if (renderResult(candidate, maxLink).length <= maxChars) return candidate;
  }
  return null;
}

/**
 * Renders the core's answer as a Discord message (pure). Quotes are block quotes with matched words in bold and
 * a numbered, linked citation each; whole results are dropped from the end when the message would pass 2,000
 * characters (the "More" button then starts right after the last one shown). All button state is in custom_id.
 */
export function renderAnswer(answer: Answer, options: RenderAnswerOptions): ReplyPayload {
  const lines = [questionLine(answer.question)];
  if (options.article) lines.push(`-# Searching only “${shownText(options.article.title, MAX_TITLE_SHOWN)}”`);
  if (options.postedBy) lines.push(`-# Asked by <@${options.postedBy}>`);
  if (answer.readAs.length > 0) {
    const words = answer.readAs
      .slice(0, 5)
      .map(({ asked, read }) => `*${shownText(asked, 40)}* as *${shownText(read, 40)}*`);
    lines.push(`-# Read ${words.join(', ')}`);
  }
  const header = lines.join('\n');

  if (answer.abstained || answer.results.length === 0) {
    return {
      content: `${header}\n\n${abstentionText(answer, options)}`,
      components: actionRows(answer, options, null),
      ephemeral: options.private,
    };
  }

  const blocks: string[] = [];
  const pageRoom = LIMITS.content - FOOTER_RESERVE - header.length - 2;
  let length = header.length;
  for (const result of answer.results) {
    const room = LIMITS.content - FOOTER_RESERVE - length - 2;
    let block: string | null = renderResult(result);
    if (block.length > room) {
      // How it would show first on a page of its own (shortened, or without a link too long for any page):
      // shown here if that fits; otherwise it starts the next page. The first result is always fitted, so a
      // page always shows at least one result.
      block = fitResult(result, pageRoom);
      if (block === null || block.length > room) {
        if (blocks.length > 0) break;
        block = fitResult(result, room);
        if (block === null) break;
      }
    }
    blocks.push(block);
    length += block.length + 2;
  }
  const shown = blocks.length;
  const first = options.offset + 1;
  const last = options.offset + shown;
  const which =
    shown === 0
      ? `Result ${first} is too long to show`
      : shown === 1
        ? `Result ${first}`
        : `Results ${first}–${last}`;
  return {
    content: [header, ...blocks, `-# ${which} of ${answer.total}`].join('\n\n'),
    // Never the same offset again: "More" always moves on, even past a result that could not be shown.
    components: actionRows(answer, options, options.offset + Math.max(shown, 1)),
    ephemeral: options.private,
  };
}

function abstentionText(answer: Answer, options: RenderAnswerOptions): string {
  if (!answer.abstained && options.offset > 0) return 'No more results for this question.';
  if (options.article) {
    // Only one article was searched: say so, and offer the whole library ("Search everything").
    return `I couldn't find this in “${shownText(options.article.title, MAX_TITLE_SHOWN)}”.`;
  }
  const lines = ["I couldn't find this in the library."];
  if (answer.missing.length > 0) {
    const words = answer.missing.slice(0, 8).map((word) => `*${escapeUserText(word)}*`);
    lines.push(`No article has ${words.length === 1 ? 'the word' : 'these words'}: ${words.join(', ')}.`);
  }
  if (answer.nearest.length > 0) {
    lines.push(
      `Nearest articles: ${answer.nearest.map((ref) => linkWithin(ref.title, ref.url, MAX_NEAREST_SHOWN)).join(' · ')}`,
    );
  } else {
    lines.push(
      `No article comes close. ${(options.mention ?? plainMention)('sources')} lists what the library holds.`,
    );
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
  const block = fitResult(closest, room);
  return {
    ...abstention,
    content: block
      ? `${content}\n\n${label}\n${block}`
      : `${content}\n\n-# The closest passage is too long to show here.`,
    components: actionRows(answer, options, null, { closestShown: true }),
  };
}

function actionRows(
  answer: Answer,
  options: RenderAnswerOptions,
  nextOffset: number | null,
  shown: { closestShown?: boolean } = {},
): ActionRow[] {
  return askButtons(answer, {
    askerId: options.askerId,
    private: options.private,
    offset: options.offset,
    articleId: options.article?.id,
    nextOffset,
    ...shown,
  });
}
