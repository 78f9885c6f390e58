/** Per-user cooldowns, in memory: a flood guard, not a quota, so losing them on restart is fine. */
export interface Cooldowns {
  /** Records a use of `key` and returns 0, or returns the whole seconds left when still cooling down. */
  take(key: string, seconds: number): number;
  /** Forgets the last use of `key`, so the next `take` counts (an action that failed before it took effect). */
  release(key: string): void;
}

/** Creates a cooldown tracker on the given clock. */
export function createCooldowns(now: () => Date): Cooldowns {
  const until = new Map<string, number>();
  return {
    take(key, seconds) {
      if (seconds <= 0) return 0;
      const at = now().getTime();
      const ready = until.get(key) ?? 0;
      if (at < ready) return Math.ceil((ready - at) / 1000);
      if (until.size > 10_000) for (const [k, t] of until) if (t <= at) until.delete(k);
      until.set(key, at + seconds * 1000);
      return 0;
    },
    release(key) {
      until.delete(key);
    },
  };
}
