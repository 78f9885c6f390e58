import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/corpus/types.ts';
import {
  type AnswerForButtons,
  type AskButtonsFor,
  articleOfPress,
  askButtons,
  type DecodedAskButton,
  decodeAskButton,
  encodeAskButton,
  questionLine,
  questionOfPress,
} from '../../src/discord/ask-buttons.ts';
import { decodeCustomId, shortHash } from '../../src/discord/custom-id.ts';
import { UserFacingError } from '../../src/discord/interaction-errors.ts';

const ASKER = '123456789012345678';

/** A press decoded from a button as Discord hands it back: the custom_id's fields after `ask:`. */
function pressOf(customId: string): DecodedAskButton {
  const { prefix, fields } = decodeCustomId(customId);
  expect(prefix).toBe('ask');
  const state = decodeAskButton(fields);
  if (!state) throw new Error(`not an /ask button: ${customId}`);
  return state;
}

/** The buttons of an answer message, by label, each with its custom_id. */
function buttonsOf(answer: AnswerForButtons, options: AskButtonsFor): Map<string, string> {
  const out = new Map<string, string>();
  for (const row of askButtons(answer, options))
    for (const b of row.components) if ('custom_id' in b && 'label' in b) out.set(b.label ?? '', b.custom_id);
  return out;
}

function article(id: string): Article {
  return {
    id,
    title: `Title of ${id}`,
    url: `https://example.org/${id}`,
    publisher: 'Example',
    published: '2024-01-01',
    tags: [],
    body: 'Body.',
    file: `${id}.md`,
  };
}

