import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ARTICLE_ID_PATTERN } from '../../src/corpus/load.ts';
import { nonPublicReason, PinnedDispatchers } from '../../src/ingest/address.ts';
import { contentHash, urlKey } from '../../src/ingest/article-store.ts';
import { normalizeBody } from '../../src/ingest/body-text.ts';
import { toIsoDate } from '../../src/ingest/date.ts';
import { decodeBytes } from '../../src/ingest/decode.ts';
import { parseDocument } from '../../src/ingest/dom.ts';
import { sameSite } from '../../src/ingest/draft.ts';
import { parseFeed } from '../../src/ingest/feed.ts';
import { stripFurniture } from '../../src/ingest/furniture.ts';
import { blockTexts } from '../../src/ingest/html.ts';
import { MAX_SLUG_LENGTH, slugify, uniqueSlug } from '../../src/ingest/slug.ts';
import { articlePage, FURNITURE } from './fixtures.ts';

describe('slugify', () => {
  it('makes lowercase ASCII slugs from titles in any Latin script', () => {
    expect(slugify('Communist Party document alerts Vietnam to “hostile forces”')).toBe(
      'communist-party-document-alerts-vietnam-to-hostile-forces',
    );
    expect(slugify('Đường sắt cao tốc Bắc–Nam')).toBe('duong-sat-cao-toc-bac-nam');
    expect(slugify('Straße & Café')).toBe('strasse-and-cafe');
    expect(slugify('中国')).toBe('');
  });

  it('always yields a valid article id of at most 60 characters, or nothing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (title) => {
        const slug = slugify(title);
        expect(slug.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
        if (slug) expect(slug).toMatch(ARTICLE_ID_PATTERN);
      }),
    );
  });

  it('adds -2, -3... on collisions', () => {
    const taken = new Set(['a', 'a-2']);
    expect(uniqueSlug('a', (id) => taken.has(id))).toBe('a-3');
    expect(uniqueSlug('b', (id) => taken.has(id))).toBe('b');
  });
});

describe('normalizeBody', () => {
  it('collapses whitespace inside paragraphs and keeps one blank line between them', () => {
    expect(normalizeBody('  One\r\n two\u00a0 three \n\n\n\nFour\t five\u200b.\n  \n')).toBe(
      'One two three\n\nFour five.',
    );
  });

  it('is idempotent, and the content hash ignores re-wrapping', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(normalizeBody(normalizeBody(text))).toBe(normalizeBody(text));
      }),
    );
    expect(contentHash('a b\nc')).toBe(contentHash('a  b c\n'));
  });
});

describe('blockTexts', () => {
  it('makes one paragraph per block, joins inline text, and breaks on <br><br>', () => {
    const { body } = parseDocument(
      '<html><body><div><p>One <b>bold</b>\n  move.</p><ul><li>Item</li></ul>Tail<br>line<br> <br>Next</div></body></html>',
    );
    if (!body) throw new Error('no body');
    expect(blockTexts(body)).toEqual(['One bold move.', 'Item', 'Tail line', 'Next']);
  });
});

describe('toIsoDate', () => {
  it('keeps the calendar date as written in the source time zone', () => {
    expect(toIsoDate('2024-03-01T23:30:00-05:00')).toBe('2024-03-01');
    expect(toIsoDate('Wed, 06 Mar 2024 23:30:00 -0500')).toBe('2024-03-06');
    expect(toIsoDate('2024-02-30')).toBeUndefined();
    expect(toIsoDate('soon')).toBeUndefined();
  });
});

describe('decodeBytes', () => {
  const cafe = new Uint8Array([0x63, 0x61, 0x66, 0xe9]);
  it('uses the declared charset, then the meta charset', () => {
    expect(decodeBytes(cafe, 'text', 'windows-1252')).toBe('café');
    const page = new TextEncoder().encode('<meta charset="iso-8859-1"><p>caf');
    expect(decodeBytes(new Uint8Array([...page, 0xe9]), 'html')).toMatch(/café$/);
  });

  it('fails on bytes invalid in the encoding and on unknown encodings', () => {
    expect(() => decodeBytes(cafe, 'html', 'utf-8')).toThrow(/not valid utf-8/);
    expect(() => decodeBytes(cafe, 'html', 'klingon')).toThrow(/unknown character encoding/);
  });
});

describe('parseFeed', () => {
  it('reads RSS 1.0 (RDF) items', () => {
    const feed = parseFeed(
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>R</title></channel><item><title>X</title><link>https://r.example/x</link></item></rdf:RDF>',
    );
    expect(feed).toEqual({
      title: 'R',
      items: [{ url: 'https://r.example/x', title: 'X', published: undefined, author: undefined }],
    });
  });

  it('returns null for XML that is not a feed', () => {
    expect(parseFeed('<sitemap><url>x</url></sitemap>')).toBeNull();
  });
});

