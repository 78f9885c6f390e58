/** Why an input could not be ingested: a stable code for scripts plus a human-readable reason. */
export type FailureCode =
  | 'http-status'
  | 'not-an-article'
  | 'no-text'
  | 'too-large'
  | 'bad-encoding'
  | 'timeout'
  | 'not-http'
  | 'private-address'
  | 'too-many-redirects'
  | 'network'
  | 'file-not-found'
  | 'missing-metadata'
  | 'write-failed'
  | 'internal';

/** An expected ingest failure: reported for its input, never a crash. `detail` is logged, not shown. */
export class IngestFailure extends Error {
  override readonly name = 'IngestFailure';

  constructor(
    readonly code: FailureCode,
    message: string,
    readonly detail?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

/** Converts anything thrown while ingesting one input into an `IngestFailure` (anything unexpected becomes `internal`). */
export function toFailure(error: unknown): IngestFailure {
  if (error instanceof IngestFailure) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new IngestFailure('internal', `unexpected error: ${message}`);
}
