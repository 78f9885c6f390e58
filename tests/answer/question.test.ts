import { describe, expect, it } from 'vitest';
import { expandContractions, readQuestion } from '../../src/answer/question.ts';

/** The question's content with runs of spaces collapsed, for comparing. */
function contentOf(question: string): string {
  return readQuestion(question).content.replace(/\s+/gu, ' ').trim();
}

describe('reading a question', () => {
  describe('the kind of answer it asks for', () => {
    it.each([
      ['How long did the training last?', 'duration'],
      ['For how many years were cadres trained?', 'duration'],
      ['How many students were trained?', 'number'],
      ['How much rice was exported?', 'number'],
      ['When were the sluice gates approved?', 'date'],
      ['What year did Vietnam join the WTO?', 'date'],
      ['Who obtained Directive 24?', 'person'],
      ['Where was the summit held?', 'place'],
      ['In which city did the course open?', 'place'],
      ['Why does Vietnam let China train its cadres?', 'reason'],
      ['What did the party say about foreign influence?', 'statement'],
      ['What does Directive 24 warn about?', 'statement'],
      ['What does Directive 24 say?', 'statement'],
      // What was written on a box is a thing, not something said.
      ['What did Chopin write on the box?', null],
      ['Who said the party was right?', 'person'],
    ] as const)('%s → %s', (question, kind) => {
      expect(readQuestion(question).kind).toBe(kind);
    });

    it('"how long" is a duration, not a number, though "how many" is a number', () => {
      expect(readQuestion('How long, and how many times?').kind).toBe('duration');
    });

    it('reads the kind whatever the case of the question', () => {
      expect(readQuestion('WHO OBTAINED DIRECTIVE 24?').kind).toBe('person');
      expect(readQuestion('what YEAR was it?').kind).toBe('date');
    });

    it('is null when the question words do not say', () => {
      expect(readQuestion('What happened at the summit?').kind).toBeNull();
      expect(readQuestion('salt water harvest').kind).toBeNull();
    });
  });

  describe('definitions', () => {
    it('"what does X mean" asks for a definition of X', () => {
      expect(readQuestion('What does sinocize mean?')).toMatchObject({
        kind: 'definition',
        subject: 'sinocize',
      });
    });

    it('takes the subject out of quotes, and knows "stand for" and "the meaning of"', () => {
      expect(readQuestion('What does "peaceful evolution" mean?').subject).toBe('peaceful evolution');
      expect(readQuestion('What does ASEAN stand for?')).toMatchObject({
        kind: 'definition',
        subject: 'asean',
      });
      expect(readQuestion('What is the meaning of doi moi?')).toMatchObject({
        kind: 'definition',
        subject: 'doi moi',
      });
    });

    it('has for a statement what was said about, when the question says', () => {
      expect(readQuestion('What did the party say about foreign influence?')).toMatchObject({
        kind: 'statement',
        subject: 'foreign influence',
      });
      expect(readQuestion('What does the report warn of?').subject).toBe(undefined);
      expect(readQuestion('What did he think of the plan?').subject).toBe('the plan');
      // As written, for acronyms to be read: "NYC" is "New York City" where the library writes that.
      expect(readQuestion('What did Beyoncé say about NYC?').subject).toBe('NYC');
      expect(readQuestion('What does Directive 24 warn about?').subject).toBeUndefined();
    });

    it('has no subject for other kinds', () => {
      expect(readQuestion('Who obtained Directive 24?').subject).toBeUndefined();
      expect(readQuestion('Who wrote about the floods?').subject).toBeUndefined();
    });
  });

  describe('contractions', () => {
    it('are written out in the text', () => {
      expect(readQuestion("Why don't farmers grow rice?").text).toBe('Why do not farmers grow rice?');
      expect(expandContractions("They're sure it won't rain, but I'm not; who's right?")).toBe(
        'They are sure it will not rain, but I am not; who is right?',
      );
      expect(expandContractions('It can’t be: they’ve left.')).toBe('It cannot be: they have left.');
    });

    it('do not hide the kind of answer', () => {
      expect(readQuestion("Who's the president?")).toMatchObject({
        text: 'Who is the president?',
        kind: 'person',
      });
    });
  });

  describe('its content', () => {
    it('drops the words that only say what kind of answer is wanted', () => {
      expect(contentOf('How many students were trained?')).toBe('students were trained?');
      expect(contentOf('What year did Vietnam join the WTO?')).toBe('did Vietnam join the WTO?');
      expect(contentOf('What is the name of the river?')).toBe('the river?');
      // "last" stays: passages say "the earthquake lasted 2 minutes".
      expect(contentOf('How long did the training last?')).toBe('did the training last?');
    });

    it('marks "last" and "take" after "how long" as soft: they half say a duration is wanted', () => {
      expect(readQuestion('How long did the training last?').soft).toEqual(['last']);
      expect(readQuestion('How long did it take to build?').soft).toEqual(['take']);
      expect(readQuestion('When did the last war take place?').soft).toEqual([]);
    });

    it('keeps the rest of the question as written', () => {
      expect(readQuestion('Who obtained Directive 24?').content).toBe('Who obtained Directive 24?');
      expect(contentOf('What does sinocize mean?')).toBe('What does sinocize');
    });

    it('drops "say/think/feel about": what was said is the answer, not what to look for', () => {
      expect(contentOf('What did the party say about foreign influence?')).toBe(
        'What did the party about foreign influence?',
      );
      expect(contentOf('What do critics think of the film?')).toBe('What do critics of the film?');
      expect(contentOf('What does Directive 24 say?')).toBe('What does Directive 24');
      // Said with no "about", not last: a content word ("What was said in the letter?").
      expect(contentOf('Who said the party was right?')).toBe('Who said the party was right?');
    });

    it('drops "the article" when the question asks what the library itself says', () => {
      expect(contentOf('What does the article say about civil society?')).toBe(
        'What does about civil society?',
      );
      expect(readQuestion('What does the article say about civil society?')).toMatchObject({
        kind: 'statement',
        subject: 'civil society',
      });
      expect(contentOf('Do any sources mention the embargo?')).toBe('Do mention the embargo?');
      // Elsewhere "article" is a word to look for: "Which article of the constitution…".
      expect(contentOf('Which article of the constitution bans parties?')).toBe(
        'Which article of the constitution bans parties?',
      );
    });

    it('drops those words wherever they are, in any case', () => {
      expect(contentOf('Rice exports grew HOW MUCH in WHAT YEAR?')).toBe('Rice exports grew ?');
    });
  });
});
