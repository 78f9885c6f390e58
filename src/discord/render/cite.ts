import type { CiteReport, LookupResult } from '../../cite/cite.ts';
import { describeDifferences, KIND_LABELS } from '../../cite/describe.ts';
import { MIN_LOOKUP_WORDS } from '../../cite/extract-lookups.ts';
import type { CiteMatch } from '../../cite/match.ts';
import { type Mention, plainMention } from '../command-mentions.ts';
import { encodeCustomId } from '../custom-id.ts';
import { LIMITS } from '../limits.ts';
import { cutMarkdown, escapeUserText, escapeVerbatim } from '../markdown.ts';
import type { ReplyPayload } from '../respond.ts';
import { button, buttonRows } from './buttons.ts';
import { citationLine } from './citation.ts';
import { fitWithLinks } from './links.ts';
import { type QuoteMark, verbatimQuote } from './quote.ts';

/** Longest looked-up text echoed back; the rest is cut with "…". */
const MAX_ECHO_CHARS = 200;
/** Room kept for the "N more not shown" line. */
const FOOTER_RESERVE = 100;
/** Related passages shown per lookup (they are not matches: one or two give the idea). */
const MAX_RELATED_SHOWN = 2;

/** Said (privately) when a text has nothing long enough to look up. */
export const NOTHING_TO_LOOK_UP = `Nothing to look up: give a quote or a claim of at least ${MIN_LOOKUP_WORDS} words (text in quotation marks or \`> \` block quotes is looked up on its own).`;

/**
 * The matched span as block-quote lines, verbatim (escaped so it reads exactly as written), with source words the
 * text changed or left out in bold and words left out at an ellipsis struck through. Marks are formatting only.
 */
export function renderMarkedSpan(match: CiteMatch): string {
  const { span } = match;
  const marks: QuoteMark[] = [];
  for (const d of match.differences) {
    if (!d.source) continue;
    const at = { start: d.source.start - span.start, end: d.source.end - span.start };
    if (d.kind === 'omitted') marks.push({ ...at, style: '~~' });
    else if (d.kind !== 'added') marks.push({ ...at, style: '**' });
  }
  return verbatimQuote(span.text, marks);
}

/**
 * `[Title](<link>) — Publisher, date, ¶ n`, title and publisher cut when very long. The link goes to the matched
 * words, else to the article when that link is over `maxLink` characters, else the title is not linked.
 */
export function renderCiteCitation(match: CiteMatch, maxLink = Number.POSITIVE_INFINITY): string {
  return citationLine(match.citation, { maxLink });
}

function renderMatch(match: CiteMatch, maxLink: number): string {
  const lines = [
    `**${KIND_LABELS[match.kind]}** · similarity ${match.similarity.toFixed(2)}`,
    renderMarkedSpan(match),
  ];
  const differences = describeDifferences(
    match,
    (text) => `“${escapeVerbatim(text, { atLineStart: false })}”`,
  );
  const legend = [
    match.differences.some((d) => d.kind === 'changed' || d.kind === 'typo' || d.kind === 'missing')
      ? '**bold**: words your text changed or left out'
      : '',
    match.differences.some((d) => d.kind === 'omitted') ? '~~struck~~: left out at your ellipsis' : '',
  ].filter(Boolean);
  if (legend.length > 0) lines.push(`-# ${legend.join(' · ')}`);
  if (differences.length > 0) lines.push(`Differences: ${differences.join(' · ')}`);
  lines.push(renderCiteCitation(match, maxLink));
  return lines.join('\n');
}

function renderRelated(matches: readonly CiteMatch[], shown: number, maxLink: number): string {
  const lines = [
    '**Not found as a quote.** Related passages, the same subject in other words (not a match):',
  ];
  for (const match of matches.slice(0, shown)) {
    const share = match.similarity.toFixed(2);
    lines.push(
      `${renderMarkedSpan(match)}\n${renderCiteCitation(match, maxLink)} · shared vocabulary ${share}`,
    );
  }
  return lines.join('\n');
}

