import type { Sentence } from './types.ts';

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

// ICU's default sentence rules break after "Mr." or "U.S."; these words end a segment without ending a sentence.
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'st',
  'sr',
  'jr',
  'gen',
  'col',
  'lt',
  'sgt',
  'capt',
  'cmdr',
  'rep',
  'sen',
  'gov',
  'pres',
  'rev',
  'hon',
  'vs',
  'etc',
  'e.g',
  'i.e',
  'no',
  'nos',
  'inc',
  'ltd',
  'co',
  'corp',
  'dept',
  'est',
  'approx',
  'fig',
  'al',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'u.s',
  'u.k',
  'u.n',
  'e.u',
  'p.m',
  'a.m',
]);

/** Longest tail of a segment that can hold an abbreviation and the character before it ("approx." is 7). */
const ABBREVIATION_TAIL = 24;

function endsWithAbbreviation(segment: string): boolean {
  // Only the end of a segment matters; looking at its tail keeps this constant-time on a very long segment.
  // A tail cut inside a long word leaves a word of 20+ letters, never an abbreviation or an initial.
  const trimmed = segment.trimEnd();
  if (!trimmed.endsWith('.')) return false;
  const tail = trimmed.length > ABBREVIATION_TAIL ? trimmed.slice(-ABBREVIATION_TAIL) : trimmed;
  const match = /(?:^|[\s(“"‘'])([\p{L}\p{M}.]+)\.$/u.exec(tail);
  if (!match?.[1]) return false;
  const word = match[1].toLowerCase();
  // A single letter followed by a period is an initial ("J. Smith"), not a sentence end.
  return ABBREVIATIONS.has(word) || /^\p{L}\p{M}*$/u.test(word);
}

/** Text handed to the segmenter at once: ICU's cost per segment grows with the text it is given. */
export const SEGMENT_WINDOW_CHARS = 1024;

/**
 * Where ICU's sentence segments start (the first is 0), for the whole of `text`, in time linear in its length.
 * V8's `Intl.Segmenter` spends time proportional to the whole string on every segment it returns, so one call
 * over a 250 KB paragraph of short lines takes seconds. The text is segmented a window at a time instead: a
 * window's last two segments are not trusted (the window's end may have cut the last one short, and its start
 * is decided by looking ahead), so the next window starts at the second-to-last segment. A segment starts at a
 * sentence boundary, where ICU's rules begin afresh, so the result is the same as segmenting the whole text.
 * A window holding fewer than three segments is doubled until it holds them or reaches the end of the text.
 */
export function segmentStarts(text: string, windowChars = SEGMENT_WINDOW_CHARS): number[] {
  const starts: number[] = [];
  let from = 0;
  let size = windowChars;
  for (;;) {
    const to = Math.min(text.length, from + size);
    const found: number[] = [];
    for (const { index } of segmenter.segment(text.slice(from, to))) {
      found.push(index);
      // In a doubled window, stop as soon as there is something to keep: every further segment costs the window.
      if (to < text.length && found.length >= 3 && index >= windowChars) break;
    }
    if (to === text.length) {
      for (const index of found) starts.push(from + index);
      return starts;
    }
    if (found.length < 3) {
      size *= 2;
      continue;
    }
    for (let i = 0; i < found.length - 2; i++) starts.push(from + (found[i] as number));
    from += found[found.length - 2] as number;
    size = windowChars;
  }
}

/**
 * Splits text into sentences, returning offsets (shifted by `baseOffset`) with surrounding whitespace excluded.
 * Every returned span is non-empty and `text.slice(start - baseOffset, end - baseOffset)` is the sentence.
 * Time is linear in the length of `text`.
 */
export function splitSentences(text: string, baseOffset = 0): Sentence[] {
  const merged: { start: number; end: number }[] = [];
  let pending: { start: number; end: number } | null = null;
  const starts = segmentStarts(text);
  for (let i = 0; i < starts.length; i++) {
    const index = starts[i] as number;
    const end = starts[i + 1] ?? text.length;
    const span: { start: number; end: number } = pending
      ? { start: pending.start, end }
      : { start: index, end };
    if (end < text.length && endsWithAbbreviation(text.slice(index, end))) {
      pending = span;
      continue;
    }
    merged.push(span);
    pending = null;
  }
  if (pending) merged.push(pending);
  const sentences: Sentence[] = [];
  for (const span of merged) {
    let { start, end } = span;
    while (start < end && /\s/u.test(text[start] ?? '')) start++;
    while (end > start && /\s/u.test(text[end - 1] ?? '')) end--;
    if (end > start) sentences.push({ start: start + baseOffset, end: end + baseOffset });
  }
  return sentences;
}