describe('urlKey', () => {
  it('ignores fragments, trailing slashes and tracking parameters but keeps real ones', () => {
    expect(urlKey('https://A.example/p/?utm_source=x&id=3#top')).toBe(urlKey('https://a.example/p?id=3'));
    expect(urlKey('https://a.example/p?id=3')).not.toBe(urlKey('https://a.example/p?id=4'));
  });
});

describe('stripFurniture', () => {
  it('removes navigation, share bars, captions, bylines, comment forms, related lists and footers, not the article', () => {
    const document = parseDocument(
      articlePage({ title: 'A story', paragraphs: ['The first paragraph of the story.', 'The second one.'] }),
    );
    expect(stripFurniture(document)).toBeGreaterThan(5);
    const text = document.body?.textContent ?? '';
    for (const furniture of FURNITURE) expect(text).not.toContain(furniture);
    expect(text).not.toContain('By Lan Nguyen');
    expect(text).toContain('The first paragraph of the story.');
    expect(text).toContain('The second one.');
    expect(document.querySelector('article h1')?.textContent).toBe('A story');
  });
});

describe('nonPublicReason', () => {
  it('passes public addresses, IPv4 and IPv6, and NAT64 or 6to4 forms of public IPv4 addresses', () => {
    for (const address of [
      '93.184.215.14',
      '8.8.8.8',
      '2606:4700::1111',
      '64:ff9b::808:808',
      '2002:808:808::1',
    ])
      expect(nonPublicReason(address)).toBeUndefined();
  });

  it('names why an address is not public', () => {
    expect(nonPublicReason('127.0.0.1')).toBe('a loopback address');
    expect(nonPublicReason('10.20.30.40')).toBe('a private address');
    expect(nonPublicReason('fe80::1')).toBe('a link-local address');
    expect(nonPublicReason('fc00::5')).toBe('a unique-local (private IPv6) address');
    expect(nonPublicReason('2002:c0a8:101::1')).toBe('a private address');
    expect(nonPublicReason('::7f00:1')).toBe('a reserved address');
    expect(nonPublicReason('2001:db8::1')).toMatch(/^a reserved address/);
    expect(nonPublicReason('192.0.2.1')).toMatch(/^a reserved address/);
    expect(nonPublicReason('not-an-address')).toBe('not an IP address');
  });

  it('judges every IPv4 address and its IPv4-mapped IPv6 form alike', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        const [a = 0, b = 0, c = 0, d = 0] = ip.split('.').map(Number);
        const hex = (x: number, y: number): string => ((x << 8) | y).toString(16);
        expect(nonPublicReason(`::ffff:${ip}`)).toBe(nonPublicReason(ip));
        expect(nonPublicReason(`::ffff:${hex(a, b)}:${hex(c, d)}`)).toBe(nonPublicReason(ip));
      }),
    );
  });

  it('refuses every address in the loopback, private and link-local IPv4 ranges', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(octet, octet, octet, (x, y, z) => {
        expect(nonPublicReason(`127.${x}.${y}.${z}`)).toBe('a loopback address');
        expect(nonPublicReason(`10.${x}.${y}.${z}`)).toBe('a private address');
        expect(nonPublicReason(`172.${16 + (x % 16)}.${y}.${z}`)).toBe('a private address');
        expect(nonPublicReason(`192.168.${y}.${z}`)).toBe('a private address');
        expect(nonPublicReason(`169.254.${y}.${z}`)).toBe('a link-local address');
      }),
    );
  });
});

describe('PinnedDispatchers', () => {
  it('keeps one connection pool per host and set of addresses, whatever order the resolver gave them in', async () => {
    const dispatchers = new PinnedDispatchers();
    const v4 = { address: '93.184.215.14', family: 4 } as const;
    const v6 = { address: '2606:2800:21f:cb07::1', family: 6 } as const;
    const first = dispatchers.for('news.example', [v4, v6]);
    expect(dispatchers.for('news.example', [v6, v4])).toBe(first);
    expect(dispatchers.for('news.example', [v4])).not.toBe(first);
    expect(dispatchers.for('other.example', [v4, v6])).not.toBe(first);
    await dispatchers.close();
  });
});

describe('sameSite', () => {
  it('compares host names, case and a leading www. aside, whatever the scheme, port or path', () => {
    expect(sameSite('https://www.Example.org/a', 'http://example.org:8080/b')).toBe(true);
    expect(sameSite('https://example.org/a', 'https://news.example.org/a')).toBe(false);
    expect(sameSite('https://example.org.evil.test/a', 'https://example.org/a')).toBe(false);
    expect(sameSite('mailto:someone@example.org', 'https://example.org/')).toBe(false);
  });
});
