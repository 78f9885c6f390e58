import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCustomId } from '../../src/discord/custom-id.ts';
import { renderTimelinePage } from '../../src/discord/render/timeline.ts';
import {
  decodeTimelineButton,
  encodeTimelineButton,
  queryOfButton,
} from '../../src/discord/timeline-buttons.ts';
import { fact } from '../timeline/helpers.ts';

const facts = Array.from({ length: 12 }, (_, i) =>
  fact(`f${i}`, `2023-01-${String(i + 1).padStart(2, '0')}`),
);

// Queries as typed: words, and the characters that custom_id escaping lengthens or markdown escaping changes.
const query = fc
  .array(
    fc.constantFrom(...'ab Zé:%*_~|`>#-[]()<@!&/\\.“”\'"'.split(''), 'Hanoi', '<@123>', '@everyone', '||'),
    {
      minLength: 1,
      maxLength: 40,
    },
  )
  .map((parts) => parts.join('').slice(0, 100).trim())
  .filter((text) => text.length > 0);
const bound = fc.option(fc.constantFrom('2023', '2023-09', '2023-09-25'), { nil: null });

describe('/timeline page buttons', () => {
  it('fit in 100 characters and give back the page, the dates and the query (inline or from the title)', () => {
    fc.assert(
      fc.property(query, bound, bound, fc.nat(999), (text, from, to, page) => {
        const id = encodeTimelineButton(page, from, to, text);
        expect(id.length).toBeLessThanOrEqual(100);
        const button = decodeTimelineButton(decodeCustomId(id).fields);
        expect(button).toMatchObject({ page, from, to });
        const rendered = renderTimelinePage({ facts, page: 0, from, to, query: text }, () => 'x');
        expect(queryOfButton(button, rendered.embeds?.[0]?.title)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('reads buttons made before long queries were hashed', () => {
    expect(decodeTimelineButton(['2', '2015', '', 'training'])).toEqual({
      page: 2,
      from: '2015',
      to: null,
      query: { text: 'training' },
    });
  });

  it('refuses a title whose query does not have the button’s hash', () => {
    const long = 'x:'.repeat(45);
    const button = decodeTimelineButton(decodeCustomId(encodeTimelineButton(1, null, null, long)).fields);
    expect(button.query).toHaveProperty('hash');
    expect(queryOfButton(button, 'Timeline (matching “other”)')).toBeUndefined();
    expect(queryOfButton(button, undefined)).toBeUndefined();
  });
});
