import { describe, expect, it } from 'vitest';
import { Acronyms, capitalisedNames } from '../../src/search/acronyms.ts';

const names = (text: string) =>
  [...capitalisedNames(text)].map(({ initials, name }) => `${initials}=${name}`);

describe('capitalised names', () => {
  it('are runs of capitalised words and every stretch of them, with their initials', () => {
    expect(names('They moved to New York City last year.').sort()).toEqual([
      'ny=New York',
      'nyc=New York City',
      'yc=York City',
    ]);
    // A sentence's first word may open a run: its stretches without it are there too.
    expect(names('In New York it rained.')).toContain('ny=New York');
  });

  it('take small joining words inside without a letter, never at their ends', () => {
    expect(names('the Communist Party of Vietnam said')).toContain('cpv=Communist Party of Vietnam');
    expect(names('the Fire Department of New York came')).toContain('fdny=Fire Department of New York');
    expect(names('Hanoi and the rest')).toEqual([]);
  });

  it('do not run across a comma or a full stop', () => {
    expect(names('Hanoi, Vietnam. Paris, France')).toEqual([]);
  });
});

describe('acronyms', () => {
  const library = [
    'The New York City council met. New York City has five boroughs.',
    'The Communist Party of Vietnam met in Hanoi.',
    'A World Trade Organization panel ruled. The World Trade Organization later agreed. WTO members voted.',
  ];

  it('are read as the name the library writes out at least twice', () => {
    const acronyms = Acronyms.build(library);
    expect(acronyms.expand('NYC')).toBe('New York City');
    // Written once: too little to go on.
    expect(acronyms.expand('CPV')).toBeUndefined();
    expect(Acronyms.build([...library, 'the Communist Party of Vietnam']).expand('CPV')).toBe(
      'Communist Party of Vietnam',
    );
  });

  it('are left alone when the library writes them itself, or when they are not all capitals', () => {
    const acronyms = Acronyms.build(library);
    expect(acronyms.expand('WTO')).toBeUndefined();
    expect(acronyms.expand('Nyc')).toBeUndefined();
    expect(acronyms.expand('nyc')).toBeUndefined();
  });

  it('take the most written name of the same initials', () => {
    const acronyms = Acronyms.build([
      'New York City. New York City. New York City.',
      'Nam Yen Cooperative. Nam Yen Cooperative.',
    ]);
    expect(acronyms.expand('NYC')).toBe('New York City');
  });

  it('rewrite a question, saying what was read as what', () => {
    const acronyms = Acronyms.build(library);
    expect(acronyms.read('When was NYC founded, and is NYC big?')).toEqual({
      text: 'When was New York City founded, and is New York City big?',
      readAs: [{ asked: 'NYC', read: 'New York City' }],
    });
    expect(acronyms.read('What did the WTO rule?')).toEqual({ text: 'What did the WTO rule?', readAs: [] });
  });

  it('travel between threads as plain data', () => {
    const acronyms = Acronyms.build(library);
    const copy = Acronyms.fromJSON(structuredClone(acronyms.toJSON()));
    expect(copy.expand('NYC')).toBe('New York City');
    expect(copy.expand('WTO')).toBeUndefined();
  });
});
