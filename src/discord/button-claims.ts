/**
 * Buttons that act once ("More" posts the next page, "Post publicly" posts a copy): the first press claims the
 * button, so presses handled at the same time (a double-click, several members at once) act once. The claim is
 * a guard for those few milliseconds; what lasts is the button disabled in the message itself.
 */
export interface ButtonClaims {
  /** True for the first claim of `key`; false while it is claimed (for `ttlMs`). */
  claim(key: string): boolean;
  /** Gives a claim back, when the action failed before it took effect (so the button can be pressed again). */
  release(key: string): void;
}

/** Creates an in-memory claim register on the given clock; claims expire after `ttlMs` (default 15 minutes). */
export function createButtonClaims(now: () => Date, ttlMs = 15 * 60_000): ButtonClaims {
  const claimedAt = new Map<string, number>();
  return {
    claim(key) {
      const at = now().getTime();
      const previous = claimedAt.get(key);
      if (previous !== undefined && at - previous < ttlMs) return false;
      if (claimedAt.size > 10_000) for (const [k, t] of claimedAt) if (at - t >= ttlMs) claimedAt.delete(k);
      claimedAt.set(key, at);
      return true;
    },
    release(key) {
      claimedAt.delete(key);
    },
  };
}
