import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../src/discord/limits.ts';
import { escapeVerbatim } from '../../../src/discord/markdown.ts';
import { renderFact } from '../../../src/discord/render/daily.ts';
import { fitWithLinks, linkedText, linkUpTo } from '../../../src/discord/render/links.ts';
import { verbatimQuote } from '../../../src/discord/render/quote.ts';
import { renderTimelinePage } from '../../../src/discord/render/timeline.ts';
import type { Fact } from '../../../src/timeline/types.ts';
import { fact } from '../../timeline/helpers.ts';

const SHORT = { url: 'https://e.org/a', link: 'https://e.org/a#:~:text=quoted' };
const LONG = {
  url: `https://e.org/${'x'.repeat(3000)}`,
  link: `https://e.org/${'x'.repeat(3000)}#:~:text=q`,
};

/** A fact whose article has the given URL and publisher. */
function factWith(id: string, url: string, publisher: string): Fact {
  const base = fact(id, '2020-01-01');
  return { ...base, citation: { ...base.citation, url, link: `${url}#:~:text=${id}`, publisher } };
}

describe('links that may not fit', () => {
  describe('linkUpTo', () => {
    it('gives up the jump to the quoted words first, then the article link', () => {
      expect(linkUpTo(SHORT, 100)).toBe(SHORT.link);
      expect(linkUpTo(SHORT, SHORT.url.length)).toBe(SHORT.url);
      expect(linkUpTo(SHORT, SHORT.url.length - 1)).toBeUndefined();
    });
  });

  describe('fitWithLinks', () => {
    const render = (citations: (typeof SHORT)[]) => (maxLink: number) =>
      citations.map((c) => linkUpTo(c, maxLink) ?? 'none').join(' ');

    it('keeps every link when they fit', () => {
      expect(fitWithLinks([SHORT, SHORT], 1000, render([SHORT, SHORT]))).toBe(`${SHORT.link} ${SHORT.link}`);
    });

    it('gives up the longest links first and keeps the short ones', () => {
      expect(fitWithLinks([LONG, SHORT], 100, render([LONG, SHORT]))).toBe(`none ${SHORT.link}`);
      const room = LONG.url.length + SHORT.link.length + 1;
      expect(fitWithLinks([LONG, SHORT], room, render([LONG, SHORT]))).toBe(`${LONG.url} ${SHORT.link}`);
    });

    it('renders without links when nothing fits', () => {
      expect(fitWithLinks([SHORT], 3, render([SHORT]))).toBe('none');
    });
  });
});

describe('timeline messages with very long metadata', () => {
  const longPublisher = `The ${'Very '.repeat(198)}Long Wire`;
  const longUrl = `https://example.com/${'long-path-segment/'.repeat(166)}end`;

  it('a page shows every fact and its citation, within the description limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 10, max: 4000 }), fc.integer({ min: 1, max: 2000 })), {
          minLength: 1,
          maxLength: 5,
        }),
        (sizes) => {
          const facts = sizes.map(([urlLength, publisherLength], i) =>
            factWith(`f${i}`, longUrl.slice(0, urlLength), longPublisher.slice(0, publisherLength)),
          );
          const page = renderTimelinePage({ facts, page: 0, from: null, to: null, query: null }, (f) =>
            f.join(':'),
          );
          const description = page.embeds?.[0]?.description ?? '';
          expect(description.length).toBeLessThanOrEqual(LIMITS.embedDescription);
          for (const f of facts) expect(description).toContain(`${verbatimQuote(f.sentence)}\n— `);
          expect(description.match(/^— .* · 2024-01-01 · ¶1$/gm)).toHaveLength(facts.length);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('a fact keeps the link to its sentence when it fits, and an embed URL only within 2,048 characters', () => {
    const near = renderFact(factWith('a', longUrl.slice(0, 2040), 'Wire'), { reason: 'rotation' })
      .embeds?.[0];
    expect(near?.url).toBe(longUrl.slice(0, 2040));
    expect(near?.description).toContain(`](<${longUrl.slice(0, 2040)}#:~:text=a>)`);
    const far = renderFact(factWith('b', longUrl, longPublisher), { reason: 'rotation' }).embeds?.[0];
    expect(far?.url).toBeUndefined();
    expect(far?.description?.length).toBeLessThanOrEqual(LIMITS.embedDescription);
    // The description has room for the 3,000-character link to the sentence; the embed URL does not.
    expect(far?.description).toMatch(
      /^— \[T\]\(<https:\/\/example\.com\/[^)]+#:~:text=b>\) · The Very Very .*… · 2024-01-01 · ¶1$/m,
    );
  });
});

describe('masked link labels (Discord shows backslashes inside them as typed)', () => {
  it('keeps a plain title as the link label', () => {
    expect(linkedText('Trade agreements', 'https://e.x/a')).toBe('[Trade agreements](<https://e.x/a>)');
  });

  it('shows a title that needed escaping beside a short link, so no backslash lands in a label', () => {
    for (const title of ['C_plus [draft]', 'Tweets from @user', '*Breaking*']) {
      const shown = escapeVerbatim(title);
      const linked = linkedText(shown, 'https://e.x/a');
      expect(linked).toBe(`${shown} ([link](<https://e.x/a>))`);
      const label = /\[([^\]]*)\]\(<https:\/\/e\.x\/a>\)\)$/u.exec(linked)?.[1];
      expect(label).toBe('link');
    }
  });
});
