import { bm25Idf } from './rerank.ts';
import { foldText, tokenize } from './text.ts';

/** How many titles hold each word, as sent from the build worker. */
export interface TitleWordsData {
  readonly titles: number;
  readonly counts: readonly (readonly [string, number])[];
}

/**
 * How many of the library's titles hold each word (folded: "Việt Nam" counts as "viet nam"). A question word in
 * the best passage's title says the question is about that article only as far as few titles share it: "Chopin"
 * names one article, "health" in a library of medical abstracts names hundreds. Counted in the build worker for a
 * large library (one pass over the titles), sent with the articles.
 */
export class TitleWords {
  private constructor(
    private readonly counts: ReadonlyMap<string, number>,
    readonly titles: number,
  ) {}

  static build(titles: Iterable<string>): TitleWords {
    const counts = new Map<string, number>();
    let count = 0;
    for (const title of titles) {
      count++;
      for (const word of new Set(tokenize(foldText(title)))) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    return new TitleWords(counts, count);
  }

  static fromJSON(data: TitleWordsData): TitleWords {
    return new TitleWords(new Map(data.counts), data.titles);
  }

  toJSON(): TitleWordsData {
    return { titles: this.titles, counts: [...this.counts] };
  }

  /** How many titles hold `word` (as written anywhere: it is folded here). */
  count(word: string): number {
    return this.counts.get(foldText(word)) ?? 0;
  }

  /**
   * 1 for a word in at most one title, falling towards 0 as more of the titles share it: its rarity among titles
   * (BM25's IDF) relative to a word in one title's.
   */
  specificity(word: string): number {
    const one = bm25Idf(1, this.titles);
    if (one <= 0) return 1;
    return Math.min(1, bm25Idf(Math.max(1, this.count(word)), this.titles) / one);
  }
}
