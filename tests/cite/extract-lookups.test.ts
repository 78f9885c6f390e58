import { describe, expect, it } from 'vitest';
import {
  extractLookups,
  LONG_LOOKUP_CHARS,
  MAX_INPUT_CHARS,
  MAX_LOOKUPS,
} from '../../src/cite/extract-lookups.ts';

const texts = (message: string) => extractLookups(message).map((lookup) => lookup.text);

describe('extracting what to look up', () => {
  describe('quotation marks', () => {
    it('takes text inside straight, curly, guillemet, low-high and corner quotes', () => {
      expect(texts('He said "rains in Beijing today" then')).toEqual(['rains in Beijing today']);
      expect(texts('He said “rains in Beijing today” then')).toEqual(['rains in Beijing today']);
      expect(texts('Il a dit « rains in Beijing today » puis')).toEqual(['rains in Beijing today']);
      expect(texts('Er sagte „rains in Beijing today“ dann')).toEqual(['rains in Beijing today']);
      expect(texts('She wrote 「rains in Beijing today」 here')).toEqual(['rains in Beijing today']);
    });

    it('looks up each of several quotes separately', () => {
      const lookups = extractLookups('First “one two three four” and then "five six seven eight".');
      expect(lookups.map((l) => l.text)).toEqual(['one two three four', 'five six seven eight']);
      expect(lookups.every((l) => l.origin === 'quote')).toBe(true);
    });

    it('takes single quotes only when they clearly open and close a quote', () => {
      expect(texts("He said 'it rains in Beijing' yesterday")).toEqual(['it rains in Beijing']);
      expect(texts('He said ‘it rains in Beijing’ yesterday')).toEqual(['it rains in Beijing']);
      // Apostrophes are not quotes: the whole message is looked up.
      const message = "China’s leaders don't say the cadres' training is over";
      expect(extractLookups(message)).toEqual([{ text: message, origin: 'message', sentence: false }]);
    });

    it('keeps the outer quote when quotes are nested', () => {
      expect(texts('“He called it ‘a very bad plan’ on Monday”')).toEqual([
        'He called it ‘a very bad plan’ on Monday',
      ]);
    });

    it('ignores quoted fragments too short to source, and looks up the whole message instead', () => {
      const message = 'The article calls it "Sinocize" and talks of “hostile forces” a lot';
      expect(extractLookups(message)).toEqual([{ text: message, origin: 'message', sentence: false }]);
    });

    it('keeps the long quotes when short ones are dropped', () => {
      expect(texts('“Sinocize” but also “it rains in Beijing”')).toEqual(['it rains in Beijing']);
    });
  });

  describe('block quotes', () => {
    it('joins consecutive "> " lines into one quote', () => {
      const lookups = extractLookups(
        'Is this real?\n> It rains in Beijing,\n> Hanoi holds up an umbrella\nThanks',
      );
      expect(lookups).toEqual([
        { text: 'It rains in Beijing,\nHanoi holds up an umbrella', origin: 'block-quote', sentence: false },
      ]);
    });
    it('treats ">>> " as quoting the rest of the message', () => {
      expect(texts('Source?\n>>> It rains in Beijing,\nHanoi holds up an umbrella')).toEqual([
        'It rains in Beijing,\nHanoi holds up an umbrella',
      ]);
    });
    it('looks up block quotes and quotation marks of the same message', () => {
      expect(texts('> one two three four\nand "five six seven"')).toEqual([
        'one two three four',
        'five six seven',
      ]);
    });
  });

  describe('whole messages', () => {
    it('drops links, mentions and formatting marks', () => {
      expect(texts('<@123> **Political opposition is not allowed** https://x.example/y')).toEqual([
        'Political opposition is not allowed',
      ]);
    });
    it('gives nothing for fewer than three words', () => {
      expect(extractLookups('hello there')).toEqual([]);
      expect(extractLookups('   ')).toEqual([]);
    });
  });

  describe('long inputs', () => {
    const sentence = 'Prison sentences for dissidents are common in many places of the world.';
    it('cuts texts over the long-lookup length into sentences', () => {
      const message = Array.from({ length: 6 }, (_, i) => sentence.replace('many', `${i + 2}`)).join(' ');
      expect(message.length).toBeGreaterThan(LONG_LOOKUP_CHARS);
      const lookups = extractLookups(message);
      expect(lookups).toHaveLength(6);
      expect(lookups.every((l) => l.sentence && l.origin === 'message')).toBe(true);
    });
    it('keeps a short multi-sentence quote whole', () => {
      expect(texts('“One two three. Four five six.”')).toEqual(['One two three. Four five six.']);
    });
    it('reads at most 4,000 characters and makes at most the maximum number of lookups', () => {
      const message = Array.from({ length: 200 }, (_, i) => `Sentence number ${i} is here.`).join(' ');
      const lookups = extractLookups(message);
      expect(lookups.length).toBe(MAX_LOOKUPS);
      const tail = extractLookups(`${'word '.repeat(MAX_INPUT_CHARS / 5)}"it rains in Beijing"`);
      expect(tail.map((l) => l.text)).not.toContain('it rains in Beijing');
    });
    it('looks up a repeated quote once', () => {
      expect(texts('"it rains in Beijing" and again “It rains in Beijing”')).toEqual(['it rains in Beijing']);
    });
  });
});
