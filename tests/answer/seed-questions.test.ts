import { beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer/answer.ts';
import { quoteText } from '../../src/answer/quote.ts';
import { type Library, openLibrary } from '../../src/library.ts';

/*
 * The questions a new member asks of the two seed articles (issue #11), in their own words, and the words of the
 * articles that answer each: the answer must be inside a quote of the first `within` results. These are the
 * library's facts, read off the articles, not what the code happened to print.
 */
const seedData = new URL('../../data', import.meta.url).pathname;

// biome-ignore format: a table reads better packed
const ANSWERED: ReadonlyArray<readonly [question: string, answer: string, within: number]> = [
  ['how many students attended the training class?', '20 students', 1],
  ['how long was the training?', 'September 19-26', 1],
  ['how long did the training last?', 'September 19-26', 1],
  ['what does sinocize mean?', 'Sinocize” the Vietnamese leadership team', 1],
  ['what happens to dissidents?', 'Prison sentences for dissidents are common', 1],
  ['are dissidents jailed?', 'Prison sentences for dissidents are common', 1],
  ['what does Directive 24 warn about?', '“hostile and reactionary forces”', 1],
  ['what did the party say about foreign influence?', '“hostile and reactionary forces”', 1],
  ['who issued Directive 24?', 'released by the Politburo', 1],
  ['who obtained Directive 24?', 'Project88, was able to get the paper', 1],
  ['who leaked the document?', 'leaked internal paper from the Politburo', 1],
  // "taught" is in neither article: the answer says "Lecturers".
  ['who taught the class?', 'Lecturers and class presenters are Chinese experts', 3],
];

const OFF_TOPIC: readonly string[] = [
  'What is the recipe for chocolate cake?',
  'Who won the 2018 football World Cup?',
  'What did Vietnam say about bananas and the moon landing?',
];

describe('the seed library answers the questions members ask of it', () => {
  let library: Library;
  beforeAll(async () => {
    library = await openLibrary({ dataDir: seedData, indexFile: '/dev/null/never' });
  });

  it.each(ANSWERED)('%s → "%s" (within %i)', async (question, answer, within) => {
    const result = await answerQuestion(question, library);
    expect(result.abstained).toBe(false);
    const quotes = result.results.slice(0, within).map((r) => quoteText(r.quote));
    expect(quotes.some((quote) => quote.includes(answer))).toBe(true);
  });

  it.each(OFF_TOPIC)('abstains on %s', async (question) => {
    expect((await answerQuestion(question, library)).abstained).toBe(true);
  });
});
