import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkChoices, checkMessageLimits, isEmptyMessage } from '../../src/local-discord/limits.ts';

describe('message limits', () => {
  it('accepts anything within the documented limits and flags anything beyond', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2100 }), fc.integer({ min: 0, max: 12 }), (length, embeds) => {
        const body = {
          content: 'x'.repeat(length),
          embeds: Array.from({ length: embeds }, () => ({ title: 't' })),
        };
        const problems = checkMessageLimits(body);
        expect(problems.length === 0).toBe(length <= 2000 && embeds <= 10);
      }),
    );
  });

  it('counts the 6000-character embed total across embeds, and component limits', () => {
    const big = { description: 'd'.repeat(4000) };
    expect(checkMessageLimits({ embeds: [big, big] }).map((p) => p.error.code)).toEqual([
      'MAX_EMBED_SIZE_EXCEEDED',
    ]);
    const row = {
      type: 1,
      components: Array.from({ length: 6 }, (_, i) => ({ type: 2, custom_id: `b${i}`, label: 'l' })),
    };
    expect(checkMessageLimits({ components: [row] }).map((p) => p.path.join('.'))).toEqual([
      'components.0.components',
    ]);
    expect(
      checkMessageLimits({
        components: [{ type: 1, components: [{ type: 2, custom_id: 'c'.repeat(101) }] }],
      }),
    ).toHaveLength(1);
    expect(
      checkChoices({ choices: Array.from({ length: 26 }, (_, i) => ({ name: `n${i}`, value: 'v' })) }),
    ).toHaveLength(1);
    expect(isEmptyMessage({ content: '' })).toBe(true);
  });
});

describe('embed URLs, as Discord checks them', () => {
  const url = (length: number) => `https://example.com/${'a'.repeat(length - 'https://example.com/'.length)}`;

  it('refuses every embed URL over 2,048 characters with its path, and accepts 2,048', () => {
    const long = url(2049);
    const body = {
      embeds: [
        {
          title: 't',
          url: long,
          author: { name: 'a', url: long, icon_url: long },
          footer: { text: 'f', icon_url: long },
          image: { url: long },
          thumbnail: { url: long },
        },
      ],
    };
    const problems = checkMessageLimits(body);
    expect(problems.map((p) => p.path.join('.'))).toEqual([
      'embeds.0.url',
      'embeds.0.author.url',
      'embeds.0.author.icon_url',
      'embeds.0.footer.icon_url',
      'embeds.0.image.url',
      'embeds.0.thumbnail.url',
    ]);
    expect(problems[0]?.error).toEqual({
      code: 'BASE_TYPE_MAX_LENGTH',
      message: 'Must be 2048 or fewer in length.',
    });
    expect(checkMessageLimits({ embeds: [{ title: 't', url: url(2048) }] })).toEqual([]);
  });

  it('refuses a URL that is not well formed or not http(s)', () => {
    const codes = (value: string) =>
      checkMessageLimits({ embeds: [{ title: 't', url: value }] }).map((p) => p.error);
    expect(codes('not a url')).toEqual([{ code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' }]);
    expect(codes('')).toEqual([
      {
        code: 'URL_TYPE_INVALID_SCHEME',
        message: `Scheme "" is not supported. Scheme must be one of ('http', 'https').`,
      },
    ]);
    expect(codes('steam://rungameid/730')[0]?.code).toBe('URL_TYPE_INVALID_SCHEME');
    expect(codes('https://example.com/a?b=c#:~:text=d')).toEqual([]);
  });
});
