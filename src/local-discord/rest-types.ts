/** A parsed REST request, as route handlers see it. */
export interface RestRequest {
  readonly method: string;
  /** Decoded path after `/api/v10`. */
  readonly path: string;
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** What a handler answers; no body means 204-style empty (no Content-Type). */
export interface RestResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}
