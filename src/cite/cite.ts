import type { Library } from '../library.ts';
import { extractLookups, type Lookup } from './extract-lookups.ts';
import { alignedMatches, CITE_THRESHOLDS, type CiteMatch, compareMatches } from './match.ts';
import { relatedPassages } from './related.ts';

export { extractLookups, type Lookup } from './extract-lookups.ts';
export { CITE_THRESHOLDS, type CiteMatch, type Difference, type MatchKind } from './match.ts';

/** One looked-up text and what was found for it (empty: not found). */
export interface LookupResult {
  readonly lookup: Lookup;
  readonly matches: readonly CiteMatch[];
}

/** What a message or `/cite` text was found to quote. */
export interface CiteReport {
  /** Empty when the text had nothing to look up (fewer than three words). */
  readonly lookups: readonly LookupResult[];
}

/** Looks up every quote of a message (or the whole message, or its sentences) in the library. */
export function citeMessage(message: string, library: Library): Promise<CiteReport> {
  return citeLookups(extractLookups(message), library);
}

/** Looks up already-extracted texts (see {@link extractLookups}). */
export async function citeLookups(lookups: readonly Lookup[], library: Library): Promise<CiteReport> {
  const results: LookupResult[] = [];
  // One after another: a long message's lookups share the search worker with other members' questions.
  for (const lookup of lookups) results.push({ lookup, matches: await findSource(lookup.text, library) });
  return { lookups: results };
}

/** Every match of a report in one list, best first (the CLI's `matches`). */
export function allMatches(report: CiteReport): CiteMatch[] {
  return report.lookups.flatMap((result) => result.matches).sort(compareMatches);
}

/**
 * Finds where `text` comes from: verbatim and close matches (best first, at most `maxMatches`); when there are
 * none, related passages (clearly not a match); empty when nothing qualifies. Same library, same result.
 */
export async function findSource(text: string, library: Library): Promise<CiteMatch[]> {
  const aligned = await alignedMatches(text, library);
  const best = aligned[0];
  if (best) {
    // Beside a verbatim match, a merely close one elsewhere is noise; beside a close one, only near-equals count.
    const peers = aligned.filter((match) =>
      best.kind === 'verbatim'
        ? match.kind === 'verbatim'
        : best.similarity - match.similarity <= CITE_THRESHOLDS.closePeerMargin,
    );
    return peers.slice(0, CITE_THRESHOLDS.maxMatches);
  }
  return relatedPassages(text, library);
}
