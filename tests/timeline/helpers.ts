import { splitIntoPassages } from '../../src/corpus/passages.ts';
import type { Article } from '../../src/corpus/types.ts';
import { extractFacts } from '../../src/timeline/extract.ts';
import type { Fact } from '../../src/timeline/types.ts';

/** An inline article (no file): enough for extraction. */
export function article(body: string, published = '2024-03-01', id = 'a'): Article {
  return {
    id,
    title: `Title ${id}`,
    url: `https://example.org/${id}`,
    publisher: 'Example',
    published,
    tags: [],
    body,
    file: `${id}.md`,
  };
}

/** The facts of one inline article, as `date[..end] precision` strings with their sentence. */
export function factsOf(body: string, published = '2024-03-01'): Fact[] {
  const a = article(body, published);
  return extractFacts(a, splitIntoPassages(a));
}

/** `date..end/precision` of each fact, in chronological order. */
export function datesOf(body: string, published = '2024-03-01'): string[] {
  return factsOf(body, published)
    .map((f) => `${f.date}${f.end ? `..${f.end}` : ''}/${f.precision}`)
    .sort();
}

/** A fact for selection tests. */
export function fact(id: string, date: string, precision: Fact['precision'] = 'day'): Fact {
  return {
    id,
    date,
    end: null,
    precision,
    sentence: `Something happened (${id}).`,
    start: 0,
    stop: 10,
    mention: date,
    articleId: 'a',
    passageId: 'a#1',
    paragraph: 1,
    citation: {
      title: 'T',
      publisher: 'P',
      published: '2024-01-01',
      paragraph: 1,
      url: 'https://example.org',
      link: 'https://example.org',
    },
  };
}
