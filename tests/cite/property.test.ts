import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { citeMessage, findSource } from '../../src/cite/cite.ts';
import { LIMITS } from '../../src/discord/limits.ts';
import { unescapeMarkdown } from '../../src/discord/markdown.ts';
import { renderCiteReply, renderMarkedSpan } from '../../src/discord/render/cite.ts';
import type { Library } from '../../src/library.ts';
import { tokenizeWithOffsets } from '../../src/search/text.ts';
import { seedLibrary } from './fixtures.ts';

let library: Library;
let bodies: { id: string; body: string; words: { start: number; end: number }[] }[];
beforeAll(async () => {
  library = await seedLibrary();
  bodies = [...library.articles.values()].map((article) => ({
    id: article.id,
    body: article.body,
    words: tokenizeWithOffsets(article.body),
  }));
});

/** A stretch of 5–25 consecutive words of a seed article, cut from its body. */
const excerpt = fc
  .record({ article: fc.nat(), at: fc.nat(), length: fc.integer({ min: 5, max: 25 }) })
  .map((pick) => {
    const source = bodies[pick.article % bodies.length];
    if (!source) throw new Error('no seed articles');
    const first = pick.at % (source.words.length - pick.length);
    const start = source.words[first]?.start ?? 0;
    const end = source.words[first + pick.length - 1]?.end ?? start;
    return { id: source.id, body: source.body, start, end, text: source.body.slice(start, end) };
  });

/** Drops, doubles or misspells one word, or changes case: what people do to quotes. */
const perturbation = fc.constantFrom('drop', 'double', 'typo', 'upper', 'none');

function perturb(text: string, how: string, seed: number): string {
  const words = text.split(/\s+/u);
  const i = seed % words.length;
  const word = words[i] ?? '';
  if (how === 'drop') words.splice(i, 1);
  if (how === 'double') words.splice(i, 0, word);
  if (how === 'typo' && word.length > 4) words[i] = word.slice(0, 2) + word.slice(3);
  if (how === 'upper') return text.toUpperCase();
  return words.join(' ');
}

function stripMarks(rendered: string): string {
  return unescapeMarkdown(
    rendered
      .split('\n')
      .map((line) => line.replace(/^> ?/u, ''))
      .join('\n')
      .replace(/(?<!\\)(\*\*|~~)/gu, ''),
  );
}

describe('properties of every lookup', () => {
  it('finds any excerpt of 5+ words of an article verbatim', async () => {
    await fc.assert(
      fc.asyncProperty(excerpt, async (quote) => {
        const match = (await findSource(quote.text, library)).find((m) => m.article.id === quote.id);
        expect(match?.kind).toBe('verbatim');
        expect(match?.span.text).toBe(match?.article.body.slice(match.span.start, match.span.end));
      }),
      { numRuns: 60 },
    );
  });

  it('cuts every span from the article body, however the quote was changed', async () => {
    await fc.assert(
      fc.asyncProperty(excerpt, perturbation, fc.nat(), async (quote, how, seed) => {
        for (const match of await findSource(perturb(quote.text, how, seed), library)) {
          expect(match.span.text).toBe(match.article.body.slice(match.span.start, match.span.end));
          expect(match.similarity).toBeGreaterThanOrEqual(0);
          expect(match.similarity).toBeLessThanOrEqual(1);
          for (const d of match.differences) {
            if (d.source) expect(d.source.text).toBe(match.article.body.slice(d.source.start, d.source.end));
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('renders the span verbatim: removing the marks and escapes gives back the exact text', async () => {
    await fc.assert(
      fc.asyncProperty(excerpt, perturbation, fc.nat(), async (quote, how, seed) => {
        for (const match of await findSource(perturb(quote.text, how, seed), library)) {
          expect(stripMarks(renderMarkedSpan(match))).toBe(match.span.text);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('fits every reply in one Discord message, whatever the user typed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            excerpt.map((q) => `“${q.text}”`),
            fc.string({ maxLength: 300 }),
          ),
          { maxLength: 30 },
        ),
        async (parts) => {
          const reply = renderCiteReply(await citeMessage(parts.join(' '), library));
          expect(reply.content?.length ?? 0).toBeLessThanOrEqual(LIMITS.content);
        },
      ),
      { numRuns: 25 },
    );
  });
});
