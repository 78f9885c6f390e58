import { createRequire } from 'node:module';
import { stemmer } from 'stemmer';

// Letters that Unicode decomposition (NFKD) does not split into a base letter and a mark.
// biome-ignore format: a word list reads better packed
const UNDECOMPOSABLE: Record<string, string> = {
  đ: 'd', Đ: 'D', ð: 'd', Ð: 'D', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', ß: 'ss', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE',
  ı: 'i', þ: 'th', Þ: 'Th',
};
const UNDECOMPOSABLE_PATTERN = new RegExp(`[${Object.keys(UNDECOMPOSABLE).join('')}]`, 'gu');
/**
 * Runs of characters that folding may do more to than lowercase: anything but printable ASCII, and the backquote
 * (made an apostrophe). The rest of a text is only lowercased.
 */
const BEYOND_LOWERCASE = /[^\t\n\r\x20-\x5f\x61-\x7e]+/gu;

/** Folds one run of {@link BEYOND_LOWERCASE} (lowercasing is left to the caller, over the whole text). */
function foldRun(run: string): string {
  return run
    .replace(UNDECOMPOSABLE_PATTERN, (ch) => UNDECOMPOSABLE[ch] ?? ch)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[‘’‚‛′`´]/gu, "'")
    .replace(/[“”„‟″«»]/gu, '"')
    .replace(/[‐‑‒–—―−]/gu, '-')
    .replace(/…/gu, '...');
}

/**
 * Folds text for matching: diacritics removed ("Nguyễn" → "nguyen"), curly quotes and dashes made ASCII,
 * lowercased. One input character may become several (ß → ss), so offsets do not survive folding:
 * use {@link tokenizeWithOffsets} when positions in the original matter.
 */
export function foldText(text: string): string {
  // Only the runs beyond printable ASCII are decomposed, each on its own: the same result as folding the whole
  // text (decomposition reorders only combining marks, never across an ASCII character), and 3 to 7 times
  // faster on mostly-ASCII text, which matters where every fact of the timeline is folded for each query.
  return text.replace(BEYOND_LOWERCASE, foldRun).toLowerCase();
}

/**
 * Stop words: Lucene's English list plus question words and auxiliaries, which carry no topic in a question
 * ("Who obtained …?", "What did … do?") but would otherwise match rare incidental uses in passages.
 */
// biome-ignore format: a word list reads better packed
export const STOP_WORDS: ReadonlySet<string> = new Set([
  // Lucene EnglishAnalyzer default set
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'for', 'if', 'in', 'into', 'is', 'it', 'no', 'not',
  'of', 'on', 'or', 'such', 'that', 'the', 'their', 'then', 'there', 'these', 'they', 'this', 'to', 'was',
  'will', 'with',
  // question words and auxiliaries
  'who', 'whom', 'whose', 'what', 'which', 'when', 'where', 'why', 'how', 'do', 'does', 'did', 'done', 'has',
  'have', 'had', 'been', 'being', 'were', 'am', 'can', 'could', 'would', 'should', 'shall', 'may', 'might',
  'must', 'i', 'me', 'my', 'we', 'our', 'you', 'your', 'he', 'him', 'his', 'she', 'her', 'its', 'them', 'those',
  'from', 'about', 'so', 'than', 'too', 'very', 'just', 'also', 'any', 'some', 'all', 'both', 'each', 'more',
  'most', 'other', 'only', 'own', 'same', 'here', 'over', 'under', 'again', 'further', 'once', 'during', 'before',
  'after', 'above', 'below', 'up', 'down', 'out', 'off', 'between', 'through', 'while', 'because', 'until',
  'nor', 'few', 'tell', 'know', 's', 't',
]);

/** Lucene's English stop words alone (the first 33 of {@link STOP_WORDS}), for measuring the difference. */
export const LUCENE_STOP_WORDS: ReadonlySet<string> = new Set([...STOP_WORDS].slice(0, 33));

/**
 * Past forms of irregular English verbs and their base form ("taught" → "teach", "held" → "hold"), which the
 * Porter stemmer cannot join: from the `english-verbs-irregular` list, less the forms that are also common words
 * of their own ("found", "left", "born", "felt", "saw", …), which would be joined to the wrong word.
 */
const IRREGULAR_AMBIGUOUS: ReadonlySet<string> = new Set(
  // biome-ignore format: a word list reads better packed
  ['found', 'left', 'saw', 'lay', 'lain', 'bore', 'born', 'borne', 'wound', 'felt', 'ground', 'rose', 'fell', 'spoke',
   'lit', 'bound', 'fed', 'bent', 'bit', 'stole', 'dove', 'smelt', 'wed', 'shed', 'hung', 'lied', 'lying', 'tore'],
);

interface IrregularVerbs {
  /** Past form → base ("taught" → "teach"), less the ambiguous forms. */
  readonly pastToBase: ReadonlyMap<string, string>;
  /** The base forms ("teach"). */
  readonly bases: ReadonlySet<string>;
}

let irregularVerbs: IrregularVerbs | null = null;

/** The `english-verbs-irregular` list, read once. */
function irregularVerbTable(): IrregularVerbs {
  if (!irregularVerbs) {
    const verbs = createRequire(import.meta.url)('english-verbs-irregular/dist/verbs.json') as Record<
      string,
      readonly (readonly string[])[]
    >;
    const pastToBase = new Map<string, string>();
    for (const [base, forms] of Object.entries(verbs)) {
      for (const form of forms.flat()) {
        if (form !== base && !IRREGULAR_AMBIGUOUS.has(form) && !pastToBase.has(form))
          pastToBase.set(form, base);
      }
    }
    irregularVerbs = { pastToBase, bases: new Set(Object.keys(verbs)) };
  }
  return irregularVerbs;
}

/** The base form of an irregular verb's past tense or participle, or undefined. */
export function irregularVerbBase(word: string): string | undefined {
  return irregularVerbTable().pastToBase.get(word);
}

/**
 * Whether a lowercase word is a form of an irregular English verb: its base ("teach"), past forms ("taught",
 * less the ambiguous ones of {@link irregularVerbBase}) or the base with -s, -es or -ing ("teaches", "teaching").
 */
export function isIrregularVerbForm(word: string): boolean {
  const { pastToBase, bases } = irregularVerbTable();
  if (pastToBase.has(word)) return true;
  const stems = [/s$/u, /es$/u, /ing$/u].map((ending) => word.replace(ending, ''));
  return [word, ...stems, word.replace(/ing$/u, 'e')].some((form) => bases.has(form));
}

/** How text becomes index terms; the one description used to build, load and query an index. */
export interface TextOptions {
  /** Reduce words to their stem ("training" → "train"), with the Porter stemmer. */
  readonly stem: boolean;
  /** Leave out stop words: `true` or `'extended'` for {@link STOP_WORDS}, `'lucene'` for {@link LUCENE_STOP_WORDS}. */
  readonly stopWords: boolean | 'lucene' | 'extended';
  /** Fold diacritics, quotes and dashes ({@link foldText}); when false, only lowercase. Default true. */
  readonly fold?: boolean;
  /** Join irregular verbs' past forms to their base ({@link irregularVerbBase}) before stemming. Default false. */
  readonly irregularVerbs?: boolean;
}

/**
 * Irregular verbs are not joined by default: measured, it raised SQuAD hit@1 by 0.4 points but lowered SciFact
 * nDCG@10 from 0.6903 to 0.6899, below the search target (see README).
 */
export const DEFAULT_TEXT_OPTIONS: TextOptions = { stem: true, stopWords: true };

function stopList(options: TextOptions): ReadonlySet<string> | null {
  if (options.stopWords === 'lucene') return LUCENE_STOP_WORDS;
  return options.stopWords ? STOP_WORDS : null;
}

// A word: letters and digits, with inner apostrophes ("don't") and periods in acronyms ("U.S.") kept together.
// Combining marks belong to the letter before them: an article stored decomposed (NFD: "e" + U+0302 + U+0303
// for "ễ") must give whole words, whose offsets cut the stored body and whose terms match the composed form.
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*(?:['’.][\p{L}\p{N}][\p{L}\p{N}\p{M}]*)*/gu;

/** A word of a text and where it stands. */
export interface Token {
  readonly word: string;
  readonly start: number;
  readonly end: number;
}

/** Splits text into words with their offsets in `text`. */
export function tokenizeWithOffsets(text: string): Token[] {
  return Array.from(text.matchAll(WORD), (match) => ({
    word: match[0],
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/** Splits text into words. */
export function tokenize(text: string): string[] {
  return text.match(WORD) ?? [];
}

/**
 * Turns one word into its index term: folded, possessive and acronym periods removed, stemmed;
 * null for a stop word.
 */
export function processTerm(word: string, options: TextOptions = DEFAULT_TEXT_OPTIONS): string | null {
  // Unfolded terms are still canonical (NFC), so a decomposed word and its composed form are one term.
  const folded =
    options.fold === false ? word.normalize('NFC').toLowerCase().replace(/’/gu, "'") : foldText(word);
  let term = folded.replace(/'s$/u, '').replace(/'/gu, '');
  if (term.includes('.')) term = term.replace(/\./gu, '');
  if (term.length === 0) return null;
  if (stopList(options)?.has(term)) return null;
  if (options.irregularVerbs) term = irregularVerbBase(term) ?? term;
  return options.stem ? stemmer(term) : term;
}

/** The distinct index terms of a text, in order of first appearance. */
export function queryTerms(
  text: string,
  options: TextOptions = DEFAULT_TEXT_OPTIONS,
  max = Infinity,
): string[] {
  const terms = new Set<string>();
  for (const word of tokenize(text)) {
    const term = processTerm(word, options);
    if (term !== null) terms.add(term);
    if (terms.size >= max) break;
  }
  return [...terms];
}

const MAX_CACHED_WORDS = 1_000_000;

/**
 * {@link processTerm} for one set of options, remembering each word's term: building a large index meets the
 * same words millions of times.
 */
export function cachedTermProcessor(
  options: TextOptions = DEFAULT_TEXT_OPTIONS,
): (word: string) => string | null {
  const cache = new Map<string, string | null>();
  return (word) => {
    let term = cache.get(word);
    if (term === undefined) {
      term = processTerm(word, options);
      // Bounded: a corpus of many one-off words (numbers, codes) must not grow it without end.
      if (cache.size >= MAX_CACHED_WORDS) cache.clear();
      cache.set(word, term);
    }
    return term;
  };
}

/** A function from text to its index terms (every occurrence, in order), with a {@link cachedTermProcessor}. */
export function cachedAnalyzer(options: TextOptions = DEFAULT_TEXT_OPTIONS): (text: string) => string[] {
  const term = cachedTermProcessor(options);
  return (text) => {
    const terms: string[] = [];
    for (const word of tokenize(text)) {
      const processed = term(word);
      if (processed !== null) terms.push(processed);
    }
    return terms;
  };
}

const sharedProcessors = new WeakMap<TextOptions, (word: string) => string | null>();

/** One {@link cachedTermProcessor} per options object, shared by every caller in this thread. */
export function sharedTermProcessor(
  options: TextOptions = DEFAULT_TEXT_OPTIONS,
): (word: string) => string | null {
  let processor = sharedProcessors.get(options);
  if (!processor) {
    processor = cachedTermProcessor(options);
    sharedProcessors.set(options, processor);
  }
  return processor;
}
