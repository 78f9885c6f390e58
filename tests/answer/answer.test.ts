import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerQuestion, DEFAULT_ANSWER_TUNING, questionProblem } from '../../src/answer/answer.ts';
import { textFragmentUrl } from '../../src/answer/citation.ts';
import { PIECE_GAP, quoteText } from '../../src/answer/quote.ts';
import { openLibrary } from '../../src/library.ts';
import { inlineLibrary } from '../support/library-files.ts';

const CORPUS = [
  {
    id: 'rivers',
    title: 'The rivers of the delta',
    published: '2022-05-01',
    body: [
      'The Mekong delta is fed by nine branches of the river. Farmers grow rice on its banks.',
      'In 2019 the river ran low. Salt water reached far inland, and the rice harvest failed in many provinces.',
      'Engineers proposed new sluice gates. The government approved them in March 2020.',
    ].join('\n\n'),
  },
  {
    id: 'trade',
    title: 'Trade agreements',
    published: '2023-02-10',
    body: [
      'Vietnam has signed 18 free trade agreements. Exports of electronics grew quickly.',
      'Rice exports also rose, although the delta suffered from salt water in 2019 and 2020.',
      'Critics say the agreements favour large companies. Small farmers see little of the gains.',
    ].join('\n\n'),
  },
  {
    id: 'copy',
    title: 'Trade agreements (syndicated copy)',
    published: '2023-02-11',
    publisher: 'Another Paper',
    body: 'Vietnam has signed 18 free trade agreements. Exports of electronics grew quickly.',
  },
];

