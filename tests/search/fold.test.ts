import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldText } from '../../src/search/text.ts';

describe('foldText', () => {
  describe('printable ASCII (folded by lowercasing alone)', () => {
    it('folds as the full folding does: appending "é" (which takes the full path) appends "e"', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary-ascii', maxLength: 200 }), (text) => {
          expect(foldText(`${text}é`)).toBe(`${foldText(text)}e`);
        }),
        { numRuns: 2000 },
      );
    });

    it('makes a backquote an apostrophe, as in any other text', () => {
      expect(foldText('the `quoted` Word')).toBe("the 'quoted' word");
      expect(foldText('The Mekong Delta, 2020-2021.')).toBe('the mekong delta, 2020-2021.');
    });
  });
});
