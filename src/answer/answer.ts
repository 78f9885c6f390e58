import type { Article, Passage } from '../corpus/types.ts';
import type { Library } from '../library.ts';
import type { SearchHit } from '../search/passage-index.ts';
import { analyzeQuery, type TermFigures } from '../search/passage-search.ts';
import {
  foldText,
  isIrregularVerbForm,
  sharedTermProcessor,
  type TextOptions,
  tokenize,
  tokenizeWithOffsets,
} from '../search/text.ts';
import { type Citation, citationFor } from './citation.ts';
import { readQuestion } from './question.ts';
import {
  NEIGHBOUR_SHARE,
  type Quote,
  type QuoteQuery,
  quoteText,
  type ScoredQuote,
  selectQuote,
} from './quote.ts';
import { englishCount, englishRarity, termWeight } from './weights.ts';

/** The numbers that decide how answers are chosen and when Footnote abstains (calibrated with `npm run eval:qa`). */
export interface AnswerTuning {
  /**
   * Footnote answers only when the best passage's support (see {@link AnswerEvidence.support}: mostly the share of
   * the question's weight it holds, the summed weights of its distinct content words, see `weights.ts`) is above
   * this. Below it, the answer abstains, names the question's words the library does not have, and offers the
   * closest passage, labelled as not an answer.
   */
  readonly abstainAtOrBelow: number;
  /**
   * How much of the coverage abstention is decided on is the share of the question in the best passage's densest
   * sentence (the one holding most of it, with half of what its better neighbour adds: {@link ScoredQuote.densest}),
   * the rest the share in the whole passage and its title: an answer's words stand together, a chance match's are
   * scattered through a passage.
   */
  readonly sentenceShare: number;
  /** Results after the first must hold at least this share of the question's weight in their quote… */
  readonly minResultCoverage: number;
  /** …and score at least this fraction of the best result's score. */
  readonly minRelativeScore: number;
  /** How much the passage's search score (relative to the best) adds to its quote's score when ordering results. */
  readonly searchScoreWeight: number;
  /** See {@link QuoteQuery}. */
  readonly answerKindBonus: number;
  readonly minAddedWeight: number;
  /** A one-sentence quote takes its next sentence as context while both fit in this many characters. */
  readonly contextChars: number;
  /** A sentence holding the question's consecutive word pairs scores up to this much more. */
  readonly pairBonus: number;
  /** Passages at which the library's own word rarity and general English's count equally (`weights.ts`). */
  readonly libraryHalfWeight: number;
  /** A name or number in the question (capitalised inside it, or with digits) that no passage has weighs this much more. */
  readonly missingNameFactor: number;
  /** A name of several words ("Empire State Building") counts in a passage only as the whole run; else this share. */
  readonly namePhraseShare: number;
  /** A passage holding the question's consecutive word pairs ("state song") has this much more coverage (all pairs). */
  readonly pairCoverage: number;
  /** A quoted sentence that opens by pointing back ("This compelled…") takes the sentence before. */
  readonly anaphora: boolean;
  /**
   * When the best passage's article has one of the question's words in its title (the question names what the
   * article is about), its coverage needs to be this much lower to abstain, times how few titles share that word
   * (1 for a word in one title, see `TitleWords.specificity`), times how much of the title the question names
   * (see `titleNamedShare`).
   */
  readonly titleBonus: number;
  /**
   * A question that holds this share of the title's words names the title whole ("Chopin", "New York City" by
   * "NYC"); one that holds less, proportionally less: one word of a fifteen-word headline or abstract title is
   * as likely chance.
   */
  readonly titleNamedShare: number;
  /** A capitalised first word of the question counts as a name when rarer in English than this (0 to 1). */
  readonly firstWordNameRarity: number;
  /**
   * When the question's words are the best passage's article's topic (in a large share of its passages, see
   * `topics.ts`) more than they are the other articles', its coverage needs to be up to this much lower to abstain
   * (times the difference of the two shares).
   */
  readonly topicBonus: number;
  /** Only question words of at least this weight count for `topicBonus` (not "year" or "new"). */
  readonly topicMinWeight: number;
  /**
   * A verb the library does not have ("who *taught* the class?") weighs this much of its weight: a question's
   * verbs are often the article's paraphrased ("Lecturers … are …"), its nouns and names seldom. Only irregular
   * verbs are recognised ({@link isIrregularVerbForm}), the common ones.
   */
  readonly missingVerbFactor: number;
  /** A word that half says what kind of answer is wanted ("last" in "how long did it last?") weighs this much. */
  readonly softWordFactor: number;
  /**
   * Each of the ten best-scored passages that is in the best passage's article (itself included), beyond the
   * number a random draw would put there (the article's share of the library's passages), lowers the line to abstain
   * by this much: a question about an article finds several of its passages, a chance match one.
   */
  readonly sameArticleBonus: number;
}

