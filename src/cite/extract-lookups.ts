import { splitSentences } from '../corpus/sentences.ts';
import { tokenize } from '../search/text.ts';

/** What to look up, and where in the message it came from. */
export interface Lookup {
  readonly text: string;
  /** `quote`: inside quotation marks; `block-quote`: `> ` lines; `message`: the whole message. */
  readonly origin: 'quote' | 'block-quote' | 'message';
  /** Cut out of a longer text at sentence boundaries. */
  readonly sentence: boolean;
}

/** Discord's longest message; anything past it is ignored. */
export const MAX_INPUT_CHARS = 4000;
/** A quote of fewer words ("Sinocize", "hostile forces") is a scare quote or a term, not something to source. */
export const MIN_LOOKUP_WORDS = 3;
/** Longer texts are cut into sentences and each is looked up; shorter ones are matched whole. */
export const LONG_LOOKUP_CHARS = 300;
/** At most this many lookups per message (a 4,000-character message holds about this many sentences). */
export const MAX_LOOKUPS = 25;

interface Found {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

// Pairs of quotation marks, each with a pattern for the quoted text. Straight and curly single quotes count
// only when they clearly open and close a quote (space or bracket before, space or punctuation after), so
// apostrophes ("China’s", "cadres’") are not mistaken for quotes.
const QUOTE_PATTERNS: readonly RegExp[] = [
  /“([^“”]+)”/gu,
  /„([^„“”]+)[“”]/gu,
  /"([^"]+)"/gu,
  /«([^«»]+)»/gu,
  /»([^«»]+)«/gu,
  /「([^「」]+)」/gu,
  /(?<=^|[\s([{—–-])['‘](?=[\p{L}\p{N}])([^\n]+?)(?<=[\p{L}\p{N}.,!?])['’](?=$|[\s.,;:!?)\]}—–-])/gu,
];

/** Quotation-marked stretches of `text`, in order, nested or overlapping ones dropped (the outer one wins). */
function quotedStretches(text: string): Found[] {
  const all: Found[] = [];
  for (const pattern of QUOTE_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      all.push({ start: match.index, end: match.index + match[0].length, text: match[1] ?? '' });
    }
  }
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Found[] = [];
  for (const found of all) {
    const previous = kept.at(-1);
    if (!previous || found.start >= previous.end) kept.push(found);
  }
  return kept;
}

/** Block quotes: `>>> ` quotes the rest of the message; consecutive `> ` lines form one quote. */
function blockQuotes(text: string): { quotes: string[]; rest: string } {
  const quotes: string[] = [];
  const rest: string[] = [];
  const lines = text.split('\n');
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) quotes.push(current.join('\n'));
    current = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const multi = /^>>> ?(.*)$/su.exec(line);
    if (multi) {
      flush();
      quotes.push([multi[1] ?? '', ...lines.slice(i + 1)].join('\n'));
      break;
    }
    const single = /^> ?(.*)$/u.exec(line);
    if (single) current.push(single[1] ?? '');
    else {
      flush();
      rest.push(line);
    }
  }
  flush();
  return { quotes, rest: rest.join('\n') };
}

/** Removes what is not prose from a whole message: links, mentions, custom emoji, code and markdown marks. */
function cleanMessage(text: string): string {
  return text
    .replace(/```[\s\S]*?```|`[^`]*`/gu, ' ')
    .replace(/https?:\/\/\S+/gu, ' ')
    .replace(/<(?:[@#][!&]?\d+|a?:\w+:\d+|t:\d+(?::\w)?)>/gu, ' ')
    .replace(/[*_~|]{1,3}/gu, '');
}

function wordCount(text: string): number {
  return tokenize(text).length;
}

/** A text as lookups: whole when short, else its sentences; tiny pieces dropped. */
function toLookups(text: string, origin: Lookup['origin']): Lookup[] {
  const trimmed = text.trim();
  if (trimmed.length <= LONG_LOOKUP_CHARS) {
    return wordCount(trimmed) >= MIN_LOOKUP_WORDS ? [{ text: trimmed, origin, sentence: false }] : [];
  }
  return splitSentences(trimmed)
    .map((sentence) => trimmed.slice(sentence.start, sentence.end))
    .filter((sentence) => wordCount(sentence) >= MIN_LOOKUP_WORDS)
    .map((sentence) => ({ text: sentence, origin, sentence: true }));
}

/**
 * What a message asks to be sourced: the text in quotation marks (straight, curly, «», „“, clear single quotes)
 * and block quotes, each separately; else the whole message. Quotes under {@link MIN_LOOKUP_WORDS} words are
 * ignored; texts over {@link LONG_LOOKUP_CHARS} are cut into sentences. Pure.
 */
export function extractLookups(message: string): Lookup[] {
  const text = message.slice(0, MAX_INPUT_CHARS).normalize('NFC').replace(/\r\n?/gu, '\n');
  const { quotes: blocks, rest } = blockQuotes(text);
  const lookups: Lookup[] = [];
  for (const block of blocks) lookups.push(...toLookups(block, 'block-quote'));
  for (const quote of quotedStretches(rest)) lookups.push(...toLookups(quote.text, 'quote'));
  if (lookups.length === 0) lookups.push(...toLookups(cleanMessage(text), 'message'));
  const seen = new Set<string>();
  return lookups
    .filter((lookup) => {
      const key = tokenize(lookup.text.toLowerCase()).join(' ');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, MAX_LOOKUPS);
}
