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

function endsWithAbbreviation(segment: string): boolean {
  const match = /(?:^|[\s(“"‘'])([\p{L}.]+)\.\s*$/u.exec(segment);
  if (!match?.[1]) return false;
  const word = match[1].toLowerCase();
  // A single letter followed by a period is an initial ("J. Smith"), not a sentence end.
  return ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word);
}

/**
 * Splits text into sentences, returning offsets (shifted by `baseOffset`) with surrounding whitespace excluded.
 * Every returned span is non-empty and `text.slice(start - baseOffset, end - baseOffset)` is the sentence.
 */
export function splitSentences(text: string, baseOffset = 0): Sentence[] {
  const merged: { start: number; end: number }[] = [];
  let pending: { start: number; end: number } | null = null;
  for (const { segment, index } of segmenter.segment(text)) {
    const span: { start: number; end: number } = pending
      ? { start: pending.start, end: index + segment.length }
      : { start: index, end: index + segment.length };
    if (endsWithAbbreviation(segment) && index + segment.length < text.length) {
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
