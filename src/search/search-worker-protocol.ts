import type { IndexedPassage, IndexOptions, SearchRequest } from './passage-index.ts';
import type { SearchAnswer, TermFigures } from './passage-search.ts';
import type { IndexOrigin } from './saved-index.ts';

/** What a search worker is started with: the passages, where their index is saved, and how it is built. */
export interface WorkerStart {
  readonly file: string;
  readonly passages: readonly IndexedPassage[];
  readonly options: IndexOptions;
}

/**
 * A message to a search worker. The passages come first, a slice per message, so that copying them to the
 * worker never holds the bot's event loop for long; then `passages-end`; then questions.
 */
export type WorkerRequest =
  | { readonly type: 'passages'; readonly passages: readonly IndexedPassage[] }
  | { readonly type: 'passages-end' }
  | {
      readonly type: 'search';
      readonly id: number;
      readonly terms: readonly string[];
      readonly request: SearchRequest;
    }
  | { readonly type: 'figures'; readonly id: number; readonly terms: readonly string[] };

/** What a search worker says. */
export type WorkerReply =
  | { readonly type: 'ready'; readonly origin: IndexOrigin }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'save-failed'; readonly message: string }
  | { readonly type: 'result'; readonly id: number; readonly value: SearchAnswer | TermFigures }
  | { readonly type: 'error'; readonly id: number; readonly message: string };
