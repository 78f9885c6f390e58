import fc from 'fast-check';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDailyStore } from '../../src/daily/daily-store.ts';
import { sqliteDailyRecords } from '../../src/daily/records.ts';
import { runDailyTick } from '../../src/discord/daily-poster.ts';
import { ownsGuild, SINGLE_PROCESS, shardOfGuild, shardPlace } from '../../src/discord/shards.ts';
import { type Library, openLibrary } from '../../src/library.ts';
import { openStore } from '../../src/store/database.ts';
import { FAKE_BOT_ID, fakeRest } from '../daily/fake-rest.ts';

const DISCORD_EPOCH = 1_420_070_400_000n;
/** A server id made at `ms` after Discord's epoch. */
const guildAt = (ms: number, low = 1) => ((BigInt(ms) << 22n) | BigInt(low)).toString();

describe('shardOfGuild', () => {
  it('is (guild_id >> 22) % count, as Discord routes a server’s events', () => {
    expect(shardOfGuild(guildAt(10), 1)).toBe(0);
    expect(shardOfGuild(guildAt(10), 2)).toBe(0);
    expect(shardOfGuild(guildAt(11), 2)).toBe(1);
    expect(shardOfGuild(guildAt(11, 4_194_303), 4)).toBe(3); // the low 22 bits never matter
    // A real server id: 197038439483310086 >> 22 = 46977624770 (Number would lose the low digits).
    expect(shardOfGuild('197038439483310086', 2)).toBe(0);
    expect(shardOfGuild('197038439483310086', 16)).toBe(2);
  });

  it('puts every server on exactly one shard of any count', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 63n) - 1n }),
        fc.integer({ min: 1, max: 64 }),
        (id, count) => {
          const guildId = id.toString();
          const owners = [...Array(count).keys()].filter((shard) =>
            ownsGuild({ ids: [shard], count }, guildId),
          );
          expect(owners).toEqual([shardOfGuild(guildId, count)]);
          expect(ownsGuild(SINGLE_PROCESS, guildId)).toBe(true);
        },
      ),
    );
  });

  it('reads this process’s place from the manager’s util, and one process without it', () => {
    expect(shardPlace({ shard: null })).toEqual(SINGLE_PROCESS);
    const util = { ids: [2], count: 4 } as unknown as NonNullable<Parameters<typeof shardPlace>[0]['shard']>;
    expect(shardPlace({ shard: util })).toEqual({ ids: [2], count: 4 });
  });
});

describe('daily poster per shard', () => {
  let library: Library;
  beforeAll(async () => {
    library = await openLibrary({ dataDir: 'data' });
  });

  it('posts each server once, from the process of its shard only', async () => {
    const now = new Date('2024-03-01T14:00:00Z').getTime();
    const discord = fakeRest(() => now);
    const daily = openDailyStore(openStore(':memory:'));
    const base = Number(BigInt(Date.parse('2024-01-01T00:00:00Z')) - DISCORD_EPOCH);
    const guilds = [0, 1, 2, 3, 4].map((i) => guildAt(base + i));
    guilds.forEach((guildId, i) => {
      daily.enable({
        guildId,
        channelId: `20000000000000000${i}`,
        time: '09:00',
        timezone: 'America/New_York',
        firstDate: '2024-03-01',
        now,
      });
    });
    const tick = (shard: number) =>
      runDailyTick({
        rest: discord.rest,
        botUserId: FAKE_BOT_ID,
        canReadHistory: () => discord.canReadHistory(),
        daily: sqliteDailyRecords(daily),
        library,
        logger: pino({ level: 'silent' }),
        now: () => new Date(now),
        owns: (guildId) => ownsGuild({ ids: [shard], count: 2 }, guildId),
      });
    const first = await tick(0);
    expect([...first.keys()].sort()).toEqual(guilds.filter((g) => shardOfGuild(g, 2) === 0).sort());
    expect([...first.values()].every((outcome) => outcome === 'sent')).toBe(true);
    const second = await tick(1);
    expect([...second.keys()].sort()).toEqual(guilds.filter((g) => shardOfGuild(g, 2) === 1).sort());
    // A second round from both shards sends nothing more: one post per server.
    await tick(0);
    await tick(1);
    expect(discord.messages).toHaveLength(guilds.length);
    expect(new Set(discord.messages.map((m) => m.channel_id)).size).toBe(guilds.length);
  });
});
