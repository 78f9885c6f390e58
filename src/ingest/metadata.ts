import { collapseWhitespace } from './body-text.ts';
import { toIsoDate } from './date.ts';
import { type DomDocument, metaContent } from './dom.ts';

/** What a page says about itself in its metadata; every field may be missing. */
export interface PageMetadata {
  readonly title?: string | undefined;
  /** Canonical http(s) URL: `<link rel=canonical>`, then `og:url`, then JSON-LD. */
  readonly canonicalUrl?: string | undefined;
  readonly publisher?: string | undefined;
  /** `YYYY-MM-DD`, from publication-date metadata (Open Graph, JSON-LD, `<meta name=date>`...). */
  readonly published?: string | undefined;
  /** `YYYY-MM-DD` from the first `<time datetime>`: a weaker hint than a feed's item date. */
  readonly timeElement?: string | undefined;
  /** The page's first `<h1>`, collapsed. */
  readonly heading?: string | undefined;
  readonly author?: string | undefined;
  readonly language?: string | undefined;
  /** The page declares itself an article (`og:type=article`, a JSON-LD article, or `article:published_time`). */
  readonly declaresArticle: boolean;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const ARTICLE_TYPE =
  /(^|:)(Article|NewsArticle|BlogPosting|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|ScholarlyArticle|TechArticle|Report)$/;
const LANGUAGE_TAG = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i;

/** Reads title, canonical URL, publisher, date, author and language from meta tags, Open Graph and JSON-LD. */
export function readPageMetadata(document: DomDocument, pageUrl: string | undefined): PageMetadata {
  const ld = jsonLdArticle(document);
  const ogType = metaContent(document, 'meta[property="og:type"]');
  const publishedMeta = metaContent(
    document,
    'meta[property="article:published_time"]',
    'meta[name="article:published_time"]',
  );
  return {
    title:
      text(str(ld?.headline)) ??
      text(metaContent(document, 'meta[property="og:title"]', 'meta[name="twitter:title"]')),
    canonicalUrl: canonicalUrl(document, ld, pageUrl),
    publisher:
      text(metaContent(document, 'meta[property="og:site_name"]')) ??
      text(nameOf(ld?.publisher)) ??
      text(metaContent(document, 'meta[name="application-name"]')),
    published:
      toIsoDate(publishedMeta) ??
      toIsoDate(str(ld?.datePublished)) ??
      toIsoDate(
        metaContent(
          document,
          'meta[name="date"]',
          'meta[name="pubdate"]',
          'meta[name="publish-date"]',
          'meta[name="citation_publication_date"]',
          'meta[name="DC.date.issued"]',
          'meta[itemprop="datePublished"]',
        ),
      ),
    timeElement: toIsoDate(
      (
        document.querySelector('article time[datetime]') ?? document.querySelector('time[datetime]')
      )?.getAttribute('datetime') ?? undefined,
    ),
    heading: text(
      (document.querySelector('article h1') ?? document.querySelector('h1'))?.textContent ?? undefined,
    ),
    author: authorOf(document, ld),
    language: languageOf(document, ld),
    declaresArticle: ogType?.toLowerCase() === 'article' || ld !== undefined || publishedMeta !== undefined,
  };
}

function text(value: string | undefined): string | undefined {
  const collapsed = value === undefined ? undefined : collapseWhitespace(value);
  return collapsed ? collapsed : undefined;
}

function str(value: Json | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return str(value[0]);
  return undefined;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nameOf(value: Json | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (isObject(value)) return str(value.name);
  if (Array.isArray(value)) return value.map(nameOf).find((name) => name);
  return undefined;
}

/** The first JSON-LD object typed as an article, looking inside arrays and `@graph`. */
function jsonLdArticle(document: DomDocument): JsonObject | undefined {
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    let data: Json;
    try {
      data = JSON.parse(script.textContent ?? '') as Json;
    } catch {
      continue; // Broken JSON-LD is common; the other sources still apply.
    }
    const found = findArticleNode(data, 0);
    if (found) return found;
  }
  return undefined;
}

function findArticleNode(value: Json, depth: number): JsonObject | undefined {
  if (depth > 4) return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findArticleNode(item, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (!isObject(value)) return undefined;
  const types = ([] as Json[]).concat(value['@type'] ?? []);
  if (types.some((type) => typeof type === 'string' && ARTICLE_TYPE.test(type))) return value;
  return value['@graph'] === undefined ? undefined : findArticleNode(value['@graph'], depth + 1);
}

function httpUrl(raw: string | undefined, base: string | undefined): string | undefined {
  if (!raw?.trim()) return undefined;
  try {
    const url = new URL(raw.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function canonicalUrl(
  document: DomDocument,
  ld: JsonObject | undefined,
  pageUrl: string | undefined,
): string | undefined {
  const mainEntity = ld?.mainEntityOfPage;
  return (
    httpUrl(document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? undefined, pageUrl) ??
    httpUrl(metaContent(document, 'meta[property="og:url"]'), pageUrl) ??
    httpUrl(str(ld?.url), pageUrl) ??
    httpUrl(isObject(mainEntity) ? str(mainEntity['@id']) : str(mainEntity), pageUrl)
  );
}

function authorOf(document: DomDocument, ld: JsonObject | undefined): string | undefined {
  const fromLd = ld?.author;
  const ldNames = Array.isArray(fromLd) ? fromLd.map(nameOf).filter((name) => name) : [nameOf(fromLd)];
  const joined = text(ldNames.filter((name): name is string => Boolean(name)).join(', '));
  if (joined) return joined;
  const meta = metaContent(
    document,
    'meta[name="author"]',
    'meta[property="article:author"]',
    'meta[name="parsely-author"]',
  );
  // article:author is often a profile URL, which is not a name.
  if (meta && !/^https?:\/\//i.test(meta)) return text(meta.replace(/^by\s+/i, ''));
  return undefined;
}

function languageOf(document: DomDocument, ld: JsonObject | undefined): string | undefined {
  const locale = metaContent(document, 'meta[property="og:locale"]')?.replace('_', '-');
  const candidates = [
    document.documentElement.getAttribute('lang'),
    metaContent(document, 'meta[http-equiv="content-language"]', 'meta[http-equiv="Content-Language"]'),
    str(ld?.inLanguage),
    locale,
  ];
  for (const candidate of candidates) {
    const tag = candidate?.trim();
    if (tag && LANGUAGE_TAG.test(tag)) return tag;
  }
  return undefined;
}
