import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOnThisDay, selectFact } from '../../src/timeline/select.ts';
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
