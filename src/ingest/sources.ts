import { extname } from 'node:path';
import { FrontMatterSyntaxError, parseArticleFile, type RawFrontMatter } from '../corpus/frontmatter.ts';
import { normalizeBody } from './body-text.ts';
import { toIsoDate } from './date.ts';
import { decodeBytes } from './decode.ts';
import {
  type MetadataLayer,
  type MetadataOverrides,
  type ResolvedDraft,
  resolveDraft,
  sameSite,
} from './draft.ts';
import { IngestFailure } from './failure.ts';
import { type Feed, type FeedItem, looksLikeFeed, parseFeed } from './feed.ts';
import type { FetchedResource } from './fetch.ts';
import { extractArticle } from './html.ts';
import { markdownToText, splitTitle } from './markdown-to-text.ts';

/** What a document turned out to be: an article draft, or a feed whose items are ingested in turn. */
export type SourceContent = ArticleContent | { readonly kind: 'feed'; readonly feed: Feed };

/** A document that is one article. */
export interface ArticleContent {
  readonly kind: 'article';
  readonly resolved: ResolvedDraft;
}

const MARKDOWN_EXTENSIONS = new Set(['.md', '.markdown', '.mdown']);
const HTML_EXTENSIONS = new Set(['.html', '.htm', '.xhtml']);
const FEED_EXTENSIONS = new Set(['.xml', '.rss', '.atom']);
const FEED_TYPES = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'application/feed+xml',
]);
const XML_TYPES = new Set(['application/xml', 'text/xml']);
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const TEXT_TYPES = new Set(['text/plain', 'text/markdown', 'text/x-markdown']);

/** The command-line overrides as the first metadata layer. */
function overrideLayer(overrides: MetadataOverrides): MetadataLayer {
  return { url: overrides.url, publisher: overrides.publisher, published: overrides.published };
}

/** Reads a local file's bytes as an article or a feed, by extension and then by content. */
export function readLocalFile(path: string, bytes: Uint8Array, overrides: MetadataOverrides): SourceContent {
  const ext = extname(path).toLowerCase();
  if (HTML_EXTENSIONS.has(ext))
    return { kind: 'article', resolved: fromHtml(decodeBytes(bytes, 'html'), undefined, overrides) };
  if (FEED_EXTENSIONS.has(ext)) return feedOrFail(decodeBytes(bytes, 'xml'), undefined);
  const text = decodeBytes(bytes, 'text');
  const head = text.trimStart().slice(0, 512).toLowerCase();
  if (!MARKDOWN_EXTENSIONS.has(ext) && looksLikeFeed(text)) return feedOrFail(text, undefined);
  if (!MARKDOWN_EXTENSIONS.has(ext) && (head.startsWith('<!doctype html') || head.startsWith('<html'))) {
    return { kind: 'article', resolved: fromHtml(text, undefined, overrides) };
  }
  return { kind: 'article', resolved: fromText(text, MARKDOWN_EXTENSIONS.has(ext), overrides) };
}

/** Interprets a fetched resource by its media type (sniffing when the server is vague); other types are not articles. */
export function readFetched(
  resource: FetchedResource,
  overrides: MetadataOverrides,
  hint?: FeedItem,
  feedTitle?: string,
): SourceContent {
  const type = resource.mediaType;
  const aliases = [resource.requestedUrl, resource.url];
  if (FEED_TYPES.has(type))
    return feedOrFail(decodeBytes(resource.bytes, 'xml', resource.charset), resource.url);
  if (XML_TYPES.has(type) || HTML_TYPES.has(type) || type === '') {
    const kind = XML_TYPES.has(type) ? 'xml' : 'html';
    const text = decodeBytes(resource.bytes, kind, resource.charset);
    if (looksLikeFeed(text)) return feedOrFail(text, resource.url);
    if (kind === 'xml' && !/<html\b/i.test(text.slice(0, 2048))) {
      throw new IngestFailure(
        'not-an-article',
        `not an article: ${type} document that is neither a feed nor a page`,
      );
    }
    return { kind: 'article', resolved: fromHtml(text, resource.url, overrides, hint, feedTitle, aliases) };
  }
  if (TEXT_TYPES.has(type)) {
    const text = decodeBytes(resource.bytes, 'text', resource.charset);
    return { kind: 'article', resolved: fromText(text, type !== 'text/plain', overrides, resource.url) };
  }
  throw new IngestFailure('not-an-article', `not an article: the server sent ${type}`);
}

