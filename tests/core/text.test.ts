import { describe, expect, it } from 'vitest';
import { analyzeQuery } from '../../src/search/passage-search.ts';
import {
  DEFAULT_TEXT_OPTIONS,
  foldText,
  irregularVerbBase,
  processTerm,
  queryTerms,
  tokenizeWithOffsets,
} from '../../src/search/text.ts';
import { inlineLibrary } from './helpers.ts';

describe('text processing', () => {
  describe('folding', () => {
    it('removes diacritics, including letters that do not decompose', () => {
      expect(foldText('Nguyễn Phú Trọng')).toBe('nguyen phu trong');
      expect(foldText('Đà Nẵng, Łódź, Straße')).toBe('da nang, lodz, strasse');
    });

    it('folds curly quotes, dashes and ellipses to ASCII', () => {
      expect(foldText('“escape China” — it’s 2015–2017…')).toBe('"escape china" - it\'s 2015-2017...');
    });
  });

  describe('terms', () => {
    it('stems, drops stop words and possessives', () => {
      expect(queryTerms('Who obtained the training documents of China’s party?')).toEqual([
        'obtain',
        'train',
        'document',
        'china',
        'parti',
      ]);
    });

    it('treats curly and straight apostrophes alike, and acronyms with or without periods alike', () => {
      expect(processTerm('China’s')).toBe(processTerm("China's"));
      expect(processTerm('U.S.')).toBe(processTerm('US'));
    });

    it('keeps word offsets into the original text', () => {
      const text = 'Ông Nguyễn — “Trọng”';
      const tokens = tokenizeWithOffsets(text);
      expect(tokens.map((token) => text.slice(token.start, token.end))).toEqual(['Ông', 'Nguyễn', 'Trọng']);
    });

    it('limits an absurdly long query to its first distinct terms', () => {
      const words = Array.from({ length: 500 }, (_, i) => `word${i}`).join(' ');
      expect(queryTerms(words, undefined, 64)).toHaveLength(64);
    });
  });

  describe('irregular verbs', () => {
    it('joins past forms to their base only when asked, and never an ambiguous form', () => {
      expect(irregularVerbBase('taught')).toBe('teach');
      expect(irregularVerbBase('held')).toBe('hold');
      expect(irregularVerbBase('found')).toBeUndefined();
      expect(irregularVerbBase('born')).toBeUndefined();
      expect(irregularVerbBase('teach')).toBeUndefined();
      const joined = { ...DEFAULT_TEXT_OPTIONS, irregularVerbs: true };
      expect(processTerm('Taught', joined)).toBe(processTerm('teaching', joined));
      expect(processTerm('won', joined)).toBe(processTerm('wins', joined));
      expect(processTerm('founded', joined)).toBe(processTerm('found', joined));
      expect(processTerm('taught')).not.toBe(processTerm('teach'));
    });
  });

  describe('in the index', () => {
    it('finds accented text with an unaccented query and the reverse', async () => {
      const library = await inlineLibrary([
        { id: 'a', title: 'Leaders', body: 'Nguyễn Phú Trọng visited Beijing in October 2011.' },
        { id: 'b', title: 'Other', body: 'Nguyen Phu Trong spoke in Hanoi.' },
      ]);
      const search = async (query: string) =>
        (await library.index.searchTerms(analyzeQuery(query, library.index.options))).hits;
      const accentless = (await search('Nguyen Phu Trong')).map((hit) => hit.articleId).sort();
      const accented = (await search('Nguyễn Phú Trọng')).map((hit) => hit.articleId).sort();
      expect(accentless).toEqual(['a', 'b']);
      expect(accented).toEqual(['a', 'b']);
    });
  });
});