describe('/ask button protocol', () => {
  describe('custom_id encoding', () => {
    const snowflake = fc.bigInt({ min: 10n ** 16n, max: 2n ** 63n }).map(String);
    it('always fits in 100 characters and decodes to the same state (question inline or hashed)', () => {
      fc.assert(
        fc.property(
          fc.constantFrom('more', 'public', 'delete', 'closest', 'everything') as fc.Arbitrary<
            'more' | 'public' | 'delete' | 'closest' | 'everything'
          >,
          fc.nat({ max: 500 }),
          snowflake,
          fc.string({ minLength: 1, maxLength: 300 }),
          fc.option(fc.stringMatching(/^[a-z0-9-]{1,120}$/), { nil: undefined }),
          (action, offset, askerId, question, articleId) => {
            const id = encodeAskButton({ action, offset, askerId, question, articleId });
            expect(id.length).toBeLessThanOrEqual(100);
            const state = pressOf(id);
            expect(state).toMatchObject({ action, offset, askerId });
            if ('text' in state.question) expect(state.question.text).toBe(question);
            else expect(state.question).toEqual({ hash: shortHash(question) });
            if (articleId === undefined) expect(state.article).toBeNull();
            else if (state.article && 'id' in state.article) expect(state.article.id).toBe(articleId);
            else expect(state.article).toEqual({ hash: shortHash(articleId) });
          },
        ),
      );
    });

    it('rejects ids of another shape', () => {
      expect(decodeAskButton(['x', '0', '1', '', '=q'])).toBeNull();
      expect(decodeAskButton(['m'])).toBeNull();
      expect(decodeAskButton(['m', '-1', '1', '', '=q'])).toBeNull();
    });
  });

  describe('reading the question back', () => {
    it('takes a question that fits from the custom_id', () => {
      const press = pressOf(encodeAskButton({ action: 'more', offset: 3, askerId: ASKER, question: 'Who?' }));
      expect(questionOfPress(press, 'anything')).toBe('Who?');
    });

    it("reads a long question back from the message's first line, markdown and all", () => {
      const question = `Why did *Project_88* say "no" ${'and then why '.repeat(12)}?`;
      const press = pressOf(encodeAskButton({ action: 'more', offset: 3, askerId: ASKER, question }));
      expect('hash' in press.question).toBe(true);
      const message = `${questionLine(question)}\n\n> a quote`;
      expect(questionOfPress(press, message)).toBe(question);
    });

    it('refuses, with a message for the user, a first line whose hash does not match', () => {
      const question = 'x'.repeat(120);
      const press = pressOf(encodeAskButton({ action: 'more', offset: 3, askerId: ASKER, question }));
      expect(() => questionOfPress(press, `${questionLine('y'.repeat(120))}\n`)).toThrow(UserFacingError);
      expect(() => questionOfPress(press, 'no bold line here')).toThrow(/ask it again/);
    });
  });

  describe('finding the article back', () => {
    const short = article('directive-24');
    const long = article(`a-${'very-long-slug-'.repeat(6)}`);
    const articles = new Map([short, long].map((a) => [a.id, a]));

    it('by id, or by the hash of an id too long for the custom_id; none for the whole library', () => {
      for (const wanted of [short, long]) {
        const press = pressOf(
          encodeAskButton({ action: 'more', offset: 0, askerId: ASKER, question: 'q', articleId: wanted.id }),
        );
        expect(articleOfPress(press, articles)).toBe(wanted);
      }
      expect(
        articleOfPress(
          pressOf(encodeAskButton({ action: 'more', offset: 0, askerId: ASKER, question: 'q' })),
          articles,
        ),
      ).toBeUndefined();
    });

    it('says so when the article has left the library', () => {
      const press = pressOf(
        encodeAskButton({ action: 'more', offset: 0, askerId: ASKER, question: 'q', articleId: 'gone' }),
      );
      expect(() => articleOfPress(press, articles)).toThrow(/no longer in the library/);
    });
  });

  describe('which buttons an answer carries', () => {
    const answered: AnswerForButtons = { question: 'Who?', abstained: false, total: 7, closest: null };
    const abstained: AnswerForButtons = { question: 'Who?', abstained: true, total: 0, closest: {} };
    const base = { askerId: ASKER, private: false, offset: 0, nextOffset: 3 };

    it('a public answer: More (at the next offset) and Delete', () => {
      const buttons = buttonsOf(answered, base);
      expect([...buttons.keys()]).toEqual(['More', 'Delete']);
      expect(pressOf(buttons.get('More') ?? '')).toMatchObject({ action: 'more', offset: 3, askerId: ASKER });
      expect(pressOf(buttons.get('Delete') ?? '').action).toBe('delete');
    });

    it('a private answer: More and Post publicly (of this page), no Delete', () => {
      const buttons = buttonsOf(answered, { ...base, private: true, offset: 3, nextOffset: 6 });
      expect([...buttons.keys()]).toEqual(['More', 'Post publicly']);
      expect(pressOf(buttons.get('Post publicly') ?? '')).toMatchObject({ action: 'public', offset: 3 });
    });

    it('the last page has no More', () => {
      expect(buttonsOf(answered, { ...base, nextOffset: 7 }).has('More')).toBe(false);
    });

    it('an abstention within one article: Show closest passage and Search everything (the whole library)', () => {
      const buttons = buttonsOf(abstained, { ...base, articleId: 'directive-24', nextOffset: null });
      expect([...buttons.keys()]).toEqual(['Show closest passage', 'Search everything', 'Delete']);
      expect(pressOf(buttons.get('Show closest passage') ?? '').article).toEqual({ id: 'directive-24' });
      expect(pressOf(buttons.get('Search everything') ?? '')).toMatchObject({
        action: 'everything',
        article: null,
      });
    });

    it('no Show closest passage once it is shown, nor without a closest passage', () => {
      expect(
        buttonsOf(abstained, { ...base, nextOffset: null, closestShown: true }).has('Show closest passage'),
      ).toBe(false);
      expect(
        buttonsOf({ ...abstained, closest: null }, { ...base, nextOffset: null }).has('Show closest passage'),
      ).toBe(false);
    });

    it('a private abstention has no button at all: no row', () => {
      expect(
        askButtons({ ...abstained, closest: null }, { ...base, private: true, nextOffset: null }),
      ).toEqual([]);
    });
  });
});
