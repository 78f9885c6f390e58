import type { Article, Passage } from '../corpus/types.ts';

/** Where a quote comes from, with a link that jumps to it. */
export interface Citation {
  readonly title: string;
  readonly publisher: string;
  /** ISO date, YYYY-MM-DD. */
  readonly published: string;
  readonly paragraph: number;
  readonly url: string;
  /** `url` with a text fragment (`#:~:text=`) that highlights the quote in browsers that support it. */
  readonly link: string;
}

// Text directives reserve "-", "," and "&"; encodeURIComponent leaves "-" alone.
function encodeFragmentText(text: string): string {
  return encodeURIComponent(text).replace(/-/gu, '%2D');
}

/** Words used at each end of a long quote's `text=start,end` directive. */
const FRAGMENT_EDGE_WORDS = 5;
/** Quotes up to this length are matched whole; longer ones by their first and last words. */
const FRAGMENT_WHOLE_MAX = 80;

/**
 * A link to `text` inside the page at `url`, using a URL text fragment
 * (https://wicg.github.io/scroll-to-text-fragment/): `url#:~:text=start,end`.
 */
export function textFragmentUrl(url: string, text: string): string {
  const words = text.trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return url;
  let directive: string;
  if (text.length <= FRAGMENT_WHOLE_MAX || words.length <= FRAGMENT_EDGE_WORDS * 2) {
    directive = encodeFragmentText(words.join(' '));
  } else {
    const start = words.slice(0, FRAGMENT_EDGE_WORDS).join(' ');
    const end = words.slice(-FRAGMENT_EDGE_WORDS).join(' ');
    directive = `${encodeFragmentText(start)},${encodeFragmentText(end)}`;
  }
  const withoutDirective = url.replace(/:~:.*$/u, '');
  const separator = withoutDirective.includes('#') ? '' : '#';
  return `${withoutDirective}${separator}:~:text=${directive}`;
}

/** The citation for a quote taken from `passage` of `article`. */
export function citationFor(article: Article, passage: Passage, quoteText: string): Citation {
  return {
    title: article.title,
    publisher: article.publisher,
    published: article.published,
    paragraph: passage.paragraph,
    url: article.url,
    link: textFragmentUrl(article.url, quoteText),
  };
}
