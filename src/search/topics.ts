import type { Passage } from '../corpus/types.ts';
import { sharedTermProcessor, type TextOptions, tokenize } from './text.ts';

/*
 * What an article is about, read off its own passages: the index terms that come back through it ("Chopin" in
 * most paragraphs of an article about Chopin; "New York" in a few paragraphs of one about Beyoncé). A question whose
 * words are the article's topic asks about that article; one that shares only a word in passing likely does not.
 */

/** Only articles of this many passages have a topic: in a shorter one, every word is in a large share of it. */
export const MIN_TOPIC_PASSAGES = 5;
/** A term is part of the topic when at least this share of the article's passages has it. */
export const MIN_TOPIC_SHARE = 0.2;
/** At most this many passages of an article are read for its topic, spread evenly through it (about 1 ms). */
export const MAX_TOPIC_PASSAGES = 32;

/** The share of an article's passages that hold each of its topic terms (see {@link MIN_TOPIC_SHARE}). */
export function articleTopic(
  passages: readonly Passage[],
  options: TextOptions,
): ReadonlyMap<string, number> {
  if (passages.length < MIN_TOPIC_PASSAGES) return new Map();
  const step = Math.max(1, passages.length / MAX_TOPIC_PASSAGES);
  const read: Passage[] = [];
  for (let i = 0; Math.floor(i) < passages.length && read.length < MAX_TOPIC_PASSAGES; i += step) {
    const passage = passages[Math.floor(i)];
    if (passage) read.push(passage);
  }
  const process = sharedTermProcessor(options);
  const counts = new Map<string, number>();
  for (const passage of read) {
    const terms = new Set<string>();
    for (const word of tokenize(passage.text)) {
      const term = process(word);
      if (term !== null) terms.add(term);
    }
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  const topic = new Map<string, number>();
  for (const [term, count] of counts) {
    const share = count / read.length;
    if (share >= MIN_TOPIC_SHARE) topic.set(term, share);
  }
  return topic;
}
