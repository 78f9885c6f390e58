import { type Dispatcher, fetch as undiciFetch } from 'undici';
import { type AddressPolicy, checkedAddresses, type PinnedDispatchers } from './address.ts';
import { IngestFailure } from './failure.ts';

/** Limits applied to every fetch: a whole-request deadline, a byte cap enforced while streaming, and a redirect cap. */
export interface FetchLimits {
  /** Deadline for the whole request, all redirect hops and the body included, in ms. Default 15 000. */
  readonly timeoutMs: number;
  /** Largest body accepted, in bytes; reading stops as soon as it is exceeded. Default 5 MiB. */
  readonly maxBytes: number;
  /** Redirect hops followed (each checked like the first URL: http(s), and its addresses). Default 5. */
  readonly maxRedirects: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = {
  timeoutMs: 15_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
};

/** A fetched resource: the final URL after redirects, its media type and charset, and the raw bytes. */
export interface FetchedResource {
  readonly requestedUrl: string;
  readonly url: string;
  readonly status: number;
  /** Lowercased media type without parameters, e.g. `text/html`; empty when the server sent none. */
  readonly mediaType: string;
  /** The `charset` parameter of Content-Type, if any. */
  readonly charset: string | undefined;
  readonly bytes: Uint8Array;
}

/** What one request is sent with: manual redirects, the deadline's signal and the pinned dispatcher. */
export interface FetchInit {
  readonly redirect: 'manual';
  readonly signal: AbortSignal;
  readonly headers: Readonly<Record<string, string>>;
  /** Connects only to the addresses checked for this hop. */
  readonly dispatcher: Dispatcher;
}

/** The part of a fetch Response that ingest reads. */
export interface FetchResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  readonly body: ReadableStream<Uint8Array> | null;
}

/** A fetch: undici's by default (it honours the pinned dispatcher); injectable for tests. */
export type FetchFunction = (url: URL, init: FetchInit) => Promise<FetchResponse>;

/** How to fetch: limits, which addresses may be reached, and the fetch itself. */
export interface FetchOptions {
  readonly limits: FetchLimits;
  readonly addresses: AddressPolicy;
  readonly fetchImpl: FetchFunction;
  /** Connections kept for the whole run, so fetches from one host reuse them; the caller closes them. */
  readonly dispatchers: PinnedDispatchers;
}

export const defaultFetch: FetchFunction = (url, init) =>
  undiciFetch(url, { ...init, headers: { ...init.headers } });

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const ACCEPT =
  'text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.1';
const USER_AGENT = 'Footnote-ingest/0.1 (article ingester)';

/** Parses `raw` as an http(s) URL, or fails with `not-http`. */
export function parseHttpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new IngestFailure('not-http', `not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new IngestFailure('not-http', `only http(s) URLs are fetched, not ${url.protocol}`);
  }
  return url;
}

/** Splits a Content-Type header into its media type and charset. */
export function parseContentType(header: string | null): { mediaType: string; charset: string | undefined } {
  if (!header) return { mediaType: '', charset: undefined };
  const [type = '', ...params] = header.split(';');
  let charset: string | undefined;
  for (const param of params) {
    const match = /^\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(param);
    if (match?.[1]) charset = match[1];
  }
  return { mediaType: type.trim().toLowerCase(), charset };
}

/**
 * Fetches an http(s) URL within `limits`: redirects are followed by hand so each hop is checked (scheme,
 * and the addresses its host resolves to), each connection is pinned to the addresses checked, the byte
 * cap is enforced while the body streams in, and one deadline covers the whole exchange.
 */
export async function fetchResource(rawUrl: string, options: FetchOptions): Promise<FetchedResource> {
  const { limits } = options;
  let url = parseHttpUrl(rawUrl);
  let redirectedFrom: URL | undefined;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  try {
    for (let hop = 0; ; hop++) {
      const addresses = await checkedAddresses({ url, redirectedFrom }, options.addresses, controller.signal);
      const response = await options.fetchImpl(url, {
        redirect: 'manual',
        signal: controller.signal,
        headers: { accept: ACCEPT, 'user-agent': USER_AGENT },
        dispatcher: options.dispatchers.for(url.hostname, addresses),
      });
      if (REDIRECT_STATUSES.has(response.status)) {
        await response.body?.cancel().catch(() => undefined);
        const location = response.headers.get('location');
        if (!location)
          throw new IngestFailure('http-status', `HTTP ${response.status} without a Location header`);
        if (hop >= limits.maxRedirects) {
          throw new IngestFailure('too-many-redirects', `more than ${limits.maxRedirects} redirects`);
        }
        redirectedFrom = url;
        url = redirectTarget(location, url);
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        const text = response.statusText ? ` ${response.statusText}` : '';
        throw new IngestFailure('http-status', `HTTP ${response.status}${text}`);
      }
      const { mediaType, charset } = parseContentType(response.headers.get('content-type'));
      const bytes = await readLimited(response, limits);
      return { requestedUrl: rawUrl, url: url.href, status: response.status, mediaType, charset, bytes };
    }
  } catch (error) {
    // One place turns a failed exchange (DNS, connection, reading the body) into a network failure or,
    // once the deadline has passed, a timeout.
    throw error instanceof IngestFailure ? error : networkFailure(error, controller.signal, limits.timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}

function redirectTarget(location: string, base: URL): URL {
  let next: URL;
  try {
    next = new URL(location, base);
  } catch {
    throw new IngestFailure('http-status', `redirect to an invalid URL: ${location}`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new IngestFailure('not-http', `redirect to a ${next.protocol} URL, only http(s) is followed`);
  }
  return next;
}

async function readLimited(response: FetchResponse, limits: FetchLimits): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(limits.maxBytes);
  }
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limits.maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limits.maxBytes);
    }
    chunks.push(value);
  }
  return concat(chunks, total);
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function tooLarge(maxBytes: number): IngestFailure {
  return new IngestFailure('too-large', `larger than the ${maxBytes}-byte limit`);
}

function networkFailure(error: unknown, signal: AbortSignal, timeoutMs: number): IngestFailure {
  if (signal.aborted) return new IngestFailure('timeout', `no complete response within ${timeoutMs} ms`);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = cause && 'code' in cause ? String(cause.code) : undefined;
  const detail = code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new IngestFailure('network', `network error: ${detail}`);
}
