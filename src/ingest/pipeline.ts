import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { LoadProblem } from '../corpus/types.ts';
import { type HostResolver, PinnedDispatchers, systemResolver } from './address.ts';
import { ArticleStore } from './article-store.ts';
import type { MetadataOverrides } from './draft.ts';
import { type FailureCode, IngestFailure, toFailure } from './failure.ts';
import type { FeedItem } from './feed.ts';
import {
  DEFAULT_FETCH_LIMITS,
  defaultFetch,
  type FetchFunction,
  type FetchLimits,
  type FetchOptions,
  fetchResource,
} from './fetch.ts';
import { type ArticleContent, readFetched, readLocalFile, type SourceContent } from './sources.ts';

/** How one input (a file, a URL, or one item of a feed) ended. */
export interface IngestResult {
  readonly input: string;
  readonly status: 'added' | 'updated' | 'unchanged' | 'failed';
  readonly id?: string;
  readonly title?: string;
  /** Why it failed (`failed`), or which existing article it matched (`unchanged` by same text). */
  readonly reason?: string;
  /** Stable failure code for scripts. */
  readonly code?: FailureCode;
  /** The feed this item came from. */
  readonly feed?: string;
  /** Defaults that were assumed, e.g. the publisher taken from the host name. */
  readonly notes?: readonly string[];
}

export interface IngestOptions {
  /** The data folder; articles are written to `<dataDir>/articles/` and nowhere else. */
  readonly dataDir: string;
  readonly limits?: FetchLimits;
  readonly overrides?: MetadataOverrides;
  /** Feed items fetched at once. Default 4. */
  readonly concurrency?: number;
  /** Items taken from one feed, newest first as the feed lists them. Default 100. */
  readonly maxFeedItems?: number;
  /**
   * Fetch loopback, private, link-local and other non-public addresses (for an intranet). Default false:
   * such URLs, redirects and feed links are refused, checked on every hop after DNS resolution.
   */
  readonly allowPrivate?: boolean;
  /** Resolves host names (default: the system resolver); tests inject one to map names without a network. */
  readonly resolveHost?: HostResolver;
  readonly fetchImpl?: FetchFunction;
  readonly logger?: Logger;
  /** Called as each result is known (for progress output). */
  readonly onResult?: (result: IngestResult) => void;
  /**
   * Called for each entry of the articles folder that could not be read (a folder named `x.md`, a symbolic link
   * to nothing, an unreadable file): it is skipped, as the library loader skips it, and ingesting goes on.
   */
  readonly onProblem?: (problem: LoadProblem) => void;
}

const FILE_EXTENSIONS = /\.(md|markdown|mdown|txt|text|html?|xhtml|xml|rss|atom)$/i;

/**
 * Ingests files, folders (their article-like files), web pages and feeds into `<dataDir>/articles/`.
 * Every input gets a result; a failure never stops the others. Same URL or same text → one article.
 */
export async function ingest(inputs: readonly string[], options: IngestOptions): Promise<IngestResult[]> {
  const store = await ArticleStore.open(join(options.dataDir, 'articles'));
  for (const problem of store.problems) {
    options.logger?.warn({ ...problem }, 'article file skipped');
    options.onProblem?.(problem);
  }
  const context: Context = {
    store,
    fetch: {
      limits: options.limits ?? DEFAULT_FETCH_LIMITS,
      addresses: {
        allowPrivate: options.allowPrivate ?? false,
        resolveHost: options.resolveHost ?? systemResolver,
      },
      fetchImpl: options.fetchImpl ?? defaultFetch,
      dispatchers: new PinnedDispatchers(),
    },
    overrides: options.overrides ?? {},
    concurrency: Math.max(1, options.concurrency ?? 4),
    maxFeedItems: options.maxFeedItems ?? 100,
    logger: options.logger,
    results: [],
    onResult: options.onResult,
  };
  try {
    for (const input of inputs) {
      if (isHttpLike(input)) await ingestUrl(context, input);
      else await ingestPath(context, input);
    }
  } finally {
    await context.fetch.dispatchers.close();
  }
  return context.results;
}

interface Context {
  readonly store: ArticleStore;
  readonly fetch: FetchOptions;
  readonly overrides: MetadataOverrides;
  readonly concurrency: number;
  readonly maxFeedItems: number;
  readonly logger: Logger | undefined;
  readonly results: IngestResult[];
  readonly onResult: ((result: IngestResult) => void) | undefined;
}

/** Anything with a URL scheme (`http:`, `ftp:`, `javascript:`...) is treated as a URL, not a path. */
function isHttpLike(input: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(input) || /^(javascript|data|mailto):/i.test(input);
}

