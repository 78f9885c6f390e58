import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answer, AnswerResult } from '../../src/answer/answer.ts';
import { citationFor } from '../../src/answer/citation.ts';
import type { Article, Passage } from '../../src/corpus/types.ts';
import { decodeAskButton } from '../../src/discord/ask-state.ts';
import { decodeCustomId } from '../../src/discord/custom-id.ts';
import { LIMITS } from '../../src/discord/limits.ts';
import { isMarkdownClosed, unescapeMarkdown } from '../../src/discord/markdown.ts';
import { renderAnswer, renderQuote } from '../../src/discord/render/answer.ts';
import { fitPayload } from '../../src/discord/respond.ts';
import { markdownishText } from './arbitraries.ts';

function article(id: string, body: string, title = `Title of ${id}`): Article {
  return {
    id,
    title,
    url: `https://example.com/${id}`,
    publisher: 'Example News',
    published: '2024-03-01',
    tags: [],
    body,
    file: `data/articles/${id}.md`,
  };
}

function resultFor(
  a: Article,
  start: number,
  end: number,
  rank: number,
  highlights: { start: number; end: number }[] = [],
): AnswerResult {
  const passage: Passage = {
    id: `${a.id}#1`,
    articleId: a.id,
    paragraph: 1,
    start: 0,
    end: a.body.length,
    text: a.body,
    sentences: [],
  };
  const text = a.body.slice(start, end);
  return {
    rank,
    score: 1,
    passage,
    article: a,
    quote: { text, start, end, cutBefore: start > 0, cutAfter: end < a.body.length, highlights },
    citation: citationFor(a, passage, text),
  };
}

/** The plain text of rendered markdown: escapes resolved, bold markers dropped. */
function plainText(markdown: string): string {
  let out = '';
  for (let i = 0; i < markdown.length; i++) {
    const ch = markdown[i] as string;
    if (ch === '\\' && i + 1 < markdown.length && /[^0-9A-Za-z\s]/.test(markdown[i + 1] as string)) {
      out += markdown[++i];
    } else if (markdown.startsWith('**', i)) {
      i++;
    } else out += ch;
  }
  return out;
}

/** Every block-quoted excerpt of a message, as displayed text (ellipses at the ends removed). */
function quotedExcerpts(content: string): string[] {
  const excerpts: string[] = [];
  let current: string[] | null = null;
  for (const line of content.split('\n')) {
    if (line.startsWith('> ')) {
      current ??= [];
      current.push(line.slice(2));
    } else if (current) {
      excerpts.push(current.join('\n'));
      current = null;
    }
  }
  if (current) excerpts.push(current.join('\n'));
  return excerpts.map((raw) => plainText(raw).replace(/^…/, '').replace(/…$/, '').trim());
}

const body =
  'Vietnam is enjoying its moment. A human rights group, Project88, obtained the paper, also known as Directive 24. ' +
  'It warns of *hostile* forces_ and `reactionary` ones.';
const hostile = article('hostile-forces', body);

const answer = (results: AnswerResult[], total = results.length): Answer => ({
  question: 'Who obtained Directive 24?',
  abstained: false,
  results,
  nearest: [],
  total,
});

