/**
 * Sharding on the bot's side: which servers this process serves, and the figures of every shard (for /about and
 * the metrics). Discord sends a server's events to shard `(guild_id >> 22) % shard_count`; a process serves the
 * servers of its own shard ids only (the daily poster too).
 */
import type { Client } from 'discord.js';

/** The shards a process runs: its shard ids out of `count`. One process without a manager: `{ ids: [0], count: 1 }`. */
export interface ShardPlace {
  readonly ids: readonly number[];
  readonly count: number;
}

/** A process with no shards of its own: it serves every server (`FOOTNOTE_SHARDS=1`). */
export const SINGLE_PROCESS: ShardPlace = { ids: [0], count: 1 };

/** The shard that receives a server's events: `(guild_id >> 22) % shardCount`. */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** Whether a process on these shards serves this server. */
export function ownsGuild(place: ShardPlace, guildId: string): boolean {
  return place.count <= 1 || place.ids.includes(shardOfGuild(guildId, place.count));
}

/** This process's shards: from the ShardingManager's child environment, or the one process of an unsharded bot. */
export function shardPlace(client: Pick<Client, 'shard'>): ShardPlace {
  const util = client.shard;
  return util ? { ids: [...util.ids], count: util.count } : SINGLE_PROCESS;
}

/**
 * The hook for health and metrics: this process's shard ids, the shard count, and each shard's gateway status
 * (discord.js's `Status`: 0 ready, 1 connecting, 2 reconnecting, 3 idle, 4 nearly, 5 disconnected, ...).
 */
export function shardStatus(client: Client): ShardPlace & { readonly status: Record<number, number> } {
  const place = shardPlace(client);
  const status: Record<number, number> = {};
  for (const [id, shard] of client.ws.shards) status[id] = shard.status;
  return { ...place, status };
}

/** One shard's figures, as /about shows them. */
export interface ShardFigures {
  readonly shard: number;
  readonly servers: number;
  /** Resident memory of the shard's process, bytes. */
  readonly rss: number;
  /** Seconds since the shard's process started. */
  readonly uptime: number;
}

/**
 * Every shard's figures through the manager (`broadcastEval`), or null when this process is not under a manager
 * or a shard does not answer (one being respawned): /about then shows this process only.
 */
export async function allShardFigures(client: Client): Promise<ShardFigures[] | null> {
  if (!client.shard) return null;
  try {
    const figures = await client.shard.broadcastEval((c) => ({
      shard: c.shard?.ids[0] ?? 0,
      servers: c.guilds.cache.size,
      rss: process.memoryUsage().rss,
      uptime: process.uptime(),
    }));
    return figures.sort((a, b) => a.shard - b.shard);
  } catch {
    return null;
  }
}
