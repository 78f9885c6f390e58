import { isRealIsoDate } from '../corpus/schema.ts';
import type { ArticleDraft } from './article-store.ts';
import { IngestFailure } from './failure.ts';

/** Metadata from one source (flags, front matter, page, feed); missing fields are left undefined. */
export interface MetadataLayer {
  readonly title?: string | undefined;
  readonly url?: string | undefined;
  /** A URL the source claims as its own but that is not trusted for the citation (another site's). */
  readonly canonical?: string | undefined;
  readonly publisher?: string | undefined;
  readonly published?: string | undefined;
  readonly author?: string | undefined;
  readonly language?: string | undefined;
  readonly tags?: readonly string[] | undefined;
}

/** Metadata given on the command line; it overrides what the source says. */
export interface MetadataOverrides {
  readonly url?: string | undefined;
  readonly publisher?: string | undefined;
  /** `YYYY-MM-DD`. */
  readonly published?: string | undefined;
}

/** A draft and what was assumed to complete it (reported to the user). */
export interface ResolvedDraft {
  readonly draft: ArticleDraft;
  readonly notes: readonly string[];
}

type Field = keyof MetadataLayer;

function pick<K extends Field>(layers: readonly MetadataLayer[], field: K): MetadataLayer[K] | undefined {
  for (const layer of layers) {
    const value = layer[field];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/**
 * The first publication date the library loader accepts ({@link isRealIsoDate}, its own check), and the ones
 * skipped before it: a file with a date the loader rejects would be written and then never load.
 */
function pickPublished(layers: readonly MetadataLayer[]): { published?: string; rejected: string[] } {
  const rejected: string[] = [];
  for (const layer of layers) {
    const value = layer.published?.trim();
    if (!value) continue;
    if (isRealIsoDate(value)) return { published: value, rejected };
    rejected.push(value);
  }
  return { rejected };
}

/**
 * Combines metadata layers (first wins) and a body into a draft. The publisher defaults to the URL's host
 * (noted); a missing title, URL or date fails with `missing-metadata` naming the flag that supplies it,
 * because a citation with an invented URL or date would mislead.
 */
export function resolveDraft(
  layers: readonly MetadataLayer[],
  body: string,
  aliases: readonly string[] = [],
): ResolvedDraft {
  if (!body.trim()) throw new IngestFailure('no-text', 'no article text');
  const notes: string[] = [];
  const title = pick(layers, 'title');
  const url = pick(layers, 'url');
  const { published, rejected } = pickPublished(layers);
  const missing: string[] = [];
  if (!title) missing.push('title');
  if (!url) missing.push('url (add it to the front matter or pass --url)');
  if (!published)
    missing.push(
      `publication date (${rejected.map((date) => `"${date}" is not a real date; `).join('')}pass --published YYYY-MM-DD)`,
    );
  if (!title || !url || !published) {
    throw new IngestFailure('missing-metadata', `missing ${missing.join(', ')}`);
  }
  for (const date of rejected)
    notes.push(`ignored the publication date "${date}" (expected a real date, YYYY-MM-DD)`);
  const host = httpHost(url);
  if (host === undefined) throw new IngestFailure('not-http', `the article URL must be http(s): ${url}`);
  let publisher = pick(layers, 'publisher');
  if (!publisher) {
    publisher = host;
    notes.push(`publisher defaulted to "${host}" (pass --publisher to set it)`);
  }
  const claimed = pick(layers, 'canonical');
  const canonical =
    claimed !== undefined && httpHost(claimed) !== undefined && claimed !== url ? claimed : undefined;
  if (canonical)
    notes.push(`its canonical URL ${canonical} is on another site: cited ${url} (kept as canonical)`);
  return {
    draft: {
      title,
      url,
      canonical,
      publisher,
      published,
      author: pick(layers, 'author'),
      language: pick(layers, 'language'),
      tags: pick(layers, 'tags'),
      body,
      aliases: aliases.filter((alias) => alias !== url),
    },
    notes,
  };
}

/** True when both URLs are on the same host (`www.` aside): only then may a page name its own citation URL. */
export function sameSite(a: string, b: string): boolean {
  const hostA = httpHost(a);
  return hostA !== undefined && hostA === httpHost(b);
}

function httpHost(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    return parsed.hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return undefined;
  }
}
