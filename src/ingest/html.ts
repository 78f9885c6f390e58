import { isProbablyReaderable, Readability } from '@mozilla/readability';
import { collapseWhitespace, joinParagraphs } from './body-text.ts';
import { type DomNode, ELEMENT_NODE, parseDocument, TEXT_NODE } from './dom.ts';
import { IngestFailure } from './failure.ts';
import { stripFurniture } from './furniture.ts';
import { type PageMetadata, readPageMetadata } from './metadata.ts';

/** The article found in an HTML page: its metadata and its body as normalised paragraphs. */
export interface ExtractedPage {
  readonly metadata: PageMetadata;
  /** Title Readability settled on (from `<title>`/headings), used when the metadata has none. */
  readonly fallbackTitle: string | undefined;
  readonly byline: string | undefined;
  /** Paragraphs separated by one blank line, whitespace collapsed. */
  readonly body: string;
}

/** Fewer characters than this after extraction means the page is not an article (a list, a login page...). */
const MIN_ARTICLE_CHARS = 200;

/** Tags that start a new paragraph in the extracted text. */
const BLOCK_TAGS = new Set([
  'ADDRESS',
  'ARTICLE',
  'BLOCKQUOTE',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIGURE',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'TD',
  'TH',
  'THEAD',
  'TR',
  'UL',
]);
const SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'MATH', 'FIGCAPTION']);

/**
 * Extracts the article from an HTML page: metadata first (before anything is removed), then furniture
 * stripped, then Readability picks the main content, whose blocks become plain-text paragraphs.
 */
export function extractArticle(html: string, pageUrl: string | undefined): ExtractedPage {
  const document = parseDocument(html);
  const metadata = readPageMetadata(document, pageUrl);
  const pageText = collapseWhitespace(document.body?.textContent ?? '');
  if (!pageText) throw new IngestFailure('no-text', 'the page has no text');
  stripFurniture(document);
  // Readability's types name the DOM's `Document`, which this project compiles without (no DOM lib): the linkedom
  // document goes in as it is, no cast.
  const readerable = isProbablyReaderable(document, { minContentLength: 100, minScore: 10 });
  const parsed = new Readability<DomNode>(document, {
    serializer: (node) => node as unknown as DomNode,
  }).parse();
  const paragraphs = parsed?.content ? blockTexts(parsed.content) : [];
  const fallbackTitle = headingOrTitle(
    metadata.heading,
    cleanTitle(parsed?.title ?? document.title, metadata.publisher),
  );
  const title = metadata.title ?? fallbackTitle;
  if (paragraphs[0] !== undefined && title !== undefined && sameText(paragraphs[0], title))
    paragraphs.shift();
  const body = joinParagraphs(paragraphs);
  if (!body) throw new IngestFailure('no-text', 'no article text found on the page');
  if (body.length < MIN_ARTICLE_CHARS || (!readerable && !metadata.declaresArticle)) {
    throw new IngestFailure(
      'not-an-article',
      `the page does not look like an article (${body.length} characters of text)`,
    );
  }
  return {
    metadata,
    fallbackTitle,
    byline: parsed?.byline
      ? collapseWhitespace(parsed.byline.replace(/^by\s+/i, '')) || undefined
      : undefined,
    body,
  };
}

/** Plain-text paragraphs of an HTML fragment: one per block element; `<br><br>` also breaks a paragraph. */
export function blockTexts(root: DomNode): string[] {
  const paragraphs: string[] = [];
  let current = '';
  const flush = (): void => {
    // A `<br>` leaves a newline marker; two in a row (possibly with spaces between) separate paragraphs.
    for (const part of current.split(/\n[^\S\n]*\n/)) {
      const text = collapseWhitespace(part);
      if (text) paragraphs.push(text);
    }
    current = '';
  };
  const walk = (node: DomNode): void => {
    if (node.nodeType === TEXT_NODE) {
      current += (node.textContent ?? '').replace(/\s+/g, ' ');
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const tag = node.nodeName.toUpperCase();
    if (SKIPPED_TAGS.has(tag)) return;
    if (tag === 'BR') {
      current += '\n';
      return;
    }
    const block = BLOCK_TAGS.has(tag);
    if (block) flush();
    for (const child of node.childNodes) walk(child);
    if (block) flush();
  };
  walk(root);
  flush();
  return paragraphs;
}

function sameText(a: string, b: string): boolean {
  const fold = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  return fold(a) === fold(b);
}

/** The `<h1>` when the `<title>` repeats it (the rest of `<title>` is usually the site name), else the `<title>`. */
function headingOrTitle(heading: string | undefined, title: string | undefined): string | undefined {
  if (heading && (!title || title.toLowerCase().includes(heading.toLowerCase()))) return heading;
  return title ?? heading;
}

/** Drops a trailing ` | Site name` (or ` - `, ` — `) from a `<title>`. */
function cleanTitle(raw: string | null | undefined, siteName: string | undefined): string | undefined {
  let title = collapseWhitespace(raw ?? '');
  if (siteName) {
    const escaped = siteName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    title = title.replace(new RegExp(`\\s+[|\\-–—·:]\\s+${escaped}$`, 'i'), '').trim();
  }
  return title || undefined;
}