describe('answers', () => {
  describe('ranking', () => {
    it('puts the passage that matches the rare words of the question first', async () => {
      const library = await inlineLibrary(CORPUS);
      const answer = await answerQuestion('When were the sluice gates approved?', library);
      expect(answer.abstained).toBe(false);
      expect(answer.results[0]?.passage.id).toBe('rivers#3');
      // The quote joins the two sentences because together they hold every word of the question.
      expect(answer.results[0] && quoteText(answer.results[0].quote)).toBe(
        'Engineers proposed new sluice gates. The government approved them in March 2020.',
      );
    });

    it('quotes the best sentences and marks the matched words; whole sentences are not marked as cut', async () => {
      const library = await inlineLibrary(CORPUS);
      // The sentence chosen itself, without context sentences around it.
      const [first] = (await answerQuestion('salt water harvest', library, { tuning: { contextChars: 0 } }))
        .results;
      expect(first?.passage.id).toBe('rivers#2');
      const quote = first?.quote;
      expect(quote?.pieces).toHaveLength(1);
      const piece = quote?.pieces[0];
      expect(piece?.text).toBe(
        'Salt water reached far inland, and the rice harvest failed in many provinces.',
      );
      // The sentence before is left out, but this one is whole: no "…".
      expect(piece && first?.passage.text.startsWith(piece.text)).toBe(false);
      expect(quote?.cutBefore).toBe(false);
      expect(quote?.cutAfter).toBe(false);
      expect(piece?.highlights.map((range) => piece.text.slice(range.start, range.end))).toEqual([
        'Salt',
        'water',
        'harvest',
      ]);
    });

    it('never quotes the same passage or the same words twice', async () => {
      const library = await inlineLibrary(CORPUS);
      const answer = await answerQuestion('free trade agreements exports electronics', library, {
        limit: 10,
      });
      const ids = answer.results.map((result) => result.passage.id);
      expect(new Set(ids).size).toBe(ids.length);
      const quotes = answer.results.map((result) => quoteText(result.quote));
      expect(new Set(quotes).size).toBe(quotes.length);
      expect(ids.filter((id) => id === 'trade#1' || id === 'copy#1')).toHaveLength(1);
    });

    it('pages through results with offset, and restricts to one article', async () => {
      const library = await inlineLibrary(CORPUS);
      const all = await answerQuestion('rice delta salt', library, { limit: 10 });
      const second = await answerQuestion('rice delta salt', library, { limit: 1, offset: 1 });
      expect(second.results[0]?.passage.id).toBe(all.results[1]?.passage.id);
      expect(second.total).toBe(all.total);
      const onlyTrade = await answerQuestion('rice delta salt', library, { articleId: 'trade' });
      expect(onlyTrade.results.every((result) => result.article.id === 'trade')).toBe(true);
    });

    it('cites title, publisher, date, paragraph and a text-fragment link to the quote', async () => {
      const library = await inlineLibrary(CORPUS);
      const [first] = (await answerQuestion('government approved', library, { tuning: { contextChars: 0 } }))
        .results;
      expect(first?.citation).toEqual({
        title: 'The rivers of the delta',
        publisher: 'Example Press',
        published: '2022-05-01',
        paragraph: 3,
        url: 'https://example.org/rivers',
        link: 'https://example.org/rivers#:~:text=The%20government%20approved%20them%20in%20March%202020.',
      });
    });
  });

  describe('abstaining', () => {
    it(`abstains when the best passage covers no more than ${DEFAULT_ANSWER_TUNING.abstainAtOrBelow} of the question's weight`, async () => {
      const library = await inlineLibrary(CORPUS);
      const answer = await answerQuestion('What is the capital of France?', library);
      expect(answer).toMatchObject({ abstained: true, results: [], total: 0 });
    });

    it('names the nearest articles when something matched, but too weakly', async () => {
      const library = await inlineLibrary(CORPUS);
      const answer = await answerQuestion('penguin migration quantum chromodynamics rice', library);
      expect(answer.abstained).toBe(true);
      expect(answer.nearest.map((article) => article.id)).toContain('rivers');
    });

    it('answers a question whose words are all in the library', async () => {
      const library = await inlineLibrary(CORPUS);
      expect((await answerQuestion('rice', library)).abstained).toBe(false);
    });

    it('refuses empty and over-long questions with a message', () => {
      expect(questionProblem('   ')).toMatch(/empty/u);
      expect(questionProblem('x'.repeat(5000))).toMatch(/too long/u);
      expect(questionProblem('Who?')).toBeNull();
    });
  });

  describe('reading the question', () => {
    const COURSE = [
      {
        id: 'course',
        title: 'A course abroad',
        body: [
          'The course was popular with officials from the provinces. The course lasted three weeks.',
          'Students joined the course eagerly. In the end 20 students joined the course.',
          'Nobody from the delegation spoke to reporters. Lan Nguyen was part of the delegation.',
        ].join('\n\n'),
      },
    ];

    it('prefers the sentence that holds the kind of answer asked for, and marks the answer', async () => {
      const library = await inlineLibrary(COURSE);
      // Without the next sentence as context, to see the choice itself.
      const plain = (await answerQuestion('course', library, { tuning: { contextChars: 0 } })).results.find(
        (r) => r.passage.id === 'course#1',
      );
      expect(plain && quoteText(plain.quote)).toBe(
        'The course was popular with officials from the provinces.',
      );
      const [first] = (
        await answerQuestion('How long was the course?', library, { tuning: { contextChars: 0 } })
      ).results;
      expect(first?.passage.id).toBe('course#1');
      const piece = first?.quote.pieces[0];
      expect(first?.quote.pieces).toHaveLength(1);
      expect(piece?.text).toBe('The course lasted three weeks.');
      expect(piece?.highlights.map((range) => piece.text.slice(range.start, range.end))).toEqual([
        'course',
        'three weeks',
      ]);
    });

    it('a date that is the question\'s own ("in 2016") is not an answer: the neighbour with a new date joins', async () => {
      const library = await inlineLibrary([
        {
          id: 'lemonade',
          title: 'Lemonade',
          body: 'Beyoncé released Lemonade in 2016 as a film and an album. It came out on April 23.',
        },
      ]);
      const [result] = (
        await answerQuestion('When did Beyoncé release Lemonade in 2016?', library, {
          tuning: { contextChars: 0 },
        })
      ).results;
      expect(result && quoteText(result.quote)).toBe(
        'Beyoncé released Lemonade in 2016 as a film and an album. It came out on April 23.',
      );
      const [piece] = result?.quote.pieces ?? [];
      const bold = piece?.highlights.map((range) => piece.text.slice(range.start, range.end));
      expect(bold).toContain('April 23');
      expect(bold).not.toContain('in 2016');
    });

    it('a number for "how many", a name for "who"', async () => {
      const library = await inlineLibrary(COURSE);
      // The sentences chosen themselves, without context sentences around them.
      const noContext = { tuning: { contextChars: 0 } };
      const [many] = (await answerQuestion('How many students joined the course?', library, noContext))
        .results;
      expect(many && quoteText(many.quote)).toBe('In the end 20 students joined the course.');
      const who = (await answerQuestion('Who was in the delegation?', library, noContext)).results.find(
        (r) => r.passage.id === 'course#3',
      );
      expect(who && quoteText(who.quote)).toBe('Lan Nguyen was part of the delegation.');
    });

    it('a verb the library lacks weighs missingVerbFactor of its weight: it is more often paraphrased than a noun', async () => {
      const library = await inlineLibrary([
        {
          id: 'class',
          title: 'Cadres abroad',
          body: 'Lecturers of the class were experts from Guangzhou.\n\nThe officials flew home in October.',
        },
      ]);
      const asked = await answerQuestion('Who taught the class?', library);
      expect(asked.abstained).toBe(false);
      expect(asked.results[0] && quoteText(asked.results[0].quote)).toContain('Lecturers of the class');
      // At full weight "taught" is half the question, and the answer abstains, naming it.
      const full = await answerQuestion('Who taught the class?', library, {
        tuning: { missingVerbFactor: 1 },
      });
      expect(full.abstained).toBe(true);
      expect(full.missing).toEqual(['taught']);
      // A noun the library lacks keeps its weight.
      expect((await answerQuestion('Who were the teachers of the class?', library)).abstained).toBe(true);
    });

    it('does not look for the words that only say what kind of answer is wanted', async () => {
      const library = await inlineLibrary(COURSE);
      const answer = await answerQuestion('What year did the Zorblat delegation visit?', library);
      expect(answer.abstained).toBe(true);
      // "year" is not in the library either, but it only says a date is wanted.
      expect(answer.missing).toEqual(['Zorblat', 'visit']);
      const many = await answerQuestion('How many penguins joined?', library);
      expect(many.missing).toEqual(['penguins']);
    });
  });

  describe('abstentions say why, and what came closest', () => {
    it('name the question words no passage has, as written, and the closest passage, verbatim', async () => {
      const library = await inlineLibrary(CORPUS);
      const answer = await answerQuestion('penguin migration quantum chromodynamics rice', library);
      expect(answer).toMatchObject({ abstained: true, results: [], total: 0 });
      expect(answer.missing).toEqual(['penguin', 'migration', 'quantum', 'chromodynamics']);
      expect(answer.evidence.coverage).toBeGreaterThan(0);
      expect(answer.evidence.coverage).toBeLessThanOrEqual(DEFAULT_ANSWER_TUNING.abstainAtOrBelow);
      const closest = answer.closest;
      expect(closest?.rank).toBe(1);
      expect(closest && quoteText(closest.quote)).toMatch(/\brice\b/iu);
      for (const piece of closest?.quote.pieces ?? []) {
        expect(closest?.article.body.slice(piece.start, piece.end)).toBe(piece.text);
      }
    });

    it('have no closest passage when nothing matched at all', async () => {
      const library = await inlineLibrary(CORPUS);
      const answer = await answerQuestion('What is the capital of France?', library);
      expect(answer).toMatchObject({ abstained: true, closest: null, evidence: { coverage: 0 } });
      expect(answer.missing).toEqual(['capital', 'France']);
    });

    it('answers carry their coverage and no missing words or closest passage', async () => {
      const library = await inlineLibrary(CORPUS);
      const answer = await answerQuestion('salt water harvest', library);
      expect(answer).toMatchObject({
        abstained: false,
        missing: [],
        closest: null,
        evidence: { coverage: 1 },
      });
    });

    it('a name of several words counts fully only where it is written as one run', async () => {
      const library = await inlineLibrary([
        {
          id: 'run',
          title: 'Towers',
          body: 'The Empire State Building was finished in 1931 after a year of work.',
        },
        {
          id: 'scattered',
          title: 'Empires',
          body: 'The old empire fell apart. Each state kept its army. A building programme followed in 1931.',
        },
      ]);
      const question = 'When was the Empire State Building finished?';
      const only = async (articleId: string, namePhraseShare = DEFAULT_ANSWER_TUNING.namePhraseShare) =>
        (await answerQuestion(question, library, { articleId, tuning: { namePhraseShare, pairCoverage: 0 } }))
          .evidence.coverage;
      expect(await only('run')).toBeCloseTo(1, 10);
      // The scattered words hold "empire", "state" and "building" but not the name: they count half.
      const scattered = await only('scattered');
      const asWords = await only('scattered', 1);
      expect(asWords).toBeGreaterThan(0.5);
      expect(scattered).toBeLessThan(asWords);
      expect(scattered).toBeCloseTo(asWords - (1 - DEFAULT_ANSWER_TUNING.namePhraseShare) * asWords, 10);
    });

    it("the question's word pairs side by side add to coverage, up to 1", async () => {
      const library = await inlineLibrary([
        { id: 'together', title: 'Songs', body: 'The state song was adopted by the assembly.' },
        { id: 'apart', title: 'Songs', body: 'The song was adopted by the state assembly.' },
      ]);
      const coverage = async (articleId: string, pairCoverage: number) =>
        (
          await answerQuestion('which state song was adopted', library, {
            articleId,
            tuning: { pairCoverage },
          })
        ).evidence.coverage;
      // Both hold every word ("state", "song", "adopt"): the pairs cannot lift coverage past 1.
      expect(await coverage('together', 0.1)).toBeCloseTo(1, 10);
      expect(await coverage('apart', 0.1)).toBeCloseTo(1, 10);
      const partial = await answerQuestion('which state song was adopted in Ohio', library, {
        articleId: 'together',
        tuning: { pairCoverage: 0.1 },
      });
      const partialApart = await answerQuestion('which state song was adopted in Ohio', library, {
        articleId: 'apart',
        tuning: { pairCoverage: 0.1 },
      });
      // Three pairs ("state song", "song adopt", "adopt ohio"): "state song" is side by side in one only.
      expect(partial.evidence.coverage - partialApart.evidence.coverage).toBeCloseTo(0.1 / 3, 10);
    });

    it('abstain or answer at the threshold given in options.tuning', async () => {
      const library = await inlineLibrary(CORPUS);
      const question = 'penguin migration quantum chromodynamics rice';
      const strict = await answerQuestion(question, library);
      const loose = await answerQuestion(question, library, { tuning: { abstainAtOrBelow: 0 } });
      expect(strict.abstained).toBe(true);
      expect(loose.abstained).toBe(false);
      expect(loose.evidence.coverage).toBeCloseTo(strict.evidence.coverage, 10);
      expect(loose.results[0] && quoteText(loose.results[0].quote)).toBe(
        strict.closest && quoteText(strict.closest.quote),
      );
      // Support is coverage (at most 1) plus bonuses (at most 0.5): a line of 2 is never passed.
      const never = await answerQuestion('salt water harvest', library, { tuning: { abstainAtOrBelow: 2 } });
      expect(never.abstained).toBe(true);
    });
  });

  describe('what the question is about', () => {
    it('an acronym the library does not write is read as the name it writes out, and the answer says so', async () => {
      const library = await inlineLibrary([
        {
          id: 'city',
          title: 'Skylines',
          body: 'New York City has more towers than any other city. The first was built in New York City in 1890.',
        },
        { id: 'other', title: 'Rivers', body: 'The York river is short. The city of York is old.' },
      ]);
      const answer = await answerQuestion('When was the first tower built in NYC?', library);
      expect(answer.abstained).toBe(false);
      expect(answer.readAs).toEqual([{ asked: 'NYC', read: 'New York City' }]);
      expect(answer.results[0]?.article.id).toBe('city');
      expect(answer.results[0] && quoteText(answer.results[0].quote)).toContain('1890');
      // A subject written as an acronym is read the same way: the library has what "NYC" stands for.
      const said = await answerQuestion('What did the builders say about NYC?', library);
      expect(said.evidence.subjectMissing).toBe(false);
    });

    it("naming the best article's title lowers the line to abstain by titleBonus, as far as the library has the question's words", async () => {
      const library = await inlineLibrary(CORPUS);
      const question = 'Which rivers feed the delta with salt?';
      const plain = await answerQuestion(question, library, { tuning: { titleBonus: 0 } });
      const bonus = await answerQuestion(question, library);
      expect(bonus.evidence.titleMatch).toBe(true);
      // "rivers" and "delta" are in one title of the library: the whole bonus.
      expect(bonus.evidence.titleSpecificity).toBe(1);
      expect(bonus.evidence.coverage).toBeCloseTo(plain.evidence.coverage, 10);
      expect(bonus.evidence.support - plain.evidence.support).toBeCloseTo(
        (1 - bonus.evidence.missingShare) * DEFAULT_ANSWER_TUNING.titleBonus,
        10,
      );
      // Between the two lines: answered only with the title's help.
      const line = (plain.evidence.support + bonus.evidence.support) / 2;
      expect(
        (await answerQuestion(question, library, { tuning: { abstainAtOrBelow: line } })).abstained,
      ).toBe(false);
      expect(
        (await answerQuestion(question, library, { tuning: { abstainAtOrBelow: line, titleBonus: 0 } }))
          .abstained,
      ).toBe(true);
      const untitled = await answerQuestion('When did salt water reach inland?', library);
      expect(untitled.evidence.titleMatch).toBe(false);
      // Naming the title with words the library lacks: the more it lacks, the less the title helps.
      const known = await answerQuestion('What did the delta rivers carry?', library);
      const unknown = await answerQuestion(
        'What did the delta rivers carry for penguins and astronauts?',
        library,
      );
      expect(known.evidence.titleMatch && unknown.evidence.titleMatch).toBe(true);
      expect(unknown.evidence.missingShare).toBeGreaterThan(known.evidence.missingShare);
      expect(unknown.evidence.support - unknown.evidence.coverage).toBeLessThan(
        known.evidence.support - known.evidence.coverage,
      );
    });

    it("each of the ten best passages in the best one's article, beyond chance, adds sameArticleBonus", async () => {
      const delta = {
        id: 'delta',
        title: 'Rivers',
        body: [
          'Salt water reached the rice fields.',
          'The rice harvest failed after the salt water came.',
          'Farmers replanted rice when the salt water left.',
        ].join('\n\n'),
      };
      const trade = {
        id: 'trade',
        title: 'Exports',
        body: 'Rice exports rose despite salt water in the fields.',
      };
      const unrelated = Array.from({ length: 6 }, (_, i) => ({
        id: `port-${i}`,
        title: `Port ${i}`,
        body: `Ships of line ${i} docked at the northern port on Tuesdays.`,
      }));
      // Ten passages: the four that match are the candidates, three of them the delta article's, where a random
      // draw of four would put 4 × 3/10.
      const library = await inlineLibrary([delta, trade, ...unrelated]);
      const answer = await answerQuestion('salt water rice fields', library);
      expect(answer.results[0]?.article.id).toBe('delta');
      expect(answer.evidence.sameArticle).toBeCloseTo(3 - (4 * 3) / 10, 10);
      const without = await answerQuestion('salt water rice fields', library, {
        tuning: { sameArticleBonus: 0 },
      });
      expect(answer.evidence.support - without.evidence.support).toBeCloseTo(
        (3 - (4 * 3) / 10) * DEFAULT_ANSWER_TUNING.sameArticleBonus,
        10,
      );
      // With three of the library's four passages in the article, three of the four best being there is chance.
      const small = await answerQuestion('salt water rice fields', await inlineLibrary([delta, trade]));
      expect(small.evidence.sameArticle).toBe(0);
    });

    it('a question whose words are in one sentence has more support than one whose words are scattered', async () => {
      const library = await inlineLibrary([
        {
          id: 'together',
          title: 'Harbour notes',
          body: 'The old lighthouse keeper painted the tower red in 1921. Storms came often.',
        },
        {
          id: 'scattered',
          title: 'Coast notes',
          body: 'The old road was closed. A keeper lived there. Someone painted the tower. It was red.',
        },
      ]);
      const question = 'Which lighthouse keeper painted the tower red?';
      const answer = await answerQuestion(question, library, { tuning: { abstainAtOrBelow: -1 } });
      const together = answer.results.find((result) => result.article.id === 'together');
      expect(answer.results[0]?.article.id).toBe('together');
      expect(together).toBeDefined();
      expect(answer.evidence.sentenceCoverage).toBeCloseTo(answer.evidence.coverage, 10);
      const scattered = await answerQuestion(question, library, {
        articleId: 'scattered',
        tuning: { abstainAtOrBelow: -1 },
      });
      // Every word but "lighthouse" is in the scattered passage, but no sentence has more than two of them.
      expect(scattered.evidence.sentenceCoverage).toBeLessThan(scattered.evidence.coverage - 0.2);
      const unblended = await answerQuestion(question, library, {
        articleId: 'scattered',
        tuning: { abstainAtOrBelow: -1, sentenceShare: 0 },
      });
      expect(unblended.evidence.support - scattered.evidence.support).toBeCloseTo(
        DEFAULT_ANSWER_TUNING.sentenceShare *
          (scattered.evidence.coverage - scattered.evidence.sentenceCoverage),
        10,
      );
    });

    it('a title word that many titles share helps less: titleBonus times its specificity among titles', async () => {
      const health = (i: number) => ({
        id: `health-${i}`,
        title: `Health report ${i}`,
        body: `Clinic ${i} counted ${i + 3} visits in spring.`,
      });
      const shared = await inlineLibrary([
        {
          id: 'delta',
          title: 'Health of the delta',
          body: 'Salt water reached the rice fields of the delta.',
        },
        ...Array.from({ length: 30 }, (_, i) => health(i)),
      ]);
      const alone = await inlineLibrary([
        {
          id: 'delta',
          title: 'Health of the delta',
          body: 'Salt water reached the rice fields of the delta.',
        },
      ]);
      const question = 'What harmed the health of rice fields?';
      const many = await answerQuestion(question, shared);
      const one = await answerQuestion(question, alone);
      expect(many.results[0]?.article.id).toBe('delta');
      expect(many.evidence.titleMatch && one.evidence.titleMatch).toBe(true);
      expect(one.evidence.titleSpecificity).toBe(1);
      expect(many.evidence.titleSpecificity).toBeLessThan(0.2);
      expect(many.evidence.support - many.evidence.coverage).toBeLessThan(
        one.evidence.support - one.evidence.coverage,
      );
    });

    it("a neighbouring sentence's words count half towards the densest sentence; farther ones not at all", async () => {
      const passage = (between: string) =>
        inlineLibrary([
          {
            id: 'course',
            title: 'Notes',
            body: `The training course was held in May. ${between}Participating were twenty students.`,
          },
        ]);
      const question = 'How many students attended the training course?';
      // Coverage without its word-pair part, to compare with the sentence's share.
      const tuning = { pairCoverage: 0 };
      const adjacent = await answerQuestion(question, await passage(''), { tuning });
      const apart = await answerQuestion(question, await passage('The weather was mild. '), { tuning });
      expect(adjacent.evidence.coverage).toBeCloseTo(apart.evidence.coverage, 10);
      expect(adjacent.evidence.sentenceCoverage).toBeLessThan(adjacent.evidence.coverage);
      expect(apart.evidence.sentenceCoverage).toBeLessThan(adjacent.evidence.sentenceCoverage);
      // What the neighbour adds counts half: the densest sentence alone plus half the rest of the passage's share.
      expect(adjacent.evidence.sentenceCoverage).toBeCloseTo(
        apart.evidence.sentenceCoverage +
          0.5 * (adjacent.evidence.coverage - apart.evidence.sentenceCoverage),
        10,
      );
    });

    it('the title bonus counts fully when the question names half the title or more, in proportion below', async () => {
      const body = 'The lighthouse keeper painted the tower red in 1921. Storms came often that year.';
      const short = await inlineLibrary([{ id: 'a', title: 'Lighthouses', body }]);
      const long = await inlineLibrary([
        {
          id: 'a',
          title: 'Lighthouses, harbours, storms and shipping along the northern coast since 1900',
          body,
        },
      ]);
      const question = 'When did the lighthouse keeper paint the tower?';
      const named = await answerQuestion(question, short);
      const glimpsed = await answerQuestion(question, long);
      expect(named.evidence.titleNamed).toBe(1);
      // One of the long title's nine words (stop words aside): a ninth of it, against the half that names it whole.
      expect(glimpsed.evidence.titleNamed).toBeCloseTo(1 / 9, 10);
      const titleBonus = (answer: typeof named) =>
        answer.evidence.support -
        (1 - DEFAULT_ANSWER_TUNING.sentenceShare) * answer.evidence.coverage -
        DEFAULT_ANSWER_TUNING.sentenceShare * answer.evidence.sentenceCoverage -
        (1 - answer.evidence.missingShare) * DEFAULT_ANSWER_TUNING.topicBonus * answer.evidence.topicShare -
        DEFAULT_ANSWER_TUNING.sameArticleBonus * answer.evidence.sameArticle;
      expect(titleBonus(named)).toBeCloseTo(
        (1 - named.evidence.missingShare) * DEFAULT_ANSWER_TUNING.titleBonus,
        10,
      );
      expect(titleBonus(glimpsed)).toBeCloseTo(
        (1 - glimpsed.evidence.missingShare) *
          DEFAULT_ANSWER_TUNING.titleBonus *
          (1 / 9 / DEFAULT_ANSWER_TUNING.titleNamedShare),
        10,
      );
    });

    it("a word that is every article's topic is none's: the other articles' share is taken off", async () => {
      const life = [
        'Chopin was born in 1810 near Warsaw.',
        'Chopin left Poland at twenty.',
        'In Paris, Chopin taught piano to wealthy pupils.',
        'Chopin met George Sand in 1836.',
        'The winters on Majorca were wet.',
        'Chopin died in Paris in 1849.',
      ];
      const works = [
        'Chopin wrote mazurkas all his life.',
        'The ballades of Chopin are long.',
        'Chopin wrote two piano concertos.',
        'Chopin dedicated the etudes to Liszt.',
        'Polonaises were a Polish dance.',
      ];
      const library = await inlineLibrary([
        { id: 'life', title: 'A life', body: life.join('\n\n') },
        { id: 'works', title: 'The works', body: works.join('\n\n') },
      ]);
      const answer = await answerQuestion('Whom did Chopin teach piano?', library);
      expect(answer.results[0]?.article.id).toBe('life');
      // In 5 of the life's 6 passages and 4 of the works' 5.
      expect(answer.evidence.topicShare).toBeCloseTo(5 / 6 - 4 / 5, 10);
    });

    it('a question about what was said about something the library has no word of abstains, naming it', async () => {
      const library = await inlineLibrary([
        {
          id: 'council',
          title: 'Budget night',
          body: [
            'The city council said property taxes would rise by 4 percent. The city council met on Monday.',
            'The city council warned that floods could close the harbour road.',
          ].join('\n\n'),
        },
      ]);
      const bananas = await answerQuestion('What did the city council say about bananas?', library);
      // "city council" holds more of the question than the line asks; "bananas", what was said about, is nowhere.
      expect(bananas.evidence.support).toBeGreaterThan(DEFAULT_ANSWER_TUNING.abstainAtOrBelow);
      expect(bananas.evidence.subjectMissing).toBe(true);
      expect(bananas.abstained).toBe(true);
      expect(bananas.missing).toEqual(['bananas']);
      const taxes = await answerQuestion('What did the city council say about taxes?', library);
      expect(taxes.evidence.subjectMissing).toBe(false);
      expect(taxes.results[0] && quoteText(taxes.results[0].quote)).toContain('4 percent');
      // Part of it is enough: the library may say something about taxes and bananas.
      const both = await answerQuestion('What did the city council say about taxes and bananas?', library);
      expect(both.evidence.subjectMissing).toBe(false);
    });

    it("a question whose words are the best article's topic has its share of topicBonus added", async () => {
      const paragraphs = [
        'Chopin was born in 1810 near Warsaw.',
        'Chopin left Poland at twenty.',
        'In Paris, Chopin taught piano to wealthy pupils.',
        'Chopin met George Sand in 1836.',
        'The winters on Majorca were wet.',
        'Chopin died in Paris in 1849.',
      ];
      const library = await inlineLibrary([{ id: 'chopin', title: 'A life', body: paragraphs.join('\n\n') }]);
      const answer = await answerQuestion('Whom did Chopin teach piano?', library);
      expect(answer.evidence.topicShare).toBeCloseTo(5 / 6, 10);
      expect(answer.evidence.support - answer.evidence.coverage).toBeCloseTo(
        (1 - answer.evidence.missingShare) * DEFAULT_ANSWER_TUNING.topicBonus * (5 / 6) +
          DEFAULT_ANSWER_TUNING.sameArticleBonus * answer.evidence.sameArticle,
        10,
      );
      // "Majorca" is in one passage of six: not what the article is about.
      const aside = await answerQuestion('Were the Majorca winters wet?', library);
      expect(aside.evidence.topicShare).toBe(0);
    });
  });

  describe('misspelt words', () => {
    it("are searched as the library's word they are one letter from, and the answer says so", async () => {
      const library = await inlineLibrary(CORPUS);
      const answer = await answerQuestion('When did the government approve the sluise gates?', library);
      expect(answer.abstained).toBe(false);
      expect(answer.evidence.corrections).toEqual({ sluis: 'sluic' });
      expect(answer.readAs).toEqual([{ asked: 'sluise', read: 'sluice' }]);
      expect(answer.results[0] && quoteText(answer.results[0].quote)).toContain('March 2020');
      expect(answer.missing).toEqual([]);
    });

    it('count as missing when the word they were read as is no slip of the word asked', async () => {
      const library = await inlineLibrary([
        {
          id: 'law',
          title: 'Citizenship',
          body: 'The federal nationality law of 1913 set out who was a citizen. It was amended in 1999.',
        },
      ]);
      // "Frédéric" stems to "freder", one letter from "federal"'s "feder"; the words are three apart.
      const answer = await answerQuestion("What was Frédéric's nationality?", library);
      expect(answer.evidence.corrections).toEqual({ freder: 'feder' });
      expect(answer.abstained).toBe(true);
      expect(answer.missing).toEqual(['Frédéric']);
      expect(answer.readAs).toEqual([]);
      expect(answer.evidence.missingShare).toBeGreaterThan(0.4);
      // A slip of the same kind is still read as the library's word: "federl" for "federal".
      const slip = await answerQuestion('When was the federl nationality law amended?', library);
      expect(slip.evidence.corrections).toEqual({ federl: 'feder' });
      expect(slip.abstained).toBe(false);
      expect(slip.readAs).toEqual([{ asked: 'federl', read: 'federal' }]);
    });

    it('are not guessed for English words the library lacks ("islands" is not "inland")', async () => {
      const library = await inlineLibrary(CORPUS);
      const answer = await answerQuestion('Which islands grow coffee?', library);
      expect(answer.evidence.corrections).toEqual({});
      expect(answer.abstained).toBe(true);
      expect(answer.missing).toEqual(['islands', 'coffee']);
    });
  });

  describe('context', () => {
    it('a one-sentence quote takes the next sentence while both fit in contextChars', async () => {
      const library = await inlineLibrary([
        {
          id: 'course',
          title: 'A course abroad',
          body: 'The course was popular with officials from the provinces. The course lasted three weeks.',
        },
      ]);
      const [withContext] = (await answerQuestion('popular with officials', library)).results;
      expect(withContext && quoteText(withContext.quote)).toBe(
        'The course was popular with officials from the provinces. The course lasted three weeks.',
      );
      expect(withContext?.quote.pieces).toHaveLength(1);
      const [alone] = (
        await answerQuestion('popular with officials', library, { tuning: { contextChars: 60 } })
      ).results;
      expect(alone && quoteText(alone.quote)).toBe(
        'The course was popular with officials from the provinces.',
      );
      expect(alone?.quote.cutAfter).toBe(false);
    });

    it('with no next sentence to take, a one-sentence quote takes the one before while both fit', async () => {
      const library = await inlineLibrary([
        {
          id: 'course',
          title: 'A course abroad',
          body: 'The course lasted three weeks. Officials from the provinces found it popular.',
        },
      ]);
      const [withContext] = (await answerQuestion('popular with officials', library)).results;
      expect(withContext && quoteText(withContext.quote)).toBe(
        'The course lasted three weeks. Officials from the provinces found it popular.',
      );
      const [alone] = (
        await answerQuestion('popular with officials', library, {
          tuning: { contextChars: 60, anaphora: false },
        })
      ).results;
      expect(alone && quoteText(alone.quote)).toBe('Officials from the provinces found it popular.');
    });

    it('context sentences join, next ones first, while they fit in contextChars and three sentences', async () => {
      const library = await inlineLibrary([
        {
          id: 'course',
          title: 'A course abroad',
          body:
            'Lunch was served at noon. The course was popular with officials from the provinces. ' +
            'The course lasted three weeks. A banquet closed it. Certificates were handed out later.',
        },
      ]);
      const quoteFor = async (contextChars: number) => {
        const [result] = (
          await answerQuestion('popular with officials', library, { tuning: { contextChars } })
        ).results;
        return result && quoteText(result.quote);
      };
      expect(await quoteFor(500)).toBe(
        'The course was popular with officials from the provinces. The course lasted three weeks. A banquet closed it.',
      );
      // Room for one more sentence only: the next one, not the one before.
      expect(await quoteFor(90)).toBe(
        'The course was popular with officials from the provinces. The course lasted three weeks.',
      );
    });

    it('a sentence too long to quote whole is cut around its matched words, and marked cut on both sides', async () => {
      const filler = (word: string, count: number) => Array.from({ length: count }, () => word).join(' ');
      const sentence = `The council met ${filler('again', 120)} and approved the sluice gates ${filler('later', 120)} in March.`;
      const library = await inlineLibrary([
        { id: 'long', title: 'Minutes', body: `Short opening line. ${sentence}` },
      ]);
      const [result] = (await answerQuestion('approved sluice gates', library)).results;
      const piece = result?.quote.pieces[0];
      expect(piece?.text).toContain('approved the sluice gates');
      expect(piece && piece.text.length < sentence.length).toBe(true);
      expect(result?.quote.cutBefore).toBe(true);
      expect(result?.quote.cutAfter).toBe(true);
    });

    it('a quoted sentence that opens by pointing back ("These processes…") takes the sentence it points to', async () => {
      const library = await inlineLibrary([
        {
          id: 'solar',
          title: 'Solar fuels',
          body:
            'Solar chemical processes use sunlight to drive chemical reactions. ' +
            'These processes can turn sunlight into storable fuels. Hydrogen is one example.',
        },
      ]);
      const question = 'what turns sunlight into storable fuels?';
      const noContext = { contextChars: 0 };
      const [withAntecedent] = (await answerQuestion(question, library, { tuning: noContext })).results;
      expect(withAntecedent && quoteText(withAntecedent.quote)).toBe(
        'Solar chemical processes use sunlight to drive chemical reactions. These processes can turn sunlight into storable fuels.',
      );
      const [alone] = (await answerQuestion(question, library, { tuning: { ...noContext, anaphora: false } }))
        .results;
      expect(alone && quoteText(alone.quote)).toBe('These processes can turn sunlight into storable fuels.');
    });
  });

  describe('joined quotes', () => {
    const TRAINING = [
      {
        id: 'training',
        title: 'Cadre training abroad',
        body:
          'The first course for provincial cadres opened in Beijing. Lunch was served at noon every day. ' +
          'Most of the participants were young district officials. ' +
          'The course ran from September 19-26 and ended with a banquet.',
      },
    ];

    it('join two non-adjacent sentences of one passage, each piece verbatim, and cite both', async () => {
      const library = await inlineLibrary(TRAINING);
      const [first] = (await answerQuestion('provincial cadres banquet', library)).results;
      const quote = first?.quote;
      expect(quote?.pieces.map((piece) => piece.text)).toEqual([
        'The first course for provincial cadres opened in Beijing.',
        'The course ran from September 19-26 and ended with a banquet.',
      ]);
      expect(quote && quoteText(quote)).toBe(
        `The first course for provincial cadres opened in Beijing.${PIECE_GAP}The course ran from September 19-26 and ended with a banquet.`,
      );
      expect(quote?.cutBefore).toBe(false);
      expect(quote?.cutAfter).toBe(false);
      for (const piece of quote?.pieces ?? []) {
        expect(first?.article.body.slice(piece.start, piece.end)).toBe(piece.text);
      }
      expect(first?.citation.link).toBe(
        'https://example.org/training#:~:text=The%20first%20course%20for%20provincial%20cadres%20opened%20in%20Beijing.&text=The%20course%20ran%20from%20September%2019%2D26%20and%20ended%20with%20a%20banquet.',
      );
    });
  });

  describe('what was said', () => {
    const LEAK = [
      {
        id: 'leak',
        title: 'A leaked paper',
        body:
          'A rare view of what the party thinks of foreign ties came in a leaked paper. ' +
          'Activists obtained the paper last year, and several outlets have cited it since then. ' +
          'Its authenticity has not been disputed by anyone in the government. ' +
          'The paper warns of “hostile forces” entering through trade, tourism and study abroad.',
      },
    ];

    it('"what did X say about Y" quotes what was said, up to three sentences after the one naming it, after "…"', async () => {
      const library = await inlineLibrary(LEAK);
      const [first] = (await answerQuestion('What did the party say about foreign ties?', library)).results;
      expect(first?.quote.pieces.map((piece) => piece.text)).toEqual([
        'A rare view of what the party thinks of foreign ties came in a leaked paper.',
        'The paper warns of “hostile forces” entering through trade, tourism and study abroad.',
      ]);
      const last = first?.quote.pieces[1];
      expect(last?.highlights.map((range) => last.text.slice(range.start, range.end))).toEqual([
        'warns',
        '“hostile forces”',
      ]);
      // Other kinds look only next door: the sentence that names the party, and its context.
      const [other] = (await answerQuestion('What party ties came in a leaked paper?', library)).results;
      expect(other?.quote.pieces).toHaveLength(1);
    });
  });

  describe('quotes are verbatim', () => {
    it('every quote is the article body cut at its offsets, for arbitrary questions (property)', async () => {
      const library = await inlineLibrary(CORPUS);
      const vocabulary = [...library.passages.values()].flatMap((passage) => passage.text.split(/\s+/u));
      const question = fc.oneof(
        fc.string({ maxLength: 80 }),
        fc
          .array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 12 })
          .map((words) => words.join(' ')),
      );
      await fc.assert(
        fc.asyncProperty(question, fc.integer({ min: 1, max: 5 }), async (text, limit) => {
          if (questionProblem(text)) return;
          for (const result of (await answerQuestion(text, library, { limit })).results) {
            expect(result.quote.pieces.length).toBeGreaterThan(0);
            for (const piece of result.quote.pieces) {
              expect(result.article.body.slice(piece.start, piece.end)).toBe(piece.text);
              expect(result.passage.start).toBeLessThanOrEqual(piece.start);
              expect(piece.end).toBeLessThanOrEqual(result.passage.end);
              for (const range of piece.highlights) {
                expect(range.start).toBeGreaterThanOrEqual(0);
                expect(range.end).toBeLessThanOrEqual(piece.text.length);
              }
            }
          }
        }),
        { numRuns: 300 },
      );
    });
  });
});

