import type { Fact } from './types.ts';

/**
 * The facts of one library, in chronological order. The bot's libraries come with them (the build worker
 * extracts them with the passages, off the event loop); a library opened in this thread (CLI, tests) computes
 * them on first use, so commands that never read the timeline never pay for it.
 */
export class LibraryTimeline {
  private computed: readonly Fact[] | undefined;

  private constructor(
    private readonly compute: (() => readonly Fact[]) | undefined,
    facts: readonly Fact[] | undefined,
  ) {
    this.computed = facts;
  }

  /** A timeline already computed. */
  static of(facts: readonly Fact[]): LibraryTimeline {
    return new LibraryTimeline(undefined, facts);
  }

  /** A timeline computed by `compute` the first time it is read. */
  static lazy(compute: () => readonly Fact[]): LibraryTimeline {
    return new LibraryTimeline(compute, undefined);
  }

  /** True when reading {@link facts} costs nothing: computed with the library, or read once already. */
  get ready(): boolean {
    return this.computed !== undefined;
  }

  /** Every fact, in chronological order (computed now when not {@link ready}: seconds for a large library). */
  get facts(): readonly Fact[] {
    this.computed ??= this.compute?.() ?? [];
    return this.computed;
  }
}