export const DEFAULT_ANSWER_TUNING: AnswerTuning = {
  abstainAtOrBelow: 0.52,
  sentenceShare: 0.5,
  minResultCoverage: 0.2,
  minRelativeScore: 0.2,
  searchScoreWeight: 0.5,
  answerKindBonus: 0.3,
  minAddedWeight: 0.1,
  libraryHalfWeight: 2000,
  missingNameFactor: 2,
  namePhraseShare: 0.5,
  pairCoverage: 0.1,
  pairBonus: 0.3,
  contextChars: 500,
  anaphora: true,
  titleBonus: 0.2,
  titleNamedShare: 0.5,
  firstWordNameRarity: 0.7,
  topicBonus: 0.1,
  topicMinWeight: 0.5,
  missingVerbFactor: 0.5,
  softWordFactor: 0.5,
  sameArticleBonus: 0.01,
};

/** How many of the best-scored passages are looked at for `sameArticleBonus`. */
const SAME_ARTICLE_WINDOW = 10;

/** How many passages are considered per question (answers page through them). */
export const CANDIDATES = 50;
/** Questions longer than this are refused rather than silently cut. */
export const MAX_QUESTION_CHARS = 1000;

export interface AnswerOptions {
  /** Results per page (default 3). */
  readonly limit?: number;
  /** Results to skip: the "More" button's page. */
  readonly offset?: number;
  /** Only quote this article. */
  readonly articleId?: string | undefined;
  /** For calibration: numbers other than {@link DEFAULT_ANSWER_TUNING}. */
  readonly tuning?: Partial<AnswerTuning>;
}

/** One quoted, cited result. */
export interface AnswerResult {
  /** 1-based position among all results of the question. */
  readonly rank: number;
  readonly score: number;
  readonly passage: Passage;
  readonly article: Article;
  readonly quote: Quote;
  readonly citation: Citation;
}

export interface ArticleRef {
  readonly id: string;
  readonly title: string;
  readonly url: string;
}

/** The answer to a question: quoted results, or an abstention naming the nearest articles. */
export interface Answer {
  readonly question: string;
  readonly abstained: boolean;
  /** This page of results; empty when abstaining or past the last page. */
  readonly results: readonly AnswerResult[];
  /** When abstaining: articles with the closest (too weak) matches, best first; may be empty. */
  readonly nearest: readonly ArticleRef[];
  /** When abstaining: the question's words that no passage of the library has, as written. */
  readonly missing: readonly string[];
  /** Misspelt question words, as written, and the library's word each was read as (see `PassageIndex.spellingOf`). */
  readonly readAs: readonly { readonly asked: string; readonly read: string }[];
  /** When abstaining: the passage that came closest, to show on request, labelled as not an answer. */
  readonly closest: AnswerResult | null;
  /** How many results the question has in all, across pages. */
  readonly total: number;
  /** What the decision to answer or abstain was made on. */
  readonly evidence: AnswerEvidence;
}

