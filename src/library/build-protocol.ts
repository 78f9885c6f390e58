import type { Article, LoadProblem, Passage } from '../corpus/types.ts';
import type { AcronymsData } from '../search/acronyms.ts';
import type { TitleWordsData } from '../search/title-words.ts';
import type { FactCacheFileStatus } from '../timeline/fact-cache-file.ts';
import type { FactKeys } from '../timeline/fact-search.ts';
import type { Fact } from '../timeline/types.ts';

/** A passage as the build worker sends it: without its text, which the receiver cuts from the article's body. */
export type PassageWithoutText = Omit<Passage, 'text'>;

/**
 * What a build worker says about a build, in this order: the articles, their passages, `contents-end` with the
 * files that did not load, then the timeline's facts and `facts-end` (or `failed` at any point). Each message
 * waits for a `next` from the receiver, which asks once it has taken the one before in: a message is one small
 * piece of work for the bot's event loop, and many never queue up to be taken in at once.
 */
export type BuildReply =
  | { readonly type: 'articles'; readonly articles: readonly Article[] }
  | { readonly type: 'passages'; readonly passages: readonly PassageWithoutText[] }
  /**
   * `acronyms`: the articles' names of several capitalised words by their initials (`Acronyms`); `titleWords`: how
   * many titles hold each word (`TitleWords`).
   */
  | {
      readonly type: 'contents-end';
      readonly problems: readonly LoadProblem[];
      readonly acronyms: AcronymsData;
      readonly titleWords: TitleWordsData;
    }
  /** `keys[i]`: the search keys of `facts[i]`, computed here so timeline queries cost the bot's thread no folding. */
  | { readonly type: 'facts'; readonly facts: readonly Fact[]; readonly keys: readonly FactKeys[] }
  /**
   * `extracted`: articles whose facts were extracted now (the others' were kept from the build before, or read
   * from the saved file). `saved`: how the saved file was read at the worker's first build ('kept' after that),
   * and why writing it failed, if it did.
   */
  | {
      readonly type: 'facts-end';
      readonly extracted: number;
      readonly saved: FactCacheFileStatus | 'kept' | 'none';
      readonly saveError?: string;
    }
  | { readonly type: 'failed'; readonly message: string };

/**
 * What the receiver says to a build worker: build the library of an articles folder (one build at a time; the
 * worker stays for the next one), or send the next message of the running build.
 */
export type BuildRequest =
  /** `factsFile`: where the facts are kept between runs (read at the first build, written when they change). */
  | { readonly type: 'build'; readonly articlesDir: string; readonly factsFile?: string | undefined }
  | { readonly type: 'next' };

/** Largest message a build worker sends: this many items, or this many characters of text, whichever first. */
export const MESSAGE_LIMITS = { items: 500, chars: 512 * 1024 } as const;

/** Cuts `items` into messages of at most {@link MESSAGE_LIMITS} (an item larger than the limit goes alone). */
export function* inMessages<T>(items: Iterable<T>, size: (item: T) => number): Generator<T[]> {
  let batch: T[] = [];
  let chars = 0;
  for (const item of items) {
    const itemSize = size(item);
    if (
      batch.length > 0 &&
      (batch.length >= MESSAGE_LIMITS.items || chars + itemSize > MESSAGE_LIMITS.chars)
    ) {
      yield batch;
      batch = [];
      chars = 0;
    }
    batch.push(item);
    chars += itemSize;
  }
  if (batch.length > 0) yield batch;
}
