import { createHash } from 'node:crypto';
import type { Article, Passage } from '../corpus/types.ts';
import { extractFacts, sortChronologically } from './extract.ts';
import type { Fact } from './types.ts';

/** What an article's facts depend on: its text and the fields its citations show. */
function articleKey(article: Article): string {
  const hash = createHash('sha256');
  for (const field of [article.title, article.url, article.publisher, article.published, article.body])
    hash.update(field).update('\u0000');
  return hash.digest('base64');
}

/** One article's facts as kept: what they were extracted from (`key`) and the facts. */
export interface FactCacheEntry {
  readonly articleId: string;
  readonly key: string;
  readonly facts: readonly Fact[];
}

/**
 * The timeline of successive versions of a library, extracting the facts of an article only when it is new or
 * changed: extraction costs about 5 ms per article, and a reload usually changes a few of hundreds.
 */
export class FactCache {
  private readonly byArticle = new Map<string, { readonly key: string; readonly facts: readonly Fact[] }>();

  /** Whether the last {@link timeline} extracted or dropped any article's facts (what is kept changed). */
  changed = false;

  /** Every article's facts as kept, to save. */
  entries(): FactCacheEntry[] {
    return [...this.byArticle].map(([articleId, { key, facts }]) => ({ articleId, key, facts }));
  }

  /** Takes in saved entries (a new process's first build); articles already kept keep theirs. */
  restore(entries: readonly FactCacheEntry[]): void {
    for (const { articleId, key, facts } of entries) {
      if (!this.byArticle.has(articleId)) this.byArticle.set(articleId, { key, facts });
    }
  }

  /** Every fact of `articles`, in chronological order (as {@link buildTimeline} returns them). */
  timeline(
    articles: readonly Article[],
    passagesByArticle: ReadonlyMap<string, readonly Passage[]>,
  ): { facts: Fact[]; extracted: number } {
    const facts: Fact[] = [];
    const present = new Set<string>();
    let extracted = 0;
    for (const article of articles) {
      present.add(article.id);
      const key = articleKey(article);
      let entry = this.byArticle.get(article.id);
      if (entry?.key !== key) {
        entry = { key, facts: extractFacts(article, passagesByArticle.get(article.id) ?? []) };
        this.byArticle.set(article.id, entry);
        extracted++;
      }
      for (const fact of entry.facts) facts.push(fact);
    }
    let dropped = 0;
    for (const id of this.byArticle.keys()) {
      if (!present.has(id)) {
        this.byArticle.delete(id);
        dropped++;
      }
    }
    this.changed = extracted > 0 || dropped > 0;
    return { facts: sortChronologically(facts), extracted };
  }
}
