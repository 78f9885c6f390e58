import { XMLParser } from 'fast-xml-parser';
import { collapseWhitespace } from './body-text.ts';
import { toIsoDate } from './date.ts';

/** One feed entry: the link to fetch, plus what the feed says about it (used when the page says less). */
export interface FeedItem {
  readonly url: string;
  readonly title?: string | undefined;
  readonly published?: string | undefined;
  readonly author?: string | undefined;
}

/** An RSS 2.0, RSS 1.0 (RDF) or Atom feed, reduced to its title and its items' links. */
export interface Feed {
  readonly title?: string | undefined;
  readonly items: readonly FeedItem[];
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

/** True when the text starts like an RSS, RDF or Atom document (after an optional XML declaration and comments). */
export function looksLikeFeed(text: string): boolean {
  const head = text
    .slice(0, 2048)
    .replace(/<\?xml[^>]*>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/gi, '')
    .trimStart();
  return /^<(rss|feed|rdf:RDF)\b/i.test(head);
}

/** Parses a feed, or returns null when the XML is not a feed. Item links are resolved against `baseUrl`. */
export function parseFeed(xml: string, baseUrl?: string): Feed | null {
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch {
    return null;
  }
  const rss = asNode(doc.rss);
  if (rss) {
    const channel = asNode(rss.channel);
    return { title: textOf(channel?.title), items: items(asArray(channel?.item), baseUrl, rssLink) };
  }
  const rdf = asNode(doc.RDF);
  if (rdf)
    return { title: textOf(asNode(rdf.channel)?.title), items: items(asArray(rdf.item), baseUrl, rssLink) };
  const atom = asNode(doc.feed);
  if (atom) return { title: textOf(atom.title), items: items(asArray(atom.entry), baseUrl, atomLink) };
  return null;
}

function items(
  nodes: readonly unknown[],
  baseUrl: string | undefined,
  linkOf: (item: Node) => string | undefined,
): FeedItem[] {
  const seen = new Set<string>();
  const out: FeedItem[] = [];
  for (const node of nodes) {
    const item = asNode(node);
    if (!item) continue;
    const url = resolve(linkOf(item), baseUrl);
    if (!url || seen.has(url)) continue;
    seen.add(url);
    out.push({
      url,
      title: textOf(item.title),
      published: toIsoDate(
        textOf(item.pubDate) ?? textOf(item.published) ?? textOf(item.date) ?? textOf(item.updated),
      ),
      author: textOf(item.creator) ?? textOf(asNode(asArray(item.author)[0])?.name) ?? textOf(item.author),
    });
  }
  return out;
}

function rssLink(item: Node): string | undefined {
  const link = asArray(item.link)
    .map(textOf)
    .find((value) => value);
  if (link) return link;
  const guid = item.guid;
  const guidNode = asNode(guid);
  if (guidNode && guidNode['@_isPermaLink'] !== 'false') return textOf(guidNode['#text']);
  return typeof guid === 'string' ? guid : undefined;
}

function atomLink(item: Node): string | undefined {
  const links = asArray(item.link)
    .map(asNode)
    .filter((link): link is Node => link !== undefined);
  const alternate = links.find((link) => (link['@_rel'] ?? 'alternate') === 'alternate');
  return textOf(alternate?.['@_href']);
}

function resolve(raw: string | undefined, base: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    return new URL(raw, base).href;
  } catch {
    return raw; // Reported later as "not http(s)" with the raw value, which is more useful than dropping it.
  }
}

function asNode(value: unknown): Node | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Node) : undefined;
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string' || typeof value === 'number')
    return collapseWhitespace(String(value)) || undefined;
  const node = asNode(value);
  return node ? textOf(node['#text']) : undefined;
}
