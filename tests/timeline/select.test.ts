import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortChronologically } from '../../src/timeline/extract.ts';
import { FactSearch, factKeys } from '../../src/timeline/fact-search.ts';
import { isOnThisDay, type Selection, selectFact } from '../../src/timeline/select.ts';
import type { Fact } from '../../src/timeline/types.ts';
import { fact } from './helpers.ts';

const facts = [
  fact('f1990', '1990', 'year'),
  fact('f2011', '2011-10', 'month'),
  fact('f2017a', '2017-01-15'),
  fact('f2023', '2023-09-25'),
  fact('f2023b', '2023-09-26'),
];

describe('daily fact selection', () => {
  describe('on this day', () => {
    it('picks a fact of the same month and day from an earlier year', () => {
      expect(selectFact(facts, new Set(), '2024-09-25')).toMatchObject({
        fact: { id: 'f2023' },
        reason: 'on-this-day',
      });
      expect(selectFact(facts, new Set(), '2030-01-15')).toMatchObject({
        fact: { id: 'f2017a' },
        reason: 'on-this-day',
      });
    });

    it('does not count the same year, or month and year precision', () => {
      expect(isOnThisDay(fact('x', '2023-09-25'), '2023-09-25')).toBe(false);
      expect(isOnThisDay(fact('x', '2023-09', 'month'), '2024-09-01')).toBe(false);
      expect(selectFact(facts, new Set(), '2023-09-25')).toMatchObject({
        reason: 'rotation',
        fact: { id: 'f1990' },
      });
    });

    it('falls back to the rotation when the anniversary fact was already used this cycle', () => {
      expect(selectFact(facts, new Set(['f2023']), '2024-09-25')).toMatchObject({
        fact: { id: 'f1990' },
        reason: 'rotation',
      });
    });
  });

  describe('rotation', () => {
    it('goes through the facts in order, day after day, with a fake clock', () => {
      const used = new Set<string>();
      const picked: string[] = [];
      let day = Date.UTC(2024, 2, 1);
      for (let i = 0; i < 7; i++) {
        const localDate = new Date(day).toISOString().slice(0, 10);
        const selection = selectFact(facts, used, localDate);
        if (!selection) throw new Error('none');
        if (selection.newCycle) used.clear();
        used.add(selection.fact.id);
        picked.push(selection.fact.id);
        day += 86_400_000;
      }
      expect(picked).toEqual(['f1990', 'f2011', 'f2017a', 'f2023', 'f2023b', 'f1990', 'f2011']);
    });

    it('never repeats a fact before every fact has been used (any dates, any library)', () => {
      fc.assert(
        fc.property(
          fc.uniqueArray(
            fc.date({ min: new Date('1900-01-01'), max: new Date('2023-12-31'), noInvalidDate: true }),
            { minLength: 1, maxLength: 12 },
          ),
          fc.array(
            fc.date({ min: new Date('2024-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
            { minLength: 1, maxLength: 40 },
          ),
          (factDates, days) => {
            const pool = factDates.map((d, i) => fact(`f${i}`, d.toISOString().slice(0, 10)));
            const used = new Set<string>();
            const cycle: string[] = [];
            for (const day of days) {
              const selection = selectFact(pool, used, day.toISOString().slice(0, 10));
              if (!selection) return false;
              if (selection.newCycle) {
                if (used.size !== pool.length) return false;
                used.clear();
                cycle.length = 0;
              }
              if (used.has(selection.fact.id)) return false;
              used.add(selection.fact.id);
              cycle.push(selection.fact.id);
            }
            return true;
          },
        ),
      );
    });

    it('returns null for an empty library', () => {
      expect(selectFact([], new Set(), '2024-01-01')).toBeNull();
    });
  });
});

/** The rule read literally: the unused facts (all of them when none is left), the first on this day, else the first. */
function literalSelection(
  facts: readonly Fact[],
  used: ReadonlySet<string>,
  localDate: string,
): Selection | null {
  if (facts.length === 0) return null;
  let pool = facts.filter((f) => !used.has(f.id));
  const newCycle = pool.length === 0;
  if (newCycle) pool = [...facts];
  const anniversary = pool.find((f) => isOnThisDay(f, localDate));
  if (anniversary) return { fact: anniversary, reason: 'on-this-day', newCycle };
  return { fact: pool[0] as Fact, reason: 'rotation', newCycle };
}

describe('selecting with the timeline index of same-day facts', () => {
  it('chooses as the rule read literally does, for arbitrary facts, used sets and days (property)', () => {
    const day = fc
      .tuple(
        fc.integer({ min: 1990, max: 2030 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
      )
      .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    const precision = fc.constantFrom<Fact['precision']>('day', 'month', 'year', 'range');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(day, precision), { maxLength: 30 }),
        fc.array(fc.nat(40)),
        day,
        (dated, usedIndexes, localDate) => {
          const facts = sortChronologically(
            dated.map(([date, p], i) =>
              fact(`f${i}`, p === 'year' ? date.slice(0, 4) : p === 'month' ? date.slice(0, 7) : date, p),
            ),
          );
          const used = new Set(usedIndexes.map((i) => `f${i}`));
          const search = new FactSearch(facts, facts.map(factKeys), new Map());
          const literal = literalSelection(facts, used, localDate);
          expect(selectFact(facts, used, localDate, search.onThisDay(localDate))).toEqual(literal);
          expect(selectFact(facts, used, localDate)).toEqual(literal);
        },
      ),
    );
  });
});