describe('renderAnswer', () => {
  describe('a normal answer', () => {
    const start = body.indexOf('A human');
    const end = body.indexOf('24.') + 3;
    const text = body.slice(start, end);
    const hl = [text.indexOf('Directive'), text.indexOf('24')].map((s, i) => ({
      start: s,
      end: s + (i ? 2 : 9),
    }));
    const payload = renderAnswer(answer([resultFor(hostile, start, end, 1, hl)], 4), {
      askerId: '123456789012345678',
      private: false,
      offset: 0,
    });
    const content = payload.content ?? '';

    it('starts with the question in bold', () => {
      expect(content.split('\n')[0]).toBe('**Who obtained Directive 24?**');
    });

    it('shows the quote as a block quote with matched words in bold and "…" where cut', () => {
      expect(content).toContain(
        '> …A human rights group, Project88, obtained the paper, also known as **Directive 24**.…',
      );
    });

    it('numbers the citation and links it to the quote (masked link, no preview)', () => {
      expect(content).toMatch(
        /^\*\*\[1\]\*\* \[Title of hostile-forces\]\(<https:\/\/example\.com\/hostile-forces#:~:text=[^>]+>\) — Example News, 2024-03-01, ¶ 1$/m,
      );
    });

    it('offers More (next offset) and Delete (asker only) with all state in custom_id', () => {
      const buttons = payload.components?.[0]?.components ?? [];
      expect(buttons.map((b) => ('label' in b ? b.label : ''))).toEqual(['More', 'Delete']);
      const more = decodeAskButton(decodeCustomId((buttons[0] as { custom_id: string }).custom_id).fields);
      expect(more).toMatchObject({
        action: 'more',
        offset: 1,
        askerId: '123456789012345678',
        question: { text: 'Who obtained Directive 24?' },
      });
    });

    it('says which results these are', () => {
      expect(content.split('\n').at(-1)).toBe('-# Result 1 of 4');
    });
  });

  describe('quotes containing markdown characters', () => {
    it('shows them verbatim without breaking formatting', () => {
      const start = body.indexOf('It warns');
      const a = resultFor(hostile, start, body.length, 1, [{ start: 13, end: 20 }]);
      const rendered = renderQuote(a.quote);
      expect(rendered).toBe('> …It warns of \\***hostile**\\* forces\\_ and \\`reactionary\\` ones.');
      expect(plainText(rendered.slice(3))).toBe(body.slice(start));
      expect(isMarkdownClosed(rendered)).toBe(true);
    });
  });

  describe('private answers', () => {
    it('offer "Post publicly" instead of Delete, and are ephemeral', () => {
      const payload = renderAnswer(answer([resultFor(hostile, 0, 31, 1)]), {
        askerId: '1',
        private: true,
        offset: 0,
      });
      expect(payload.ephemeral).toBe(true);
      const labels = (payload.components?.[0]?.components ?? []).map((b) => ('label' in b ? b.label : ''));
      expect(labels).toEqual(['Post publicly']);
    });
  });

  describe('abstentions', () => {
    it('name the nearest articles as links', () => {
      const payload = renderAnswer(
        {
          question: 'Bananas?',
          abstained: true,
          results: [],
          nearest: [{ id: 'a', title: 'A [draft]', url: 'https://e.x/a_(b)' }],
          total: 0,
        },
        { askerId: '1', private: false, offset: 0 },
      );
      expect(payload.content).toBe(
        "**Bananas?**\n\nI couldn't find this in the library. Nearest articles: [A \\[draft\\]](<https://e.x/a_%28b%29>)",
      );
    });

    it('read well with no nearest article either', () => {
      const payload = renderAnswer(
        { question: 'Bananas?', abstained: true, results: [], nearest: [], total: 0 },
        { askerId: '1', private: true, offset: 0 },
      );
      expect(payload.content).toContain("I couldn't find this in the library, and no article comes close.");
      expect(payload.components).toEqual([]);
    });
  });

  describe('long answers', () => {
    it('drop whole results to fit, and "More" starts after the last one shown', () => {
      const long = article('long', `${'Directive words again and again. '.repeat(40)}`);
      const results = [1, 2, 3].map((rank) => resultFor(long, 0, long.body.length - 1, rank));
      const payload = renderAnswer(answer(results, 9), { askerId: '1', private: false, offset: 0 });
      expect(payload.content?.length).toBeLessThanOrEqual(LIMITS.content);
      expect(payload.content).toContain('**[1]**');
      expect(payload.content).not.toContain('**[3]**');
      const more = (payload.components?.[0]?.components ?? []).find(
        (b) => 'label' in b && b.label === 'More',
      ) as { custom_id: string };
      const shownCount = (payload.content?.match(/^\*\*\[\d+\]\*\*/gm) ?? []).length;
      expect(decodeAskButton(decodeCustomId(more.custom_id).fields)?.offset).toBe(shownCount);
    });
  });

  describe('for any answer (property)', () => {
    const arbitraryAnswer = fc
      .array(
        fc.record({
          body: fc.oneof(
            markdownishText(200),
            markdownishText(1500).map((t) => `${t} ${t}`),
          ),
          cut: fc.tuple(fc.nat(), fc.nat()),
          marks: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 12 })), { maxLength: 6 }),
          title: markdownishText(20),
        }),
        { minLength: 1, maxLength: 5 },
      )
      .map((specs) =>
        specs.map((spec, i) => {
          const a = article(`a${i}`, spec.body.length > 0 ? spec.body : 'x', spec.title || 'T');
          const s = spec.cut[0] % a.body.length;
          const e = s + 1 + (spec.cut[1] % (a.body.length - s));
          const length = e - s;
          const starts = [...new Set(spec.marks.map(([at]) => at % length))].sort((x, y) => x - y);
          const highlights: { start: number; end: number }[] = [];
          for (const [k, at] of starts.entries()) {
            const next = starts[k + 1] ?? length;
            const end = Math.min(next, at + 1 + (spec.marks[k]?.[1] ?? 0), length);
            if (end > at) highlights.push({ start: at, end });
          }
          return resultFor(a, s, e, i + 1, highlights);
        }),
      );

    it('every block-quoted excerpt is a verbatim substring of its article body, and the payload fits', () => {
      fc.assert(
        fc.property(
          arbitraryAnswer,
          fc.boolean(),
          fc.string({ maxLength: 300 }),
          (results, isPrivate, question) => {
            const payload = renderAnswer(answer(results, results.length + 3), {
              askerId: '123456789012345678',
              private: isPrivate,
              offset: 0,
            });
            const content = payload.content ?? '';
            expect(content.length).toBeLessThanOrEqual(LIMITS.content);
            expect(() => fitPayload(payload)).not.toThrow();
            expect(fitPayload(payload).content).toBe(content); // already fits: nothing cut by the safety net
            const bodies = results.map((r) => r.article.body);
            for (const excerpt of quotedExcerpts(content)) {
              expect(bodies.some((b) => b.includes(excerpt))).toBe(true);
            }
            expect(quotedExcerpts(content).length).toBeGreaterThan(0);
            const withQuestion = renderAnswer(
              { ...answer(results), question },
              { askerId: '1', private: false, offset: 0 },
            );
            expect((withQuestion.content ?? '').length).toBeLessThanOrEqual(LIMITS.content);
            expect(unescapeMarkdown(withQuestion.content?.split('\n')[0]?.slice(2, -2) ?? '')).toBe(
              question.length <= 300 ? question.replace(/\s+/g, ' ').trim() : expect.anything(),
            );
          },
        ),
        { numRuns: 150 },
      );
    });
  });
});