/** What the decision to answer or abstain was made on (logged with each answer). */
export interface AnswerEvidence {
  /** How much of the question the best passage holds, its title included (see `passageCoverage`), 0 to 1. */
  readonly coverage: number;
  /**
   * How much of the question the best passage's densest sentence holds, with half of what its neighbour adds (see
   * {@link ScoredQuote.densest}), 0 to 1.
   */
  readonly sentenceCoverage: number;
  /** The best passage's article has one of the question's words in its title. */
  readonly titleMatch: boolean;
  /** How few of the library's titles share the most specific such word: 1 for one title, towards 0 for many. */
  readonly titleSpecificity: number;
  /** The share of the best article's title words that the question has (stop words aside), 0 to 1. */
  readonly titleNamed: number;
  /**
   * How many of the ten best-scored passages are in the best passage's article (itself included), less the number
   * chance would put there (ten times the article's share of the library's passages); at least 0.
   */
  readonly sameArticle: number;
  /**
   * The largest share of the best article's passages that hold one of the question's (heavier) words, less the
   * share of the other articles' passages that hold it; at least 0.
   */
  readonly topicShare: number;
  /**
   * What abstention is decided on: `coverage` and `sentenceCoverage` blended (`sentenceShare`), plus `titleBonus` ×
   * `titleSpecificity` × the named share of the title (`titleNamedShare`) and `topicBonus` × `topicShare`, both
   * times the share of the question's weight the library has (1 − `missingShare`), plus `sameArticleBonus` ×
   * `sameArticle`.
   */
  readonly support: number;
  /**
   * The question asks what was said about something, or what a word means, and the library has none of that
   * something's words ("What did Vietnam say about bananas?"): it abstains whatever the support.
   */
  readonly subjectMissing: boolean;
  /** Share of the question's weight in words no passage of the library has (or has only as an unlikely correction). */
  readonly missingShare: number;
  /** Question terms the library lacks, searched as the library's near spelling of them (term → library term). */
  readonly corrections: Readonly<Record<string, string>>;
}

/** Why a question cannot be searched at all, or null when it can. */
export function questionProblem(question: string): string | null {
  if (question.trim().length === 0)
    return 'The question is empty: ask something, e.g. "Who obtained Directive 24?"';
  if (question.length > MAX_QUESTION_CHARS) {
    return `The question is too long (${question.length} characters; at most ${MAX_QUESTION_CHARS}).`;
  }
  return null;
}

/** A content word of the question: as written, its index term, and the library's spelling of that term. */
interface QuestionWord {
  readonly word: string;
  readonly asked: string;
  /** `asked`, or the library's term it was read as (a misspelling). */
  readonly term: string;
  /** Capitalised inside the question (not first), or holding a digit: a name or number. */
  readonly name: boolean;
  /** Capitalised and directly after another capitalised word: part of a name of several words. */
  readonly joinsPrevious: boolean;
}

/** The question's content words, in order, each processed once. */
function questionWords(
  text: string,
  options: TextOptions,
  corrections: Readonly<Record<string, string>>,
  firstWordNameRarity: number,
): QuestionWord[] {
  const process = sharedTermProcessor(options);
  const tokens = tokenizeWithOffsets(text);
  const capital = (word: string) => /^\p{Lu}/u.test(word);
  return tokens.flatMap((token, i) => {
    const asked = process(token.word);
    if (asked === null) return [];
    const first = text.slice(0, token.start).trim() === '';
    const name =
      (/\p{Lu}/u.test(token.word) && (!first || englishRarity(asked, options) > firstWordNameRarity)) ||
      /\d/u.test(token.word);
    const previous = tokens[i - 1];
    const joinsPrevious =
      previous !== undefined &&
      capital(token.word) &&
      capital(previous.word) &&
      process(previous.word) !== null &&
      text.slice(previous.end, token.start).trim() === '';
    return [{ word: token.word, asked, term: corrections[asked] ?? asked, name, joinsPrevious }];
  });
}

/** Runs of capitalised question words written together ("Empire State Building"), as their terms. */
function namePhrases(words: readonly QuestionWord[]): string[][] {
  const phrases: string[][] = [];
  let run: string[] = [];
  for (const word of words) {
    if (word.joinsPrevious) run.push(word.term);
    else {
      if (run.length > 1) phrases.push(run);
      run = [word.term];
    }
  }
  if (run.length > 1) phrases.push(run);
  return phrases;
}

/** The terms of a text in order (stop words left out). */
function termSequence(text: string, options: TextOptions): string[] {
  const process = sharedTermProcessor(options);
  return tokenize(text).flatMap((word) => {
    const term = process(word);
    return term === null ? [] : [term];
  });
}

function holdsRun(sequence: readonly string[], run: readonly string[]): boolean {
  for (let i = 0; i + run.length <= sequence.length; i++) {
    if (run.every((term, j) => sequence[i + j] === term)) return true;
  }
  return false;
}

/** What a passage is measured against: the question's terms, their weights, its names of several words and word pairs. */
interface QuestionShape {
  readonly terms: ReadonlySet<string>;
  /** The share of the question's weight a set of its terms holds. */
  readonly share: (terms: Iterable<string>) => number;
  readonly phrases: readonly (readonly string[])[];
  readonly pairs: ReadonlySet<string>;
}