function feedOrFail(xml: string, baseUrl: string | undefined): SourceContent {
  const feed = parseFeed(xml, baseUrl);
  if (!feed) throw new IngestFailure('not-an-article', 'not an article: XML that is not an RSS or Atom feed');
  if (feed.items.length === 0) throw new IngestFailure('no-text', 'the feed has no items with links');
  return { kind: 'feed', feed };
}

/** An article from an HTML page: flags, then page metadata, then the feed's item, then Readability's guesses. */
export function fromHtml(
  html: string,
  pageUrl: string | undefined,
  overrides: MetadataOverrides,
  hint?: FeedItem,
  feedTitle?: string,
  aliases: readonly string[] = [],
): ResolvedDraft {
  const page = extractArticle(html, pageUrl);
  const meta = page.metadata;
  const layers: MetadataLayer[] = [
    overrideLayer(overrides),
    {
      title: meta.title,
      ...claimedUrl(meta.canonicalUrl, pageUrl),
      publisher: meta.publisher,
      published: meta.published,
      author: meta.author,
      language: meta.language,
    },
    { title: hint?.title, published: hint?.published, author: hint?.author, publisher: feedTitle },
    {
      title: page.fallbackTitle,
      published: meta.timeElement,
      author: page.byline,
      url: pageUrl === undefined ? undefined : stripFragment(pageUrl),
    },
  ];
  return resolveDraft(layers, page.body, aliases);
}

/**
 * An article from a Markdown or plain text file. Front matter (the article file format) supplies
 * metadata; without it the title is the first heading or first line and the rest comes from the flags.
 */
export function fromText(
  text: string,
  markdown: boolean,
  overrides: MetadataOverrides,
  fetchedFrom?: string,
): ResolvedDraft {
  let frontMatter: RawFrontMatter | null;
  let content: string;
  try {
    const parts = parseArticleFile(text);
    frontMatter = parts.frontMatter;
    content = parts.body;
  } catch (error) {
    if (error instanceof FrontMatterSyntaxError) throw new IngestFailure('missing-metadata', error.message);
    throw error;
  }
  const fromFile = frontMatterLayer(frontMatter ?? {});
  let title = fromFile.title;
  if (!title) {
    const split = splitTitle(content);
    title = markdown ? markdownToText(split.title) : split.title;
    content = split.body;
  } else {
    const split = splitTitle(content);
    // A body that repeats the front matter title as its first heading would otherwise start with it.
    if (sameWords(markdown ? markdownToText(split.title) : split.title, title)) content = split.body;
  }
  const body = normalizeBody(markdown ? markdownToText(content) : content);
  const fileLayer = { ...fromFile, title, ...claimedUrl(fromFile.url, fetchedFrom) };
  return resolveDraft([overrideLayer(overrides), fileLayer, { url: fetchedFrom }], body);
}

/**
 * The URL a document claims for itself is cited only when it is on the site it was fetched from (or it
 * was not fetched); another site's claim is kept as `canonical` for the operator, and never used to
 * match or update an existing article.
 */
function claimedUrl(
  claimed: string | undefined,
  fetchedFrom: string | undefined,
): Pick<MetadataLayer, 'url' | 'canonical'> {
  if (claimed === undefined || fetchedFrom === undefined || sameSite(claimed, fetchedFrom))
    return { url: claimed };
  return { url: undefined, canonical: claimed };
}

function frontMatterLayer(frontMatter: RawFrontMatter): MetadataLayer {
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' && value.trim() ? value.trim() : undefined;
  const published =
    frontMatter.published instanceof Date ? frontMatter.published.toISOString() : text(frontMatter.published);
  const tags = Array.isArray(frontMatter.tags)
    ? frontMatter.tags.filter((tag): tag is string => typeof tag === 'string')
    : undefined;
  return {
    title: text(frontMatter.title),
    url: text(frontMatter.url),
    canonical: text(frontMatter.canonical),
    publisher: text(frontMatter.publisher),
    published: toIsoDate(published),
    author: text(frontMatter.author),
    language: text(frontMatter.language),
    tags,
  };
}

function sameWords(a: string, b: string): boolean {
  const fold = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  return fold(a) !== '' && fold(a) === fold(b);
}

function stripFragment(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.href;
}
