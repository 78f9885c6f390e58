import type { APIEmbedField } from 'discord-api-types/v10';
import type { Article, Passage } from '../../corpus/types.ts';
import type { LibraryStats } from '../../library.ts';
import { encodeCustomId } from '../custom-id.ts';
import { LIMITS } from '../limits.ts';
import { cutMarkdown } from '../markdown.ts';
import type { ReplyPayload } from '../respond.ts';
import type { ShardFigures } from '../shards.ts';
import { linkWithin, maskedLink, shownText, urlPreview } from './links.ts';
import { pagerRows, pageWindow } from './pager.ts';
import { verbatimQuote } from './quote.ts';

const BRAND_COLOUR = 0x5b7db1;
/** Longest first paragraph shown by /article before it is cut at a sentence end. */
const FIRST_PARAGRAPH_CHARS = 1500;
/** Longest publisher, author or tag list shown in an /article field. */
const MAX_FIELD_TEXT = 256;
/** One /sources line at most: ten of them always fit in an embed description (4,096). */
const MAX_SOURCES_LINE = Math.floor(LIMITS.embedDescription / 10) - 1;

/**
 * The "Read it" field: a link labelled in words (Discord shows a masked link whose label is a URL as plain text),
 * or when it cannot fit in a field, the start of the URL, said so.
 */
export function readIt(url: string): string {
  const link = maskedLink('Read the full article', url);
  if (link.length <= LIMITS.embedFieldValue) return link;
  return `${urlPreview(url, 100)} (the link is too long for Discord)`;
}

/** The first paragraph of an article, verbatim, from its passages (a long paragraph spans several). */
export function firstParagraph(article: Article, passages: readonly Passage[]): string {
  const first = passages.filter((passage) => passage.paragraph === passages[0]?.paragraph);
  const start = first[0]?.start;
  const end = first.at(-1)?.end;
  if (start === undefined || end === undefined) return article.body.trim().split(/\n\s*\n/)[0] ?? '';
  return article.body.slice(start, end);
}

/** /article: metadata, the first paragraph as a block quote, and the link (pure). */
export function renderArticle(article: Article, passages: readonly Passage[]): ReplyPayload {
  const paragraph = firstParagraph(article, passages);
  const quoted = verbatimQuote(paragraph);
  const fields = [
    { name: 'Publisher', value: shownText(article.publisher, MAX_FIELD_TEXT), inline: true },
    { name: 'Published', value: article.published, inline: true },
    ...(article.author
      ? [{ name: 'Author', value: shownText(article.author, MAX_FIELD_TEXT), inline: true }]
      : []),
    { name: 'Passages', value: String(passages.length), inline: true },
    ...(article.tags.length > 0
      ? [{ name: 'Tags', value: shownText(article.tags.join(', '), MAX_FIELD_TEXT), inline: true }]
      : []),
    { name: 'Read it', value: readIt(article.url) },
  ];
  return {
    embeds: [
      {
        title: shownText(article.title, LIMITS.embedTitle),
        // Over Discord's 2,048 characters, `respond` leaves it out: the title is then not a link.
        url: article.url,
        description: cutMarkdown(quoted, FIRST_PARAGRAPH_CHARS),
        fields,
        footer: { text: `id: ${article.id}` },
        color: BRAND_COLOUR,
      },
    ],
  };
}

/** Articles per /sources page. */
export const SOURCES_PAGE_SIZE = 10;

/** /sources: one page of the library, newest first, with Previous/Next buttons (state: the page number). */
export function renderSources(articles: readonly Article[], page: number): ReplyPayload {
  const sorted = [...articles].sort(
    (a, b) => b.published.localeCompare(a.published) || a.title.localeCompare(b.title),
  );
  // Pages are numbered from 1 here (the `page` option and the buttons), from 0 in {@link pageWindow}.
  const window = pageWindow(sorted.length, SOURCES_PAGE_SIZE, (Math.trunc(page) || 1) - 1);
  const current = window.index + 1;
  const pages = window.pages;
  const first = window.index * SOURCES_PAGE_SIZE;
  const lines = sorted.slice(first, first + SOURCES_PAGE_SIZE).map((article, i) => {
    const where = ` — ${shownText(article.publisher, 60)}, ${article.published}`;
    const number = `**${first + i + 1}.** `;
    const room = MAX_SOURCES_LINE - number.length - where.length;
    return `${number}${linkWithin(article.title, article.url, room)}${where}`;
  });
  const description =
    lines.length > 0 ? lines.join('\n') : 'The library is empty: add articles to `data/articles/`.';
  return {
    embeds: [
      {
        title: `Library — page ${current} of ${pages}`,
        description,
        footer: { text: `${sorted.length} article${sorted.length === 1 ? '' : 's'}, newest first` },
        color: BRAND_COLOUR,
      },
    ],
    // The action word keeps the two ids distinct even when both would point at the same page.
    components: pagerRows(window, (target, label) =>
      encodeCustomId('sources', [label === 'Previous' ? 'prev' : 'next', String(target + 1)]),
    ),
  };
}

/** /about: what the library holds and how fresh it is (pure: the stats and version are inputs). */
/** One line per shard (servers, memory, uptime), and which shard answered. */
function shardsField(answeredBy: number, figures: readonly ShardFigures[]): APIEmbedField {
  const servers = figures.reduce((sum, f) => sum + f.servers, 0);
  const lines = figures.map(
    (f) =>
      `#${f.shard}: ${f.servers} server${f.servers === 1 ? '' : 's'} · ${Math.round(f.rss / 2 ** 20)} MiB · up ${formatUptime(f.uptime)}`,
  );
  // An embed field holds 1,024 characters: the shards that do not fit are counted.
  let shown = lines.length;
  while (shown > 1 && lines.slice(0, shown).join('\n').length > LIMITS.embedFieldValue - 20) shown -= 1;
  const more = lines.length - shown;
  return {
    name: `Shards (${figures.length}, ${servers} server${servers === 1 ? '' : 's'}; this answer: shard #${answeredBy})`,
    value: [...lines.slice(0, shown), ...(more > 0 ? [`… and ${more} more`] : [])].join('\n'),
    inline: false,
  };
}

/** Seconds as "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
export function formatUptime(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}

export function renderAbout(
  stats: LibraryStats,
  version: string,
  shards?: { readonly answeredBy: number; readonly figures: readonly ShardFigures[] } | null,
): ReplyPayload {
  const range = stats.dateRange ? `${stats.dateRange.from} to ${stats.dateRange.to}` : 'no articles yet';
  const built = stats.indexBuiltAt.toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    embeds: [
      {
        title: 'About Footnote',
        description:
          'Footnote answers questions from a library of articles with verbatim quotes and a citation for each. ' +
          'It never paraphrases: if the library does not say it, Footnote says so.',
        fields: [
          { name: 'Articles', value: String(stats.articles), inline: true },
          { name: 'Passages', value: String(stats.passages), inline: true },
          { name: 'Corpus dates', value: range, inline: true },
          {
            name: 'Index built',
            value: `${built} (<t:${Math.floor(stats.indexBuiltAt.getTime() / 1000)}:R>)`,
            inline: true,
          },
          { name: 'Version', value: version, inline: true },
          ...(shards ? [shardsField(shards.answeredBy, shards.figures)] : []),
        ],
        color: BRAND_COLOUR,
      },
    ],
  };
}