/**
 * How much of the question a passage holds (its terms in order, title included): the share of the question's weight
 * it has, where a name of several words ("Empire State Building") counts fully only as the whole run (its words
 * scattered through a passage count `namePhraseShare`), plus up to `pairCoverage` for the question's word pairs
 * found side by side; at most 1. What abstention is decided on.
 */
function passageCoverage(sequence: readonly string[], question: QuestionShape, tuning: AnswerTuning): number {
  const found = new Set(sequence.filter((term) => question.terms.has(term)));
  let coverage = question.share(found);
  for (const run of question.phrases) {
    if (tuning.namePhraseShare < 1 && !holdsRun(sequence, run)) {
      coverage -= (1 - tuning.namePhraseShare) * question.share(run.filter((term) => found.has(term)));
    }
  }
  if (question.pairs.size > 0 && tuning.pairCoverage > 0) {
    const held = new Set<string>();
    for (let i = 1; i < sequence.length; i++) {
      const pair = `${sequence[i - 1]} ${sequence[i]}`;
      if (question.pairs.has(pair)) held.add(pair);
    }
    coverage += (tuning.pairCoverage * held.size) / question.pairs.size;
  }
  return Math.min(1, coverage);
}

/** The question's consecutive content terms, as "a b" pairs. */
function termPairs(words: readonly QuestionWord[]): Set<string> {
  return new Set(words.slice(1).map((word, i) => `${words[i]?.term} ${word.term}`));
}

