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

/** One `text=` directive of a text fragment for `text`: whole when short, else its first and last words. */
function fragmentDirective(text: string): string | null {
  const words = text.trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return null;
  if (text.length <= FRAGMENT_WHOLE_MAX || words.length <= FRAGMENT_EDGE_WORDS * 2) {
    return `text=${encodeFragmentText(words.join(' '))}`;
  }
  const start = words.slice(0, FRAGMENT_EDGE_WORDS).join(' ');
  const end = words.slice(-FRAGMENT_EDGE_WORDS).join(' ');
  return `text=${encodeFragmentText(start)},${encodeFragmentText(end)}`;
}

/**
 * A link to `text` (or to each of several texts) inside the page at `url`, using URL text fragments
 * (https://wicg.github.io/scroll-to-text-fragment/): `url#:~:text=start,end&text=…`.
 */
export function textFragmentUrl(url: string, text: string | readonly string[]): string {
  const directives = (typeof text === 'string' ? [text] : text).flatMap(
    (piece) => fragmentDirective(piece) ?? [],
  );
  if (directives.length === 0) return url;
  const withoutDirective = url.replace(/:~:.*$/u, '');
  const separator = withoutDirective.includes('#') ? '' : '#';
  return `${withoutDirective}${separator}:~:${directives.join('&')}`;
}

/** The citation for a quote (its text, or the texts of its pieces) taken from `passage` of `article`. */
export function citationFor(
  article: Article,
  passage: Passage,
  quoteText: string | readonly string[],
): Citation {
  return {
    title: article.title,
    publisher: article.publisher,
    published: article.published,
    paragraph: passage.paragraph,
    url: article.url,
    link: textFragmentUrl(article.url, quoteText),
  };
}