describe('text fragment links', () => {
  it('encodes the characters that text directives reserve', () => {
    expect(textFragmentUrl('https://x.org/a', 'Vietnam-China, & more')).toBe(
      'https://x.org/a#:~:text=Vietnam%2DChina%2C%20%26%20more',
    );
  });

  it('gives each of several texts its own directive, joined by "&", skipping empty ones', () => {
    expect(textFragmentUrl('https://x.org/a', ['First part.', '  ', 'Second-part, & more'])).toBe(
      'https://x.org/a#:~:text=First%20part.&text=Second%2Dpart%2C%20%26%20more',
    );
    expect(textFragmentUrl('https://x.org/a#:~:text=old', ['new'])).toBe('https://x.org/a#:~:text=new');
    expect(textFragmentUrl('https://x.org/a', [])).toBe('https://x.org/a');
  });

  it('uses start and end words for a long quote, and keeps an existing fragment', () => {
    const long =
      'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen';
    expect(textFragmentUrl('https://x.org/a#top', long)).toBe(
      'https://x.org/a#top:~:text=one%20two%20three%20four%20five,thirteen%20fourteen%20fifteen%20sixteen%20seventeen',
    );
  });
});

const seedData = new URL('../../data', import.meta.url).pathname;
describe('the seed library', () => {
  it.skipIf(!existsSync(`${seedData}/articles/hostile-forces.md`))(
    'answers "Who obtained Directive 24?" with the Project88 sentence of the leaked-document article',
    async () => {
      const library = await openLibrary({ dataDir: seedData, indexFile: '/dev/null/never' });
      const [first] = (await answerQuestion('Who obtained Directive 24?', library)).results;
      expect(first?.article.id).toBe('hostile-forces');
      expect(first && quoteText(first.quote)).toContain(
        'Project88, was able to get the paper, also known as Directive 24.',
      );
      expect(first?.citation.paragraph).toBe(3);
    },
  );
});
