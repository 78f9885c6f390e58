import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldText } from '../../src/search/text.ts';
import { FactSearch, factKeys } from '../../src/timeline/fact-search.ts';
import { compareStart, parsePartialIso } from '../../src/timeline/resolve.ts';
import type { Fact } from '../../src/timeline/types.ts';
import { fact } from './helpers.ts';

const TITLES = new Map([
  ['a', { title: 'Cadre training in Guangzhou' }],
  ['b', { title: 'Hostile forces' }],
]);

function withText(base: Fact, sentence: string, articleId: string, end: string | null = null): Fact {
  return { ...base, sentence, articleId, end, precision: end ? 'range' : base.precision };
}

/** The query as read word for word from its definition, for comparison: dates overlap, every word in sentence + title. */
function plainFind(facts: readonly Fact[], from?: string, to?: string, query?: string): Fact[] {
  const first = (iso: string) => {
    const d = parsePartialIso(iso);
    return { year: d.year, month: d.month ?? 1, day: d.day ?? 1 };
  };
  const last = (iso: string) => {
    const d = parsePartialIso(iso);
    return { year: d.year, month: d.month ?? 12, day: d.day ?? 31 };
  };
  const words = query ? foldText(query).split(/\s+/u).filter(Boolean) : [];
  return facts.filter((f) => {
    if (from && compareStart(last(f.end ?? f.date), first(from)) < 0) return false;
    if (to && compareStart(first(f.date), last(to)) > 0) return false;
    const text = foldText(f.sentence);
    const title = foldText(TITLES.get(f.articleId)?.title ?? '');
    return words.every((w) => text.includes(w) || title.includes(w));
  });
}

describe('timeline search (keys computed once per library)', () => {
  const facts = [
    withText(fact('bc', '-0478', 'year'), 'The battle was fought in 479 BC.', 'b'),
    withText(fact('ngo', '0938', 'year'), 'Ngô Quyền won at Bạch Đằng in 938.', 'b'),
    withText(fact('range', '2023-09-19'), 'The course ran from September 19-26.', 'a', '2023-09-26'),
    withText(fact('month', '2017-01', 'month'), 'The agreement was signed in January 2017.', 'a'),
    withText(fact('day', '2023-09-25'), 'Dung went to Guangdong on September 25.', 'a'),
  ];
  const search = new FactSearch(facts, facts.map(factKeys), TITLES);
  const ids = (found: readonly Fact[]) => found.map((f) => f.id);

  it('filters by dates at any precision, ranges overlapping, years before 1 AD included', () => {
    expect(ids(search.find({}))).toEqual(['bc', 'ngo', 'range', 'month', 'day']);
    expect(ids(search.find({ from: '2023-09-20', to: '2023-09-24' }))).toEqual(['range']);
    expect(ids(search.find({ from: '2017-01-31', to: '2017-01-31' }))).toEqual(['month']);
    expect(ids(search.find({ to: '0001' }))).toEqual(['bc']);
    expect(ids(search.find({ from: '900', to: '1000' }))).toEqual(['ngo']);
  });

  it('matches every query word, folded, in the sentence or the article title', () => {
    expect(ids(search.find({ query: 'ngo quyen' }))).toEqual(['ngo']);
    expect(ids(search.find({ query: 'GUANGZHOU course' }))).toEqual(['range']);
    expect(ids(search.find({ query: 'hostile 938' }))).toEqual(['ngo']);
    expect(ids(search.find({ query: 'training', from: '2020' }))).toEqual(['range', 'day']);
    expect(search.find({ query: 'nothing like this' })).toEqual([]);
  });

  it('finds what the plain reading of the query finds, for arbitrary dates and words (property)', () => {
    const date = fc
      .tuple(
        fc.integer({ min: -500, max: 2030 }),
        fc.option(fc.integer({ min: 1, max: 12 })),
        fc.integer({ min: 1, max: 28 }),
      )
      .map(([y, m, d]) => {
        const year = y < 0 ? `-${String(-y).padStart(4, '0')}` : String(y).padStart(4, '0');
        return m === null ? year : `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      });
    const word = fc.constantFrom(
      'battle',
      'ngo',
      'quyền',
      'course',
      'training',
      'hostile',
      'x',
      'sept',
      '2017',
      '',
    );
    fc.assert(
      fc.property(fc.option(date), fc.option(date), fc.array(word, { maxLength: 3 }), (from, to, words) => {
        const query = words.join(' ');
        const found = search.find({ from, to, query });
        expect(ids(found)).toEqual(ids(plainFind(facts, from ?? undefined, to ?? undefined, query)));
      }),
    );
  });

  it('refuses keys that do not line up with the facts', () => {
    expect(() => new FactSearch(facts, [], TITLES)).toThrow(/one key per fact/u);
  });
});