/** What a failure's log line adds to its result (resolved addresses, the redirect hop...): logged, not shown. */
const failureDetail = new WeakMap<IngestResult, Readonly<Record<string, unknown>>>();

function report(context: Context, result: IngestResult): void {
  context.results.push(result);
  context.onResult?.(result);
  const { status, input, id, code, reason, feed, notes } = result;
  if (status === 'failed')
    context.logger?.warn({ input, feed, code, reason, ...failureDetail.get(result) }, 'ingest failed');
  else context.logger?.info({ input, id, status, notes }, `article ${status}`);
}

function failed(input: string, error: unknown, feed?: string): IngestResult {
  const failure = toFailure(error);
  const result: IngestResult = {
    input,
    status: 'failed',
    code: failure.code,
    reason: failure.message,
    ...(feed ? { feed } : {}),
  };
  if (failure.detail) failureDetail.set(result, failure.detail);
  return result;
}

async function ingestPath(context: Context, input: string): Promise<void> {
  const path = resolve(input);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    report(context, failed(input, new IngestFailure('file-not-found', `file not found: ${input}`)));
    return;
  }
  if (info.isDirectory()) {
    const names = (await readdir(path))
      .filter((name) => FILE_EXTENSIONS.test(name) && !name.startsWith('.'))
      .sort();
    if (names.length === 0)
      report(context, failed(input, new IngestFailure('file-not-found', `no article files in ${input}`)));
    for (const name of names) await ingestPath(context, join(input, name));
    return;
  }
  let content: SourceContent;
  try {
    if (info.size > context.fetch.limits.maxBytes) {
      throw new IngestFailure('too-large', `larger than the ${context.fetch.limits.maxBytes}-byte limit`);
    }
    content = readLocalFile(path, new Uint8Array(await readFile(path)), context.overrides);
  } catch (error) {
    report(context, failed(input, error));
    return;
  }
  if (content.kind === 'feed') await ingestFeedItems(context, input, content.feed.items, content.feed.title);
  else report(context, await store(context, input, content));
}

async function ingestUrl(context: Context, input: string): Promise<void> {
  let content: SourceContent;
  try {
    content = readFetched(await fetchResource(input, context.fetch), context.overrides);
  } catch (error) {
    report(context, failed(input, error));
    return;
  }
  if (content.kind === 'feed') await ingestFeedItems(context, input, content.feed.items, content.feed.title);
  else report(context, await store(context, input, content));
}

async function store(
  context: Context,
  input: string,
  content: ArticleContent,
  feed?: string,
): Promise<IngestResult> {
  const { draft, notes } = content.resolved;
  try {
    const outcome = await context.store.save(draft);
    return {
      input,
      status: outcome.status,
      id: outcome.id,
      title: draft.title,
      ...(outcome.note ? { reason: outcome.note } : {}),
      ...(feed ? { feed } : {}),
      ...(notes.length > 0 ? { notes } : {}),
    };
  } catch (error) {
    return failed(input, error, feed);
  }
}

/**
 * Fetches and extracts a feed's items a few at a time, then stores them one by one in feed order, so
 * new ids (and their collision suffixes) do not depend on which response came first.
 */
async function ingestFeedItems(
  context: Context,
  feed: string,
  items: readonly FeedItem[],
  feedTitle: string | undefined,
): Promise<void> {
  // --url names one article, so it never applies to a feed's items; --publisher/--published still do.
  const overrides = { ...context.overrides, url: undefined };
  const chosen = items.slice(0, context.maxFeedItems);
  const prepared: Promise<ArticleContent | IngestResult>[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < chosen.length) {
      const index = next++;
      const item = chosen[index] as FeedItem;
      prepared[index] = prepareFeedItem(context, item, feed, feedTitle, overrides);
      await prepared[index];
    }
  };
  await Promise.all(Array.from({ length: Math.min(context.concurrency, chosen.length) }, worker));
  for (const [index, pending] of prepared.entries()) {
    const content = await pending;
    const item = chosen[index] as FeedItem;
    report(context, 'status' in content ? content : await store(context, item.url, content, feed));
  }
}

async function prepareFeedItem(
  context: Context,
  item: FeedItem,
  feed: string,
  feedTitle: string | undefined,
  overrides: MetadataOverrides,
): Promise<ArticleContent | IngestResult> {
  try {
    const content = readFetched(await fetchResource(item.url, context.fetch), overrides, item, feedTitle);
    if (content.kind === 'feed')
      throw new IngestFailure('not-an-article', 'a feed item links to another feed');
    return content;
  } catch (error) {
    return failed(item.url, error, feed);
  }
}
