import { describe, expect, it } from 'vitest';
import type { Passage } from '../../src/corpus/types.ts';
import { DEFAULT_TEXT_OPTIONS } from '../../src/search/text.ts';
import { articleTopic, MAX_TOPIC_PASSAGES, MIN_TOPIC_PASSAGES } from '../../src/search/topics.ts';

const passages = (texts: readonly string[]): Passage[] =>
  texts.map((text, i) => ({
    id: `a#${i + 1}`,
    articleId: 'a',
    paragraph: i + 1,
    text,
    start: 0,
    end: text.length,
    sentences: [],
  }));

describe("an article's topic", () => {
  it('is its terms in at least a fifth of its passages, with that share', () => {
    const topic = articleTopic(
      passages([
        'Chopin wrote nocturnes.',
        'Chopin left Warsaw.',
        'Chopin met Liszt in Paris.',
        'The salons of Paris were small.',
        'Chopin died in Paris.',
        'He was buried at Père Lachaise.',
        'Chopin was 39.',
        'Berlioz wrote a letter.',
        'The funeral was large.',
        'Friends came.',
      ]),
      DEFAULT_TEXT_OPTIONS,
    );
    expect(topic.get('chopin')).toBeCloseTo(0.5, 10);
    expect(topic.get('pari')).toBeCloseTo(0.3, 10);
    expect(topic.get('wrote')).toBeCloseTo(0.2, 10);
    // In one passage of ten: not the topic.
    expect(topic.has('liszt')).toBe(false);
  });

  it('is empty for an article too short to have one', () => {
    const short = Array.from({ length: MIN_TOPIC_PASSAGES - 1 }, () => 'Chopin in Paris.');
    expect(articleTopic(passages(short), DEFAULT_TEXT_OPTIONS).size).toBe(0);
  });

  it('of a long article is read from passages spread through it, not only its first ones', () => {
    // The first half never names Mekong; the second half always does.
    const long = Array.from({ length: MAX_TOPIC_PASSAGES * 4 }, (_, i) =>
      i < MAX_TOPIC_PASSAGES * 2 ? 'Rice prices rose.' : 'The Mekong ran low.',
    );
    const topic = articleTopic(passages(long), DEFAULT_TEXT_OPTIONS);
    expect(topic.get('mekong')).toBeCloseTo(0.5, 1);
    expect(topic.get('rice')).toBeCloseTo(0.5, 1);
  });
});
