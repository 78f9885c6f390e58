import type { Article, Passage } from '../corpus/types.ts';
import type { Library } from '../library.ts';
import type { SearchHit } from '../search/index.ts';
import { analyzeQuery, idfOf, type TermFigures } from '../search/passage-search.ts';
import { processTerm } from '../search/text.ts';
import { type Citation, citationFor } from './citation.ts';
import { matchedRanges, type Quote, selectQuote } from './quote.ts';

/**
 * Footnote answers only when the best passage matches more than this share of the question's weight: the summed
 * IDF of its distinct terms, counting a term as matched only when it is in the passage text or the article title
 * (not in tags). A word found nowhere in the library (a paraphrase, a typo, or a topic the library lacks) weighs as
 * much as the question's rarest known word. Below it, the answer abstains and names the nearest articles.
 */
export const ABSTAIN_AT_OR_BELOW_COVERAGE = 0.5;
/** Results after the first must match at least this share of the question's weight… */
export const MIN_RESULT_COVERAGE = 0.3;
/** …and score at least this fraction of the best result's score. */
export const MIN_RELATIVE_SCORE = 0.2;
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
  readonly articleId?: string;
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
  /** How many results the question has in all, across pages. */
  readonly total: number;
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

/** How much each of the question's terms weighs (see {@link ABSTAIN_AT_OR_BELOW_COVERAGE}). */
export function termWeights(terms: readonly string[], figures: TermFigures): Map<string, number> {
  const has = (term: string) => (figures.frequencies[term] ?? 0) > 0;
  const known = terms.filter(has).map((term) => idfOf(figures, term));
  const unknownWeight = known.length > 0 ? Math.max(...known) : 1;
  return new Map(terms.map((term) => [term, has(term) ? idfOf(figures, term) : unknownWeight]));
}

/** The question's terms that occur in the passage text or the article title. */
function termsInPassage(
  passage: Passage,
  article: Article,
  terms: ReadonlySet<string>,
  library: Library,
): string[] {
  const options = library.index.options.text;
  const found = new Set<string>();
  for (const text of [passage.text, article.title]) {
    for (const range of matchedRanges(text, { terms, textOptions: options })) {
      const term = processTerm(text.slice(range.start, range.end), options);
      if (term !== null) found.add(term);
    }
  }
  return [...found];
}

/** Share of the question's weight that a passage matched. */
function coverage(
  matched: readonly string[],
  weights: ReadonlyMap<string, number>,
  totalWeight: number,
): number {
  if (totalWeight === 0) return 0;
  let sum = 0;
  for (const term of matched) sum += weights.get(term) ?? 0;
  return sum / totalWeight;
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

/**
 * Answers a question from the library: the best passages, each with its best 1–3 sentences quoted verbatim,
 * and a citation; or an abstention when nothing matches well enough. Same inputs, same answer.
 * The question must pass {@link questionProblem}.
 */
export async function answerQuestion(
  question: string,
  library: Library,
  options: AnswerOptions = {},
): Promise<Answer> {
  const { limit = 3, offset = 0, articleId } = options;
  const { index } = library;
  const terms = analyzeQuery(question, index.options);
  const termSet = new Set(terms);
  const { hits, figures } = await index.searchTerms(terms, {
    limit: CANDIDATES,
    ...(articleId === undefined ? {} : { articleId }),
  });
  const weights = termWeights(terms, figures);
  const totalWeight = [...weights.values()].reduce((sum, weight) => sum + weight, 0);
  const candidates = hits.flatMap((hit) => {
    const passage = library.passages.get(hit.passageId);
    const article = library.articles.get(hit.articleId);
    if (!passage || !article) return [];
    const share = coverage(termsInPassage(passage, article, termSet, library), weights, totalWeight);
    return [{ hit, passage, article, share }];
  });
  const best = candidates[0];
  if (!best || best.share <= ABSTAIN_AT_OR_BELOW_COVERAGE) {
    return { question, abstained: true, results: [], nearest: nearestArticles(hits, library), total: 0 };
  }
  const query = {
    terms: termSet,
    weight: (term: string) => weights.get(term) ?? 0,
    textOptions: index.options.text,
  };
  const results: AnswerResult[] = [];
  const quoted = new Set<string>();
  for (const { hit, passage, article, share } of candidates) {
    if (hit !== best.hit) {
      if (hit.score < best.hit.score * MIN_RELATIVE_SCORE) break;
      if (share < MIN_RESULT_COVERAGE) continue;
    }
    const quote = selectQuote(article.body, passage, query);
    // The same words in two articles (a syndicated copy) are quoted once.
    const key = quote.text.replace(/\s+/gu, ' ').trim();
    if (quoted.has(key)) continue;
    quoted.add(key);
    results.push({
      rank: results.length + 1,
      score: hit.score,
      passage,
      article,
      quote,
      citation: citationFor(article, passage, quote.text),
    });
  }
  return {
    question,
    abstained: false,
    results: results.slice(offset, offset + limit),
    nearest: [],
    total: results.length,
  };
}