/**
 * Everything shown for one looked-up text: what was looked up, then the match(es), related passages or "not
 * found". `compact` shows only the best match or related passage (when the full block does not fit); links over
 * `maxLink` characters are given up ({@link renderCiteCitation}).
 */
export function renderLookup(
  result: LookupResult,
  compact = false,
  maxLink = Number.POSITIVE_INFINITY,
): string {
  const echo = cutMarkdown(escapeUserText(result.lookup.text.replace(/\s+/gu, ' ')), MAX_ECHO_CHARS);
  const head = `**Looked up:** “${echo}”`;
  const first = result.matches[0];
  if (!first) return `${head}\n**Not found** in the library: no passage quotes it or says the same thing.`;
  if (first.kind === 'related')
    return `${head}\n${renderRelated(result.matches, compact ? 1 : MAX_RELATED_SHOWN, maxLink)}`;
  return [head, ...(compact ? [first] : result.matches).map((match) => renderMatch(match, maxLink))].join(
    '\n',
  );
}

/**
 * The fullest rendering of a lookup that fits `room` characters, or null when it does not fit: every match,
 * giving up the longest links first (a link of thousands of characters fits no message); else the best match
 * alone, the same way. Only the first lookup of a reply is ever cut (a reply shows at least one); the others
 * are shown whole or counted as not shown, never cut between their quote and its citation.
 */
function fitLookup(result: LookupResult, room: number, first: boolean): string | null {
  const citations = result.matches.map((match) => match.citation);
  for (const compact of [false, true]) {
    const block = fitWithLinks(citations, room, (maxLink) => renderLookup(result, compact, maxLink));
    if (block.length <= room) return block;
  }
  return first ? cutMarkdown(renderLookup(result, true, 0), room) : null;
}

/** The custom_id of "Post publicly" under a private /cite or "Find source" reply. */
export const CITE_POST_PUBLICLY = encodeCustomId('cite', ['public']);
/** Room kept in a private reply for the line a public copy starts with ({@link publicCiteCopy}). */
const PUBLIC_LINE_RESERVE = 60;

/**
 * The reply to /cite or "Find source" (pure): one block per looked-up text while they fit in one message, then
 * a count of those left out. A text with nothing to look up gets a private hint instead. A private reply has a
 * "Post publicly" button, which posts the same text for everyone ({@link publicCiteCopy}).
 */
export function renderCiteReply(
  report: CiteReport,
  options: { readonly private?: boolean; readonly mention?: Mention | undefined } = {},
): ReplyPayload {
  const ephemeral = options.private ?? false;
  if (report.lookups.length === 0) return { content: NOTHING_TO_LOOK_UP, ephemeral: true };
  const blocks: string[] = [];
  let length = ephemeral ? PUBLIC_LINE_RESERVE : 0;
  for (const result of report.lookups) {
    const block = fitLookup(result, LIMITS.content - FOOTER_RESERVE - length - 2, blocks.length === 0);
    if (block === null) break;
    blocks.push(block);
    length += block.length + 2;
  }
  const left = report.lookups.length - blocks.length;
  if (left > 0)
    blocks.push(
      `-# ${left} more looked-up ${left === 1 ? 'text' : 'texts'} not shown: use ${(options.mention ?? plainMention)('cite')} on each.`,
    );
  const content = blocks.join('\n\n');
  if (!ephemeral) return { content, ephemeral };
  return {
    content,
    ephemeral,
    components: buttonRows([button('Post publicly', CITE_POST_PUBLICLY, 'secondary')]),
  };
}

/** The public copy of a private /cite or "Find source" reply, saying who looked it up. */
export function publicCiteCopy(privateContent: string, userId: string): ReplyPayload {
  return { content: `-# Looked up by <@${userId}>\n${privateContent}`, ephemeral: false };
}