/** A word without its possessive "'s" ("Frédéric's" → "Frédéric"). */
function withoutPossessive(word: string): string {
  return word.replace(/['’]s$/u, '');
}

/** What stemming took off a word: its letters after the longest start it shares with its term ("ic" of "frederic"). */
function ending(word: string, term: string): string {
  let shared = 0;
  while (shared < word.length && word[shared] === term[shared]) shared++;
  return word.slice(shared);
}

/**
 * The corrected question words that are no slip of the passage's word for the corrected term: their terms are near
 * only because stemming took different endings off ("Frédéric" → "freder", "federal" → "feder"). A slip keeps the
 * ending or drops it ("emplyees" and "employees", "compalin" and "complaints"). These terms count as words the
 * library does not have.
 */
function unlikelyCorrections(
  words: readonly QuestionWord[],
  text: string,
  options: TextOptions,
): Set<string> {
  const unlikely = new Set<string>();
  const corrected = words.filter((word) => word.term !== word.asked);
  if (corrected.length === 0) return unlikely;
  const termOf = sharedTermProcessor(options);
  const tokens = tokenize(text);
  // One ending inside the other: "s" and "ions", "ize" and "ized".
  const fits = (a: string, b: string) =>
    a === '' || b === '' || a.endsWith(b) || b.endsWith(a) || a.startsWith(b) || b.startsWith(a);
  for (const { word, asked, term } of corrected) {
    const askedEnding = ending(foldText(withoutPossessive(word)), asked);
    const endings = tokens
      .filter((token) => termOf(token) === term)
      .map((token) => ending(foldText(withoutPossessive(token)), term));
    if (endings.length > 0 && !endings.some((found) => fits(askedEnding, found))) unlikely.add(term);
  }
  return unlikely;
}

/** The question's words whose terms the library does not have (or has only as an unlikely correction), as written. */
function missingWords(
  words: readonly QuestionWord[],
  figures: TermFigures,
  unlikely: ReadonlySet<string>,
): string[] {
  const missing = new Map<string, string>();
  for (const { word, term } of words) {
    const absent = (figures.frequencies[term] ?? 0) === 0 || unlikely.has(term);
    // As written, less a possessive: "Frédéric", not "Frédéric's".
    if (absent && !missing.has(term)) missing.set(term, withoutPossessive(word));
  }
  return [...missing.values()];
}

/**
 * Each corrected question word as written, with the word of the quoted text it was read as; a correction whose word
 * is in none of the quotes is left out (it did not shape the answer).
 */
function readAsWords(
  words: readonly QuestionWord[],
  quoted: readonly string[],
  options: TextOptions,
): { asked: string; read: string }[] {
  const process = sharedTermProcessor(options);
  const corrected = new Map(
    words.filter((word) => word.term !== word.asked).map((word) => [word.term, word.word]),
  );
  const readAs: { asked: string; read: string }[] = [];
  for (const [term, asked] of corrected) {
    const read = quoted.flatMap((text) => tokenize(text)).find((word) => process(word) === term);
    if (read !== undefined) readAs.push({ asked, read });
  }
  return readAs;
}

function nearestArticles(hits: readonly SearchHit[], library: Library, count = 3): ArticleRef[] {
  const seen = new Set<string>();
  const nearest: ArticleRef[] = [];
  for (const hit of hits) {
    const article = library.articles.get(hit.articleId);
    if (!article || seen.has(article.id)) continue;
    seen.add(article.id);
    nearest.push({ id: article.id, title: article.title, url: article.url });
    if (nearest.length === count) break;
  }
  return nearest;
}

/** A candidate result: a searched passage with its chosen quote and ordering score. */
interface Candidate {
  readonly hit: SearchHit;
  readonly passage: Passage;
  readonly article: Article;
  readonly quoted: ScoredQuote;
  readonly score: number;
}

/** What {@link weighEvidence} weighs the best candidate against. */
interface EvidenceContext {
  readonly library: Library;
  readonly shape: QuestionShape;
  readonly tuning: AnswerTuning;
  readonly words: readonly QuestionWord[];
  /** Each of the question's terms (as the library spells them) and its weight. */
  readonly weights: ReadonlyMap<string, number>;
  readonly figures: TermFigures;
  readonly corrections: Readonly<Record<string, string>>;
  /** The terms of what the question must be about ({@link QuestionReading.subject}), if it says. */
  readonly subjectTerms: readonly string[];
}

/**
 * How much the best candidate supports answering (see {@link AnswerEvidence}), and the corrected terms that its
 * passage does not bear out ({@link unlikelyCorrections}), which count as missing. Only the best passage's coverage
 * decides; the others are ordered by their quotes.
 */
function weighEvidence(
  best: Candidate | undefined,
  candidates: readonly Candidate[],
  context: EvidenceContext,
): { evidence: AnswerEvidence; unlikely: ReadonlySet<string> } {
  const { library, shape, tuning, weights, figures } = context;
  const textOptions = library.index.options.text;
  const termOf = sharedTermProcessor(textOptions);
  const bestText = best ? `${best.passage.text}\n${best.article.title}` : '';
  const unlikely = unlikelyCorrections(context.words, bestText, textOptions);
  const held = (terms: Iterable<string>) => [...terms].filter((term) => !unlikely.has(term));
  const coverage = best ? passageCoverage(held(termSequence(bestText, textOptions)), shape, tuning) : 0;
  const sentenceCoverage = best
    ? shape.share(held(best.quoted.densest.sentence)) +
      NEIGHBOUR_SHARE * shape.share(held(best.quoted.densest.neighbour))
    : 0;
  // A question word in the best article's title names that article as far as few other titles have it, and as
  // far as the question names the title: one word of a long headline is as likely chance.
  const titleWords = best ? tokenize(best.article.title) : [];
  const titleSpecificity = Math.max(
    0,
    ...titleWords
      .filter((word) => shape.terms.has(termOf(word) ?? ''))
      .map((word) => library.titleWords.specificity(word)),
  );
  const titleTerms = new Set(titleWords.flatMap((word) => termOf(word) ?? []));
  const titleNamed =
    titleTerms.size === 0
      ? 0
      : [...titleTerms].filter((term) => shape.terms.has(term)).length / titleTerms.size;
  const topicShare = best ? articleTopicShare(best.article.id, context) : 0;
  const terms = [...weights.keys()];
  const absent = (term: string) => (figures.frequencies[term] ?? 0) === 0 || unlikely.has(term);
  const missingShare = shape.share(terms.filter(absent));
  // Naming what an article is about says the question is about it only as far as the library has its other words:
  // "What did Vietnam say about bananas and the moon landing?" names Vietnam, but the rest is nowhere.
  const aboutBonus =
    tuning.titleBonus * titleSpecificity * Math.min(1, titleNamed / tuning.titleNamedShare) +
    tuning.topicBonus * topicShare;
  const sameArticle = best ? sameArticleBeyondChance(best, candidates, library) : 0;
  const support =
    (1 - tuning.sentenceShare) * coverage +
    tuning.sentenceShare * sentenceCoverage +
    (1 - missingShare) * aboutBonus +
    tuning.sameArticleBonus * sameArticle;
  const { subjectTerms } = context;
  const subjectMissing = subjectTerms.length > 0 && subjectTerms.every(absent);
  return {
    evidence: {
      coverage,
      sentenceCoverage,
      titleMatch: titleSpecificity > 0,
      titleSpecificity,
      titleNamed,
      topicShare,
      sameArticle,
      support,
      subjectMissing,
      missingShare,
      corrections: context.corrections,
    },
    unlikely,
  };
}

/**
 * How much more the question's heavier words are the article's topic than the rest of the library's: the largest
 * share of its passages holding one of them, less the share of the other articles' passages holding it. In a
 * library where every article is about Vietnam, "Vietnam" is no article's topic.
 */
function articleTopicShare(articleId: string, context: EvidenceContext): number {
  const { library, weights, figures, tuning } = context;
  const topic = library.topicOf(articleId);
  const own = library.passagesByArticle.get(articleId)?.length ?? 0;
  const others = figures.documentCount - own;
  const lifts = [...weights]
    .filter(([, weight]) => weight >= tuning.topicMinWeight)
    .map(([term]) => {
      const inArticle = topic.get(term) ?? 0;
      const elsewhere =
        others <= 0 ? 0 : Math.max(0, (figures.frequencies[term] ?? 0) - inArticle * own) / others;
      return inArticle - elsewhere;
    });
  return Math.max(0, ...lifts);
}

/**
 * How many of the ten best candidates are in the best one's article (itself included), beyond the number a random
 * draw of the library's passages would put there: in a library of two articles, most passages of one, most of the
 * ten are in it whatever the question.
 */
function sameArticleBeyondChance(
  best: Candidate,
  candidates: readonly Candidate[],
  library: Library,
): number {
  const window = candidates.slice(0, SAME_ARTICLE_WINDOW);
  const found = window.filter((candidate) => candidate.article.id === best.article.id).length;
  const own = library.passagesByArticle.get(best.article.id)?.length ?? 0;
  const expected = (window.length * own) / Math.max(1, library.passages.size);
  return Math.max(0, found - expected);
}

/**
 * Answers a question from the library: the best passages, each with the sentences that answer quoted verbatim,
 * and a citation; or an abstention when nothing holds enough of the question. Same inputs, same answer.
 * The question must pass {@link questionProblem}.
 */
export async function answerQuestion(
  question: string,
  library: Library,
  options: AnswerOptions = {},
): Promise<Answer> {
  const { limit = 3, offset = 0, articleId } = options;
  const tuning = { ...DEFAULT_ANSWER_TUNING, ...options.tuning };
  const { index } = library;
  const textOptions = index.options.text;
  const reading = readQuestion(question);
  // An acronym the library does not write ("NYC") is read as the name it stands for there ("New York City").
  const expanded = library.acronyms.read(reading.content);
  const content = expanded.text;
  const asked = analyzeQuery(content, index.options);
  const {
    hits,
    figures,
    corrections = {},
  } = await index.searchTerms(asked, {
    limit: CANDIDATES,
    // Only a word English does not have may be a misspelling: "islands" is not "inlands".
    correct: asked.filter((term) => englishCount(term, textOptions) === 0),
    ...(articleId === undefined ? {} : { articleId }),
  });
  // A misspelt word ("Beyonse") counts as the library's word it is one or two letters from.
  const words = questionWords(content, textOptions, corrections, tuning.firstWordNameRarity);
  const terms = [...new Set(asked.map((term) => corrections[term] ?? term))];
  const termSet = new Set(terms);
  const names = new Set(words.filter((word) => word.name).map((word) => word.term));
  const termOf = sharedTermProcessor(textOptions);
  const soft = new Set(reading.soft.flatMap((word) => termOf(word) ?? []));
  const verbs = new Set(
    words
      .filter((word) => !word.name && isIrregularVerbForm(word.word.toLowerCase()))
      .map((word) => word.term),
  );
  const weights = new Map(
    terms.map((term) => {
      const weight = termWeight(term, figures, textOptions, tuning.libraryHalfWeight);
      // A name or number the library has never seen says the question is about something it does not hold.
      const missingName = names.has(term) && (figures.frequencies[term] ?? 0) === 0;
      if (missingName) return [term, weight * tuning.missingNameFactor];
      if (soft.has(term)) return [term, weight * tuning.softWordFactor];
      const missingVerb = verbs.has(term) && (figures.frequencies[term] ?? 0) === 0;
      return [term, missingVerb ? weight * tuning.missingVerbFactor : weight];
    }),
  );
  const totalWeight = [...weights.values()].reduce((sum, weight) => sum + weight, 0);
  const share = (matched: Iterable<string>) => {
    let sum = 0;
    for (const term of matched) sum += weights.get(term) ?? 0;
    return totalWeight === 0 ? 0 : sum / totalWeight;
  };
  const query: QuoteQuery = {
    terms: termSet,
    weight: (term) => weights.get(term) ?? 0,
    textOptions,
    kind: reading.kind,
    answerKindBonus: tuning.answerKindBonus,
    minAddedWeight: tuning.minAddedWeight,
    pairs: termPairs(words),
    pairBonus: tuning.pairBonus,
    contextChars: tuning.contextChars,
    anaphora: tuning.anaphora,
  };
  const shape: QuestionShape = {
    terms: termSet,
    share,
    phrases: namePhrases(words),
    pairs: termPairs(words),
  };
  const bestSearchScore = hits[0]?.score ?? 1;
  const candidates = hits
    .flatMap((hit) => {
      const passage = library.passages.get(hit.passageId);
      const article = library.articles.get(hit.articleId);
      if (!passage || !article) return [];
      const quoted = selectQuote(article.body, passage, query);
      const score = quoted.score + tuning.searchScoreWeight * (hit.score / bestSearchScore);
      return [{ hit, passage, article, quoted, score }];
    })
    // A result earns its place with the question's words in what it quotes, not only in its title or tags.
    .filter((candidate) => candidate.quoted.matched.size > 0)
    .sort((a, b) => b.score - a.score);
  const resultOf = (candidate: (typeof candidates)[number], rank: number): AnswerResult => ({
    rank,
    score: candidate.score,
    passage: candidate.passage,
    article: candidate.article,
    quote: candidate.quoted.quote,
    citation: citationFor(
      candidate.article,
      candidate.passage,
      candidate.quoted.quote.pieces.map((piece) => piece.text),
    ),
  });
  const best = candidates[0];
  const subjectTerms = reading.subject
    ? analyzeQuery(library.acronyms.read(reading.subject).text, index.options).map(
        (term) => corrections[term] ?? term,
      )
    : [];
  const { evidence, unlikely } = weighEvidence(best, candidates, {
    library,
    shape,
    tuning,
    words,
    weights,
    figures,
    corrections,
    subjectTerms,
  });
  const readAs = (quotes: readonly Quote[]) => [
    ...expanded.readAs,
    ...readAsWords(
      words.filter((word) => !unlikely.has(word.term)),
      quotes.flatMap((quote) => quote.pieces.map((piece) => piece.text)),
      textOptions,
    ),
  ];
  if (!best || evidence.subjectMissing || evidence.support <= tuning.abstainAtOrBelow) {
    return {
      question,
      abstained: true,
      results: [],
      nearest: nearestArticles(hits, library),
      missing: missingWords(words, figures, unlikely),
      readAs: readAs(best ? [best.quoted.quote] : []),
      closest: best ? resultOf(best, 1) : null,
      total: 0,
      evidence,
    };
  }
  const results: AnswerResult[] = [];
  const quoted = new Set<string>();
  for (const candidate of candidates) {
    if (results.length > 0) {
      if (candidate.score < best.score * tuning.minRelativeScore) break;
      if (share(candidate.quoted.matched) < tuning.minResultCoverage) continue;
    }
    // The same words in two articles (a syndicated copy) are quoted once.
    const key = quoteText(candidate.quoted.quote).replace(/\s+/gu, ' ').trim();
    if (quoted.has(key)) continue;
    quoted.add(key);
    results.push(resultOf(candidate, results.length + 1));
  }
  const page = results.slice(offset, offset + limit);
  return {
    question,
    abstained: false,
    results: page,
    nearest: [],
    missing: [],
    readAs: readAs(page.map((result) => result.quote)),
    closest: null,
    total: results.length,
    evidence,
  };
}
