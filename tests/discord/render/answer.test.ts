import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answer, AnswerEvidence, AnswerResult } from '../../../src/answer/answer.ts';
import { citationFor } from '../../../src/answer/citation.ts';
import { PIECE_GAP, type Quote, type QuotePiece } from '../../../src/answer/quote.ts';
import type { Article, Passage } from '../../../src/corpus/types.ts';
import { decodeAskButton } from '../../../src/discord/ask-buttons.ts';
import { decodeCustomId } from '../../../src/discord/custom-id.ts';
import { LIMITS } from '../../../src/discord/limits.ts';
import { isMarkdownClosed, unescapeMarkdown } from '../../../src/discord/markdown.ts';
import { renderAnswer, renderClosest, renderQuote } from '../../../src/discord/render/answer.ts';
import { fitPayload } from '../../../src/discord/respond.ts';
import { markdownishText } from '../arbitraries.ts';

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
    quote: {
      pieces: [{ text, start, end, highlights }],
      cutBefore: start > 0,
      cutAfter: end < a.body.length,
    },
    citation: citationFor(a, passage, text),
  };
}

/** A verbatim piece of `a`'s body, with highlights given as the words of the piece to mark. */
function pieceOf(a: Article, start: number, end: number, marked: string[] = []): QuotePiece {
  const text = a.body.slice(start, end);
  return {
    text,
    start,
    end,
    highlights: marked.map((word) => ({ start: text.indexOf(word), end: text.indexOf(word) + word.length })),
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

/** The buttons of a payload by label, with their custom ids. */
function buttonsIn(payload: ReturnType<typeof renderAnswer>): Map<string, string> {
  const buttons = new Map<string, string>();
  for (const row of payload.components ?? []) {
    for (const b of row.components) {
      if ('label' in b && 'custom_id' in b) buttons.set(b.label ?? '', b.custom_id);
    }
  }
  return buttons;
}

const body =
  'Vietnam is enjoying its moment. A human rights group, Project88, obtained the paper, also known as Directive 24. ' +
  'It warns of *hostile* forces_ and `reactionary` ones.';
const hostile = article('hostile-forces', body);

/** What an answer's best passage held (only the coverage matters to rendering). */
const evidenceOf = (coverage: number): AnswerEvidence => ({
  coverage,
  sentenceCoverage: coverage,
  titleMatch: false,
  titleSpecificity: 0,
  titleNamed: 0,
  sameArticle: 1,
  topicShare: 0,
  support: coverage,
  subjectMissing: false,
  missingShare: 0,
  corrections: {},
});

const answer = (results: AnswerResult[], total = results.length): Answer => ({
  question: 'Who obtained Directive 24?',
  abstained: false,
  results,
  nearest: [],
  missing: [],
  readAs: [],
  closest: null,
  total,
  evidence: evidenceOf(1),
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

    it('shows the question without bidirectional override characters', () => {
      const spoofed = renderAnswer(
        {
          ...answer([resultFor(hostile, start, end, 1, hl)]),
          question: 'Who \u202eobtained\u202c Directive \u206724\u2069?',
        },
        { askerId: '123456789012345678', private: false, offset: 0 },
      );
      expect(spoofed.content?.split('\n')[0]).toBe('**Who obtained Directive 24?**');
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

  describe('misspelt words', () => {
    it('say under the question which word was read as which, escaped', () => {
      const content =
        renderAnswer(
          { ...answer([resultFor(hostile, 0, 30, 1)]), readAs: [{ asked: 'Proj_ect88', read: 'Project88' }] },
          { askerId: '1', private: false, offset: 0 },
        ).content ?? '';
      expect(content.split('\n').slice(0, 2)).toEqual([
        '**Who obtained Directive 24?**',
        '-# Read *Proj\\_ect88* as *Project88*',
      ]);
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
          missing: [],
          readAs: [],
          closest: null,
          total: 0,
          evidence: evidenceOf(0),
        },
        { askerId: '1', private: false, offset: 0 },
      );
      expect(payload.content).toBe(
        "**Bananas?**\n\nI couldn't find this in the library.\nNearest articles: A \\[draft\\] ([link](<https://e.x/a_%28b%29>))",
      );
    });

    it('read well with no nearest article either', () => {
      const payload = renderAnswer(
        {
          question: 'Bananas?',
          abstained: true,
          results: [],
          nearest: [],
          missing: [],
          readAs: [],
          closest: null,
          total: 0,
          evidence: evidenceOf(0),
        },
        { askerId: '1', private: true, offset: 0 },
      );
      expect(payload.content).toBe(
        "**Bananas?**\n\nI couldn't find this in the library.\nNo article comes close. `/sources` lists what the library holds.",
      );
      expect(payload.components).toEqual([]);
    });
  });

  describe('abstentions with missing words and a closest passage', () => {
    const closestStart = body.indexOf('A human');
    const closestEnd = body.indexOf('24.') + 3;
    const projectAt = body.slice(closestStart).indexOf('Project88');
    const abstention = (overrides: Partial<Answer> = {}): Answer => ({
      question: 'Who obtained Directive 99?',
      abstained: true,
      results: [],
      nearest: [{ id: 'hostile-forces', title: 'Title of hostile-forces', url: hostile.url }],
      missing: ['99', 'under_score'],
      readAs: [],
      closest: resultFor(hostile, closestStart, closestEnd, 1, [
        { start: projectAt, end: projectAt + 'Project88'.length },
      ]),
      total: 0,
      evidence: evidenceOf(0.4),
      ...overrides,
    });
    const options = { askerId: '123456789012345678', private: false, offset: 0 };

    it("list the question's words that no article has, escaped, before the nearest articles", () => {
      const content = renderAnswer(abstention(), options).content ?? '';
      expect(content).toBe(
        [
          '**Who obtained Directive 99?**',
          '',
          "I couldn't find this in the library.",
          'No article has these words: *99*, *under\\_score*.',
          'Nearest articles: [Title of hostile-forces](<https://example.com/hostile-forces>)',
        ].join('\n'),
      );
      const one = renderAnswer(abstention({ missing: ['99'] }), options).content ?? '';
      expect(one).toContain('\nNo article has the word: *99*.\n');
      const none = renderAnswer(abstention({ missing: [] }), options).content ?? '';
      expect(none).not.toContain('No article has');
    });

    it('offer "Show closest passage" (action "closest", all state in custom_id) only when there is one', () => {
      const payload = renderAnswer(abstention(), options);
      const buttons = buttonsIn(payload);
      expect([...buttons.keys()]).toEqual(['Show closest passage', 'Delete']);
      expect(decodeAskButton(decodeCustomId(buttons.get('Show closest passage') ?? '').fields)).toMatchObject(
        {
          action: 'closest',
          offset: 0,
          askerId: '123456789012345678',
          question: { text: 'Who obtained Directive 99?' },
        },
      );
      expect([...buttonsIn(renderAnswer(abstention({ closest: null }), options)).keys()]).toEqual(['Delete']);
      // The closest passage itself is not shown until asked for.
      expect(payload.content).not.toMatch(/^> /m);
    });

    it('renderClosest shows the closest passage under the abstention, labelled as not an answer, once', () => {
      const plain = renderAnswer(abstention(), options);
      const shown = renderClosest(abstention(), options);
      const content = shown.content ?? '';
      expect(content.startsWith(`${plain.content}\n\n`)).toBe(true);
      expect(content).toContain('-# Closest passage — **not an answer**');
      expect(content).toContain(
        '> …A human rights group, **Project88**, obtained the paper, also known as Directive 24.…',
      );
      expect(content).toMatch(
        /^\*\*\[1\]\*\* \[Title of hostile-forces\]\(<https:\/\/example\.com\/hostile-forces#:~:text=/m,
      );
      expect(content.length).toBeLessThanOrEqual(LIMITS.content);
      expect(isMarkdownClosed(content)).toBe(true);
      expect([...buttonsIn(shown).keys()]).toEqual(['Delete']);
      for (const excerpt of quotedExcerpts(content)) expect(body).toContain(excerpt);
    });

    it('renderClosest is the plain rendering when there is no closest passage or no abstention', () => {
      const none = abstention({ closest: null });
      expect(renderClosest(none, options)).toEqual(renderAnswer(none, options));
      const answered = answer([resultFor(hostile, closestStart, closestEnd, 1)]);
      expect(renderClosest(answered, options)).toEqual(renderAnswer(answered, options));
    });
  });

  describe('quotes joined from two pieces', () => {
    const three =
      'The council met on Monday. Nobody spoke about the *budget*. ' +
      'It approved the river_sluice plan in March 2020. Then it adjourned.';
    const council = article('council', three);
    const first = pieceOf(council, 0, three.indexOf(' Nobody'), ['council']);
    const thirdStart = three.indexOf('It approved');
    const third = pieceOf(council, thirdStart, three.indexOf(' Then'), ['river_sluice', 'March 2020']);
    const quote: Quote = { pieces: [first, third], cutBefore: false, cutAfter: true };

    it('shows the pieces with " … " between them, each escaped verbatim with its own highlights', () => {
      expect(PIECE_GAP).toBe(' … ');
      expect(renderQuote(quote)).toBe(
        '> The **council** met on Monday. … It approved the **river\\_sluice** plan in **March 2020**.…',
      );
    });

    it('each piece is a verbatim slice of the body, and the skipped sentence is not shown', () => {
      const rendered = renderQuote(quote);
      const [excerpt] = quotedExcerpts(rendered);
      const parts = excerpt?.split(PIECE_GAP) ?? [];
      expect(parts).toEqual([first.text, third.text]);
      for (const piece of quote.pieces) expect(three.slice(piece.start, piece.end)).toBe(piece.text);
      expect(rendered).not.toContain('Nobody');
      expect(isMarkdownClosed(rendered)).toBe(true);
    });

    it('a result with a joined quote links to every piece (one text= directive each)', () => {
      const passage: Passage = {
        id: 'council#1',
        articleId: 'council',
        paragraph: 1,
        start: 0,
        end: three.length,
        text: three,
        sentences: [],
      };
      const result: AnswerResult = {
        rank: 1,
        score: 1,
        passage,
        article: council,
        quote,
        citation: citationFor(council, passage, [first.text, third.text]),
      };
      expect(result.citation.link).toBe(
        'https://example.com/council#:~:text=The%20council%20met%20on%20Monday.&text=It%20approved%20the%20river_sluice%20plan%20in%20March%202020.',
      );
      const content = renderAnswer(answer([result]), { askerId: '1', private: false, offset: 0 }).content;
      expect(content).toContain(`${renderQuote(quote)}\n**[1]**`);
    });

    it('for any two non-adjacent pieces, every piece shows verbatim between the gaps (property)', () => {
      fc.assert(
        fc.property(
          markdownishText(400),
          fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
          fc.boolean(),
          fc.boolean(),
          (text, cuts, cutBefore, cutAfter) => {
            const a = article('p', `${text} x`);
            const [s1, e1, s2, e2] = cuts.map((cut) => cut % (a.body.length + 1)).sort((x, y) => x - y) as [
              number,
              number,
              number,
              number,
            ];
            const pieces = [pieceOf(a, s1, e1), pieceOf(a, s2, e2)];
            fc.pre(s2 > e1 && pieces.every((piece) => piece.text.trim().length > 0));
            const rendered = renderQuote({ pieces, cutBefore, cutAfter });
            expect(isMarkdownClosed(rendered)).toBe(true);
            const excerpts = quotedExcerpts(rendered);
            expect(excerpts).toHaveLength(1);
            const parts = excerpts[0]?.split(PIECE_GAP) ?? [];
            expect(parts).toEqual(pieces.map((piece) => piece.text.trim()));
            for (const part of parts) expect(a.body).toContain(part);
          },
        ),
        { numRuns: 200 },
      );
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

  describe('long metadata (a 3,000-character URL, a 1,000-character publisher or title)', () => {
    const longArticle = (id: string, sizes: { url: number; publisher: number; title: number }) => ({
      ...article(id, `${id} Directive words here. And again Directive words there. `.repeat(8)),
      url: `https://example.com/${'p/'.repeat(sizes.url)}`.slice(0, Math.max(30, sizes.url)),
      publisher: 'Wire '.repeat(sizes.publisher).slice(0, Math.max(1, sizes.publisher)),
      title: `Title ${'word '.repeat(sizes.title)}`.slice(0, Math.max(5, sizes.title)),
    });
    const pageOf = (content: string) => {
      const match = /-# Results? (\d+)(?:–(\d+))? of (\d+)$/.exec(content);
      return match ? { first: Number(match[1]), last: Number(match[2] ?? match[1]) } : null;
    };

    it('every page shows at least one result, "More" always moves on, and nothing is cut by the safety net', () => {
      const size = fc.oneof(fc.constant(10), fc.integer({ min: 0, max: 3000 }));
      fc.assert(
        fc.property(
          fc.array(fc.record({ url: size, publisher: size, title: size }), { minLength: 1, maxLength: 4 }),
          fc.nat({ max: 20 }),
          fc.boolean(),
          fc.boolean(),
          (specs, offset, isPrivate, limited) => {
            const results = specs.map((sizes, i) => {
              const a = longArticle(`a${i}`, sizes);
              return resultFor(a, 0, a.body.indexOf('.') + 1, offset + i + 1, [{ start: 3, end: 12 }]);
            });
            const first = results[0]?.article as Article;
            const payload = renderAnswer(answer(results, offset + results.length + 2), {
              askerId: '123456789012345678',
              private: isPrivate,
              offset,
              article: limited ? first : undefined,
            });
            const content = payload.content ?? '';
            expect(content.length).toBeLessThanOrEqual(LIMITS.content);
            expect(fitPayload(payload).content).toBe(content);
            const page = pageOf(content);
            expect(page?.first).toBe(offset + 1);
            expect(page?.last).toBeGreaterThanOrEqual(offset + 1);
            expect(quotedExcerpts(content).length).toBeGreaterThan(0);
            const more = buttonsIn(payload).get('More');
            expect(decodeAskButton(decodeCustomId(more as string).fields)?.offset).toBe(page?.last);
          },
        ),
        { numRuns: 60 },
      );
    });

    it('keeps the link to the quoted words when it fits, and drops only a link too long for any message', () => {
      const normal = longArticle('n', { url: 60, publisher: 10, title: 10 });
      const huge = longArticle('h', { url: 3000, publisher: 1000, title: 1000 });
      const content =
        renderAnswer(answer([resultFor(normal, 0, 30, 1), resultFor(huge, 0, 30, 2)], 2), {
          askerId: '1',
          private: false,
          offset: 0,
        }).content ?? '';
      expect(content).toMatch(/\*\*\[1\]\*\* \[Title word\]\(<https:\/\/example\.com\/[^>]*#:~:text=/);
      expect(content).toMatch(/\*\*\[2\]\*\* Title word word.*… — Wire Wire .*…, 2024-03-01, ¶ 1$/m);
      expect(content).not.toContain(
        'p/p/p/p/p/p/p/p/p/p/p/p/p/p/p/p/p/p/p/p/p/p/p/p/p/p/p/p/p/p/p/p/p/p/p/p',
      );
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
