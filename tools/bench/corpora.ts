import type { Article } from '../../src/corpus/types.ts';
import type { IndexedPassage } from '../../src/search/passage-index.ts';
import { tokenize } from '../../src/search/text.ts';
import { seededRandom } from '../../src/seeded-random.ts';
import type { BeirDocument } from '../eval/beir.ts';
import { documentPassages } from '../eval/evaluate.ts';

/** Draws ranks 0..n-1 with probability ∝ 1/(rank+1)^exponent. */
export function zipfSampler(n: number, exponent: number, random: () => number): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let rank = 0; rank < n; rank++) {
    total += 1 / (rank + 1) ** exponent;
    cumulative[rank] = total;
  }
  return () => {
    const target = random() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((cumulative[middle] as number) < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ne',
  'su',
  'ra',
  'to',
  'vi',
  'de',
  'po',
  'qu',
  'ze',
  'fa',
  'gu',
  'hi',
  'bo',
];

/** A made-up word for rank `rank` of the tail vocabulary: distinct per rank, pronounceable. */
function pseudoWord(rank: number): string {
  let word = '';
  let value = rank;
  do {
    word += SYLLABLES[value % SYLLABLES.length];
    value = Math.floor(value / SYLLABLES.length);
  } while (value > 0);
  return `${word}x`;
}

/** Words of `documents` ranked by how often they occur, most frequent first (ties in first-seen order). */
export function rankedVocabulary(documents: readonly BeirDocument[]): string[] {
  const counts = new Map<string, number>();
  for (const document of documents) {
    for (const word of tokenize(`${document.title} ${document.text}`)) {
      const lower = word.toLowerCase();
      counts.set(lower, (counts.get(lower) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([word]) => word);
}

export interface SyntheticOptions {
  readonly seed: number;
  /** The head of the vocabulary (real words, most frequent first); made-up words extend it to `vocabularySize`. */
  readonly baseVocabulary: readonly string[];
  readonly vocabularySize: number;
  readonly exponent: number;
  /** Passages per synthetic article (they share its title). */
  readonly passagesPerArticle: number;
}

export const DEFAULT_SYNTHETIC: Omit<SyntheticOptions, 'baseVocabulary'> = {
  seed: 20240611,
  vocabularySize: 400_000,
  exponent: 1.05,
  passagesPerArticle: 8,
};

/** A deterministic vocabulary lookup: real words first, then made-up ones. */
function vocabulary(options: SyntheticOptions): (rank: number) => string {
  const base = options.baseVocabulary;
  return (rank) => base[rank] ?? pseudoWord(rank - base.length);
}

/**
 * Generates `count` synthetic passages whose words follow a Zipfian distribution over the vocabulary,
 * 20 to 140 words long, grouped into articles with a 4–10 word title. Deterministic for a seed.
 */
export function* syntheticPassages(count: number, options: SyntheticOptions): Generator<IndexedPassage> {
  const random = seededRandom(options.seed);
  const drawRank = zipfSampler(options.vocabularySize, options.exponent, random);
  const word = vocabulary(options);
  const words = (length: number) => Array.from({ length }, () => word(drawRank())).join(' ');
  let title = '';
  for (let i = 0; i < count; i++) {
    const article = Math.floor(i / options.passagesPerArticle);
    if (i % options.passagesPerArticle === 0) title = words(4 + Math.floor(random() * 7));
    const text = `${words(20 + Math.floor(random() * 120))}.`;
    yield {
      id: `syn${article}#${(i % options.passagesPerArticle) + 1}`,
      articleId: `syn${article}`,
      text,
      title,
      meta: '',
    };
  }
}

/** Synthetic questions drawn from the same distribution as the passages: 3 to 10 words. */
export function syntheticQueries(count: number, options: SyntheticOptions): string[] {
  const random = seededRandom(options.seed ^ 0x5bd1e995);
  const drawRank = zipfSampler(options.vocabularySize, options.exponent, random);
  const word = vocabulary(options);
  return Array.from({ length: count }, () =>
    Array.from({ length: 3 + Math.floor(random() * 8) }, () => word(drawRank())).join(' '),
  );
}

/**
 * A bench corpus of exactly `size` passages: the SciFact abstracts split into passages as the bot splits
 * articles, then synthetic passages over SciFact's own vocabulary (so real questions meet long posting lists).
 */
export function benchCorpus(documents: readonly BeirDocument[], size: number): IndexedPassage[] {
  const passages: IndexedPassage[] = [];
  for (const document of documents) {
    for (const passage of documentPassages(document, 'passages')) {
      if (passages.length === size) return passages;
      passages.push(passage);
    }
  }
  const options: SyntheticOptions = { ...DEFAULT_SYNTHETIC, baseVocabulary: rankedVocabulary(documents) };
  for (const passage of syntheticPassages(size - passages.length, options)) passages.push(passage);
  return passages;
}

/** The fixed bench query set: the first SciFact questions plus synthetic ones. */
export function benchQueries(documents: readonly BeirDocument[], questions: readonly string[]): string[] {
  const options: SyntheticOptions = { ...DEFAULT_SYNTHETIC, baseVocabulary: rankedVocabulary(documents) };
  return [...questions.slice(0, 200), ...syntheticQueries(100, options)];
}

/** The bench corpus's passages regrouped into articles, one per source document, one paragraph per passage. */
export function benchArticles(passages: readonly IndexedPassage[]): Article[] {
  const byArticle = new Map<string, IndexedPassage[]>();
  for (const passage of passages) {
    const list = byArticle.get(passage.articleId) ?? [];
    list.push(passage);
    byArticle.set(passage.articleId, list);
  }
  return [...byArticle].map(([id, list]) => ({
    id: `bench-${id}`,
    title: list[0]?.title || id,
    url: `https://example.org/bench/${encodeURIComponent(id)}`,
    publisher: 'Bench',
    published: '2024-01-01',
    tags: [],
    body: list.map((passage) => passage.text.replace(/\n+/gu, ' ')).join('\n\n'),
    file: `bench-${id}`,
  }));
}
