/** Discord's epoch (2015-01-01T00:00:00Z), the zero of every snowflake's timestamp. */
const DISCORD_EPOCH = 1_420_070_400_000n;

/** Makes Discord-shaped snowflakes (17–19 digits): discord.js's REST bucketing expects realistic ids. */
export function createSnowflakeFactory(now: () => number = Date.now): () => string {
  let increment = 0n;
  return () => {
    increment = (increment + 1n) & 0xfffn;
    const ms = BigInt(now()) - DISCORD_EPOCH;
    return ((ms << 22n) | (1n << 17n) | (1n << 12n) | increment).toString();
  };
}

/**
 * A server id made at `at` (ms since the Unix epoch), from worker 2 so it never equals an id of
 * {@link createSnowflakeFactory} (worker 1). Its shard is `(id >> 22) % shardCount`: the millisecond decides it.
 */
export function guildSnowflake(at: number): string {
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (2n << 17n) | (1n << 12n) | 1n).toString();
}

/** The shard that receives a server's events with `shardCount` shards: `(guild_id >> 22) % shardCount`. */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** The creation time (ms since the Unix epoch) encoded in a snowflake. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** A random interaction token, shaped like Discord's (long, URL-safe). */
export function createToken(): string {
  const bytes = new Uint8Array(48);
  crypto.getRandomValues(bytes);
  return `aW50ZXJhY3Rpb246${Buffer.from(bytes).toString('base64url')}`;
}
