import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer/answer.ts';
import { openLibrary } from '../../src/library.ts';
import { analyzeQuery } from '../../src/search/passage-search.ts';
import {
  DEFAULT_TEXT_OPTIONS,
  foldText,
  irregularVerbBase,
  isIrregularVerbForm,
  processTerm,
  queryTerms,
  tokenizeWithOffsets,
} from '../../src/search/text.ts';
import { inlineLibrary, writeLibrary } from '../support/library-files.ts';

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

    it('knows their forms: base, past, -s, -es and -ing; not ambiguous forms, regular verbs or nouns', () => {
      for (const word of ['teach', 'taught', 'teaches', 'teaching', 'makes', 'making', 'wrote', 'written']) {
        expect(isIrregularVerbForm(word), word).toBe(true);
      }
      for (const word of ['found', 'jailed', 'happens', 'class', 'bananas', 'teacher']) {
        expect(isIrregularVerbForm(word), word).toBe(false);
      }
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

  describe('decomposed Unicode (NFD: letters plus combining marks)', () => {
    const NFC_BODY = 'Nguyễn Phú Trọng visited Beijing in October 2011. He met Hồ Cẩm Đào there.';
    const NFD_BODY = NFC_BODY.normalize('NFD');

    it('keeps a letter and its combining marks in one word, with offsets into the decomposed text', () => {
      const tokens = tokenizeWithOffsets('Ông Nguyễn — “Trọng”'.normalize('NFD'));
      expect(tokens.map((token) => token.word.normalize('NFC'))).toEqual(['Ông', 'Nguyễn', 'Trọng']);
    });

    it('gives a decomposed word the same term as its composed form, folded or not', () => {
      for (const word of ['Nguyễn', 'Trọng', 'Ánh']) {
        expect(processTerm(word.normalize('NFD'))).toBe(processTerm(word));
        const unfolded = { ...DEFAULT_TEXT_OPTIONS, fold: false };
        expect(processTerm(word.normalize('NFD'), unfolded)).toBe(processTerm(word, unfolded));
      }
      expect(queryTerms(NFD_BODY)).toEqual(queryTerms(NFC_BODY));
    });

    it('finds an NFD article by composed and by unaccented words, and quotes its stored body verbatim', async () => {
      const dataDir = await writeLibrary([{ id: 'nfd', title: 'Leaders', body: NFD_BODY }]);
      const stored = await readFile(join(dataDir, 'articles', 'nfd.md'), 'utf8');
      expect(stored).toContain(NFD_BODY);
      const library = await openLibrary({ dataDir });
      const body = library.articles.get('nfd')?.body ?? '';
      expect(body).toBe(NFD_BODY);
      const search = async (query: string) =>
        (await library.index.searchTerms(analyzeQuery(query, library.index.options))).hits.map(
          (hit) => hit.passageId,
        );
      expect(await search('Nguyễn Trọng')).toEqual(['nfd#1']);
      expect(await search('Nguyen Trong')).toEqual(['nfd#1']);

      const answer = await answerQuestion('When did Nguyễn Phú Trọng visit Beijing?', library);
      expect(answer.abstained).toBe(false);
      const piece = answer.results[0]?.quote.pieces[0];
      expect(piece).toBeDefined();
      if (!piece) return;
      expect(piece.text).toBe(body.slice(piece.start, piece.end));
      expect(piece.text.normalize('NFC')).toContain('Nguyễn Phú Trọng visited Beijing in October 2011.');
      const bold = piece.highlights.map((range) => piece.text.slice(range.start, range.end).normalize('NFC'));
      expect(bold).toEqual(expect.arrayContaining(['Nguyễn', 'Phú', 'Trọng', 'Beijing']));
      // Each bold range is whole words: no letter or combining mark just inside or outside either end.
      for (const { start, end } of piece.highlights) {
        expect(piece.text.slice(start - 1, start)).not.toMatch(/[\p{L}\p{M}\p{N}]/u);
        expect(piece.text.slice(end, end + 1)).not.toMatch(/[\p{L}\p{M}\p{N}]/u);
        expect(piece.text.slice(start, start + 1)).not.toMatch(/\p{M}/u);
      }
    });
  });
});
