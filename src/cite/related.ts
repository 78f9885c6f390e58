import { citationFor } from '../answer/citation.ts';
import type { Passage } from '../corpus/types.ts';
import type { Library } from '../library.ts';
import { analyzeQuery, idfOf } from '../search/passage-search.ts';
import { processTerm, tokenizeWithOffsets } from '../search/text.ts';
import { CITE_THRESHOLDS, type CiteMatch, compareMatches } from './match.ts';

/** Passages that share enough of the text's rare vocabulary to be about the same thing (never a match). */
export async function relatedPassages(text: string, library: Library): Promise<CiteMatch[]> {
  const terms = analyzeQuery(text, library.index.options);
  if (terms.length < CITE_THRESHOLDS.relatedMinTerms) return [];
  const { hits, figures } = await library.index.searchTerms(terms, { limit: CITE_THRESHOLDS.maxMatches * 3 });
  const weight = new Map(terms.map((term) => [term, idfOf(figures, term)]));
  const total = [...weight.values()].reduce((sum, w) => sum + w, 0);
  const matches: CiteMatch[] = [];
  for (const hit of hits) {
    const passage = library.passages.get(hit.passageId);
    const article = passage && library.articles.get(passage.articleId);
    if (!passage || !article) continue;
    const shared = passageTerms(passage.text, weight);
    // Clamped: float sums of the same weights can come out a hair above the total.
    const coverage = Math.min(1, [...shared].reduce((sum, term) => sum + (weight.get(term) ?? 0), 0) / total);
    if (shared.size < CITE_THRESHOLDS.relatedMinTerms || coverage < CITE_THRESHOLDS.relatedCoverage) continue;
    const sentence = bestSentence(article.body, passage, weight);
    const spanText = article.body.slice(sentence.start, sentence.end);
    matches.push({
      kind: 'related',
      similarity: coverage,
      span: { start: sentence.start, end: sentence.end, text: spanText },
      passage,
      article,
      citation: citationFor(article, passage, spanText),
      differences: [],
    });
  }
  return matches.sort(compareMatches).slice(0, CITE_THRESHOLDS.maxMatches);
}

/** The text's terms that occur in `text`. */
function passageTerms(text: string, weight: ReadonlyMap<string, number>): Set<string> {
  const found = new Set<string>();
  for (const token of tokenizeWithOffsets(text)) {
    const term = processTerm(token.word);
    if (term !== null && weight.has(term)) found.add(term);
  }
  return found;
}

/** The passage sentence holding the most weight of the text's terms (the first on a tie). */
function bestSentence(body: string, passage: Passage, weight: ReadonlyMap<string, number>) {
  let best = { start: passage.start, end: passage.end };
  let bestScore = -1;
  for (const sentence of passage.sentences) {
    const shared = passageTerms(body.slice(sentence.start, sentence.end), weight);
    const score = [...shared].reduce((sum, term) => sum + (weight.get(term) ?? 0), 0);
    if (score > bestScore) {
      best = sentence;
      bestScore = score;
    }
  }
  return best;
}
