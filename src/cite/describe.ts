import type { CiteMatch, Difference, MatchKind } from './match.ts';

/** How each kind is named to people; related is spelled out as not being a match. */
export const KIND_LABELS: Record<MatchKind, string> = {
  verbatim: 'Verbatim match',
  close: 'Close match',
  related: 'Related passage (not a match: the same subject in other words)',
};

/** Differences listed in one reply; the rest are counted ("and 4 more"). */
export const MAX_LISTED_DIFFERENCES = 6;

/** Words shown from one side of a difference before cutting with "…". */
const MAX_DIFFERENCE_CHARS = 60;

function clip(text: string): string {
  const flat = text.replace(/\s+/gu, ' ');
  return flat.length <= MAX_DIFFERENCE_CHARS ? flat : `${flat.slice(0, MAX_DIFFERENCE_CHARS - 1)}…`;
}

/**
 * One difference in words, e.g. `you wrote “three”, the source has “3”`. `show` renders a piece of text
 * (quoted and escaped as the output needs); the source side is shown as written.
 */
export function describeDifference(difference: Difference, show: (text: string) => string): string {
  const yours = show(clip(difference.yours?.text ?? ''));
  const source = show(clip(difference.source?.text ?? ''));
  switch (difference.kind) {
    case 'changed':
      return `you wrote ${yours}, the source has ${source}`;
    case 'typo':
      return `spelling: ${yours} for ${source}`;
    case 'added':
      return `not in the source: ${yours}`;
    case 'missing':
      return `left out: ${source}`;
    case 'omitted':
      return `left out at the ellipsis: ${source}`;
  }
}

/** The differences of a match as lines, at most {@link MAX_LISTED_DIFFERENCES} plus a count of the rest. */
export function describeDifferences(match: CiteMatch, show: (text: string) => string): string[] {
  const lines = match.differences.slice(0, MAX_LISTED_DIFFERENCES).map((d) => describeDifference(d, show));
  const rest = match.differences.length - MAX_LISTED_DIFFERENCES;
  if (rest > 0) lines.push(`and ${rest} more`);
  return lines;
}

/** Source ranges (body offsets) a reader should see marked in the quoted span: the words the text changed or left out. */
export function markedRanges(match: CiteMatch): { start: number; end: number }[] {
  return match.differences
    .filter((d) => d.kind === 'changed' || d.kind === 'typo' || d.kind === 'missing')
    .flatMap((d) => (d.source ? [{ start: d.source.start, end: d.source.end }] : []));
}
