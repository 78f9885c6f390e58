import type { Citation } from '../../answer/citation.ts';
import { linkedText, linkUpTo, MAX_PUBLISHER_SHOWN, MAX_TITLE_SHOWN, shownText } from './links.ts';

/** How a citation line is laid out: under a quote of /ask or /cite, or under a timeline fact. */
export interface CitationLineOptions {
  /** Links over this many characters are given up ({@link linkUpTo}): the quoted words, then the article. */
  readonly maxLink?: number;
  /** The result's number, shown first in bold (`**[2]**`): /ask numbers its results. */
  readonly number?: number | undefined;
  /**
   * `quote` (default): `[Title](<link>) — Publisher, date, ¶ n`; `fact`: `— [Title](<link>) · Publisher · date · ¶n`,
   * the timeline's line under a dated sentence.
   */
  readonly layout?: 'quote' | 'fact';
}

/**
 * The citation line under a verbatim quote (pure): title linked to the quoted words (else to the article, else not
 * linked), publisher, date and paragraph; title and publisher escaped and cut when very long. Every message that
 * cites an article writes its citation here.
 */
export function citationLine(citation: Citation, options: CitationLineOptions = {}): string {
  const title = shownText(citation.title, MAX_TITLE_SHOWN);
  const target = linkUpTo(citation, options.maxLink ?? Number.POSITIVE_INFINITY);
  const linked = target === undefined ? title : linkedText(title, target);
  const publisher = shownText(citation.publisher, MAX_PUBLISHER_SHOWN);
  if (options.layout === 'fact')
    return `— ${linked} · ${publisher} · ${citation.published} · ¶${citation.paragraph}`;
  const number = options.number === undefined ? '' : `**[${options.number}]** `;
  return `${number}${linked} — ${publisher}, ${citation.published}, ¶ ${citation.paragraph}`;
}
