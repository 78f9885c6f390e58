import type { DomDocument, DomElement } from './dom.ts';

/** Elements that are never article text, whatever the page. */
const FURNITURE_SELECTORS = [
  'nav',
  'footer',
  'aside',
  'form',
  'figcaption',
  'button',
  'dialog',
  'noscript',
  'iframe',
  'template',
  '[role="navigation"]',
  '[role="complementary"]',
  '[role="contentinfo"]',
  '[role="banner"]',
  '[hidden]',
  '[aria-hidden="true"]',
].join(', ');

/**
 * Class or id words that mark page furniture: share bars, related-article lists, comment sections,
 * newsletter boxes, bylines-as-bios, ads. Matched as whole `-`/`_`-separated words so `shared-content`
 * or `heading` do not trip it.
 */
const FURNITURE_WORDS =
  /(^|[-_\s])(share|shares|sharing|sharedaddy|sharebar|social|related|relatedposts|recommended|more-stories|read-more|comments?|commentlist|respond|reply|newsletter|subscribe|subscription|signup|promo|advert|advertisement|ads?|sponsored|breadcrumbs?|sidebar|widget|cookie|popup|modal|author-bio|paywall|tags|tag-list|post-tags|jp-relatedposts)($|[-_\s])/i;

/** Class or id words that mark a short line about the article rather than of it: byline, dateline, credits. */
const SHORT_FURNITURE_WORDS =
  /(^|[-_\s])(byline|author|authors|dateline|entry-meta|post-meta|article-meta|meta|timestamp|published|updated|date|credit|credits|caption|photo-credit|kicker)($|[-_\s])/i;
const SHORT_TEXT = 120;

/** Containers that may carry furniture-like classes (e.g. `<body class="has-comments">`) but hold the article. */
const NEVER_REMOVE = new Set(['HTML', 'BODY', 'MAIN', 'ARTICLE', 'HEAD']);

/**
 * Removes navigation, share bars, captions, comment forms, related-article lists and footers before
 * Readability runs: Readability drops most furniture itself, but short captions and share links next to
 * the text are often kept.
 */
export function stripFurniture(document: DomDocument): number {
  let removed = 0;
  for (const element of [...document.querySelectorAll(FURNITURE_SELECTORS)]) {
    if (isProtected(element)) continue;
    element.remove();
    removed++;
  }
  for (const element of [...document.querySelectorAll('[class], [id]')]) {
    if (isProtected(element) || !element.parentNode) continue;
    const words = `${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`;
    if (!FURNITURE_WORDS.test(words) && !isShortFurniture(element, words)) continue;
    element.remove();
    removed++;
  }
  return removed;
}

function isShortFurniture(element: DomElement, words: string): boolean {
  if (!SHORT_FURNITURE_WORDS.test(words)) return false;
  return (element.textContent ?? '').trim().length <= SHORT_TEXT;
}

function isProtected(element: DomElement): boolean {
  if (NEVER_REMOVE.has(element.tagName.toUpperCase())) return true;
  // A wrapper around the article itself is not furniture, whatever its class says.
  return element.querySelector('article, main, [itemprop="articleBody"]') !== null;
}
