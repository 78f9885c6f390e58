import { citationFor } from '../answer/citation.ts';
import type { Article, Passage } from '../corpus/types.ts';
import { findMentions } from './mentions.ts';
import {
  compareStart,
  formatPartialDate,
  parsePartialIso,
  type ResolvedDate,
  resolveMention,
} from './resolve.ts';
import type { Fact, PartialDate } from './types.ts';

/** One dated mention in one sentence, before several mentions of the same event are merged. */
interface Candidate {
  readonly resolved: ResolvedDate;
  readonly key: string;
  readonly mention: string;
  readonly passage: Passage;
  readonly start: number;
  readonly stop: number;
  readonly sentence: string;
  /** How many event dates the sentence holds (a sentence about one date is a better citation). */
  readonly datesInSentence: number;
}

// A sentence that opens with one of these leans on the one before it; it reads worse on its own.
const LEANING_OPENER =
  /^(?:but|yet|thus|so|and|or|similarly|specifically|although|though|however|also|then|still|moreover|meanwhile|instead|therefore|hence)\b/iu;

/** Higher is a better sentence to cite for a fact: about one date, standing on its own, of a readable length. */
function citationScore(candidate: Candidate): number {
  let score = candidate.datesInSentence === 1 ? 2 : 0;
  if (LEANING_OPENER.test(candidate.sentence)) score -= 2;
  if (/\[[^\]]*\]/u.test(candidate.sentence)) score -= 1;
  if (candidate.sentence.length > 250) score -= 1;
  if (candidate.sentence.length > 400) score -= 1;
  return score;
}

function candidatesIn(article: Article, passage: Passage, reference: Date): Candidate[] {
  const out: Candidate[] = [];
  for (const { start, end } of passage.sentences) {
    const sentence = article.body.slice(start, end);
    const resolved = findMentions(sentence, reference).flatMap((mention) => {
      const date = resolveMention(mention, article.published, sentence);
      return date ? [{ mention, date }] : [];
    });
    for (const { mention, date } of resolved) {
      const key = `${formatPartialDate(date.start)}${date.end ? `..${formatPartialDate(date.end)}` : ''}`;
      out.push({
        resolved: date,
        key,
        mention: mention.text,
        passage,
        start,
        stop: end,
        sentence,
        datesInSentence: resolved.length,
      });
    }
  }
  return out;
}

/**
 * The dated events of one article: one fact per distinct date (several mentions of one event, i.e. of the same
 * date at the same precision, become one fact citing the best sentence; ties go to the earliest sentence).
 */
export function extractFacts(article: Article, passages: readonly Passage[]): Fact[] {
  const reference = new Date(`${article.published}T12:00:00Z`);
  const best = new Map<string, Candidate>();
  for (const passage of passages) {
    for (const candidate of candidatesIn(article, passage, reference)) {
      const current = best.get(candidate.key);
      if (!current || citationScore(candidate) > citationScore(current)) best.set(candidate.key, candidate);
    }
  }
  return [...best.values()].map((c) => ({
    id: `${article.id}@${c.key}`,
    date: formatPartialDate(c.resolved.start),
    end: c.resolved.end ? formatPartialDate(c.resolved.end) : null,
    precision: c.resolved.precision,
    sentence: c.sentence,
    start: c.start,
    stop: c.stop,
    mention: c.mention,
    articleId: article.id,
    passageId: c.passage.id,
    paragraph: c.passage.paragraph,
    citation: citationFor(article, c.passage, c.sentence),
  }));
}

const PRECISION_ORDER = { year: 0, month: 1, range: 2, day: 3 } as const;

// `localeCompare`'s order, without looking a collator up on every call (sorting 36,000 facts: 2.2 s → 0.2 s).
const collator = new Intl.Collator();

/**
 * Sorts `facts` into chronological order, in place: by first day, coarser precision first ("2023" before
 * "2023-07"), then end and id. Each distinct date is parsed once per sort (a sort compares each many times).
 */
export function sortChronologically(facts: Fact[]): Fact[] {
  const parsed = new Map<string, PartialDate>();
  const parse = (iso: string): PartialDate => {
    let date = parsed.get(iso);
    if (!date) {
      date = parsePartialIso(iso);
      parsed.set(iso, date);
    }
    return date;
  };
  return facts.sort(
    (a, b) =>
      compareStart(parse(a.date), parse(b.date)) ||
      PRECISION_ORDER[a.precision] - PRECISION_ORDER[b.precision] ||
      collator.compare(a.end ?? '', b.end ?? '') ||
      collator.compare(a.id, b.id),
  );
}

/** Every fact of every article, in chronological order. */
export function buildTimeline(library: {
  readonly articles: ReadonlyMap<string, Article>;
  readonly passagesByArticle: ReadonlyMap<string, readonly Passage[]>;
}): Fact[] {
  const facts: Fact[] = [];
  for (const article of library.articles.values()) {
    for (const fact of extractFacts(article, library.passagesByArticle.get(article.id) ?? []))
      facts.push(fact);
  }
  return sortChronologically(facts);
}
