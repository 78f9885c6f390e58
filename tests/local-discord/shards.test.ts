import { SlashCommandBuilder } from '@discordjs/builders';
import { Client, GatewayIntentBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { identifyShard } from '../../src/local-discord/gateway.ts';
import { startLocalDiscord } from '../../src/local-discord/index.ts';
import { shardOfGuild } from '../../src/local-discord/snowflake.ts';
import type { LocalDiscord } from '../../src/local-discord/types.ts';

let discord: LocalDiscord | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.destroy();
  await discord?.close();
  discord = undefined;
});

interface Frame {
  op: number;
  t: string | null;
  s: number | null;
  d: Record<string, unknown> | null;
}

/** A raw gateway connection: every frame received, and the close code once closed. */
function connect(url: string): { ws: WebSocket; frames: Frame[]; closed: Promise<number> } {
  const ws = new WebSocket(`${url}?v=10&encoding=json`);
  const frames: Frame[] = [];
  ws.on('message', (raw) => frames.push(JSON.parse(String(raw)) as Frame));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  return { ws, frames, closed };
}

async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The gateway URL from `GET /gateway/bot`, as a client asks for it. */
async function gatewayUrl(local: LocalDiscord): Promise<string> {
  const response = await fetch(`${local.restApiBase}/v10/gateway/bot`, {
    headers: { Authorization: `Bot ${local.botToken}` },
  });
  return ((await response.json()) as { url: string }).url;
}

const identify = (shard: unknown) =>
  JSON.stringify({
    op: 2,
    d: { token: 'local-discord-bot-token', intents: 1, properties: {}, ...(shard ? { shard } : {}) },
  });

describe('shards in the local Discord', () => {
  it('identifyShard accepts [id, count] with 0 <= id < count and nothing else', () => {
    expect(identifyShard(undefined)).toEqual([0, 1]);
    expect(identifyShard([1, 2])).toEqual([1, 2]);
    expect(identifyShard([2, 2])).toBeNull();
    expect(identifyShard([-1, 2])).toBeNull();
    expect(identifyShard([0, 0])).toBeNull();
    expect(identifyShard([0.5, 2])).toBeNull();
    expect(identifyShard('0,1')).toBeNull();
  });

  it('recommends its shard count in GET /gateway/bot', async () => {
    discord = await startLocalDiscord({ shards: 3 });
    const response = await fetch(`${discord.restApiBase}/v10/gateway/bot`, {
      headers: { Authorization: `Bot ${discord.botToken}` },
    });
    const body = (await response.json()) as { url: string; shards: number; session_start_limit: unknown };
    expect(body.shards).toBe(3);
    expect(body.session_start_limit).toMatchObject({ max_concurrency: 1 });
  });

  it('sends a shard READY and GUILD_CREATE for only the servers on that shard', async () => {
    discord = await startLocalDiscord({ shards: 2 });
    const added = [discord.addGuild('A'), discord.addGuild('B'), discord.addGuild('C')];
    const all = discord.guildIds();
    const onOne = all.filter((id) => shardOfGuild(id, 2) === 1);
    expect(onOne.length).toBeGreaterThan(0);
    expect(onOne.length).toBeLessThan(all.length);
    expect(new Set(added.map((g) => shardOfGuild(g.guildId, 2)))).toEqual(new Set([0, 1]));

    const conn = connect(await gatewayUrl(discord));
    await until(() => conn.frames.some((f) => f.op === 10));
    conn.ws.send(identify([1, 2]));
    await until(() => conn.frames.filter((f) => f.t === 'GUILD_CREATE').length === onOne.length);
    const ready = conn.frames.find((f) => f.t === 'READY');
    expect(ready?.d?.shard).toEqual([1, 2]);
    const readyGuilds = (ready?.d?.guilds ?? []) as { id: string }[];
    expect(readyGuilds.map((g) => g.id).sort()).toEqual([...onOne].sort());
    const created = conn.frames.filter((f) => f.t === 'GUILD_CREATE').map((f) => f.d?.id);
    expect(created.sort()).toEqual([...onOne].sort());
    // Shard 0 of 2 has not identified: the bot is not ready yet.
    await expect(discord.waitForBot(100)).rejects.toThrow(/no bot connected/);
    conn.ws.close();
  });

  it('gives every server and channel its own id, even when made in the same millisecond as start-up', async () => {
    discord = await startLocalDiscord();
    const added = [discord.addGuild(), discord.addGuild(), discord.addGuild()];
    const ids = [
      discord.guildId,
      discord.channelId,
      discord.userId,
      discord.botUserId,
      ...added.flatMap((g) => [g.guildId, g.channelId]),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    // Consecutive servers, the default one first, fall on consecutive shards.
    const servers = [discord.guildId, ...added.map((g) => g.guildId)];
    expect(servers.map((id) => shardOfGuild(id, 2))).toEqual(
      [0, 1, 0, 1].map((n) => (n + shardOfGuild(discord?.guildId ?? '', 2)) % 2),
    );
  });

  it('closes an IDENTIFY with a shard outside [0, count) with 4010 Invalid shard', async () => {
    discord = await startLocalDiscord();
    const conn = connect(await gatewayUrl(discord));
    await until(() => conn.frames.some((f) => f.op === 10));
    conn.ws.send(identify([2, 2]));
    expect(await conn.closed).toBe(4010);
  });

  it('delivers a server’s interactions to the client of its shard', async () => {
    discord = await startLocalDiscord({ shards: 2 });
    const second = discord.addGuild('Second');
    const local = discord;
    const byShard = (shard: number) =>
      [local.guildId, second.guildId].find((id) => shardOfGuild(id, 2) === shard) ?? '';
    expect(byShard(0)).not.toBe('');
    expect(byShard(1)).not.toBe('');

    const echo = new SlashCommandBuilder().setName('whoami').setDescription('Which shard answers');
    for (const shard of [0, 1]) {
      const client = new Client({
        intents: [GatewayIntentBits.Guilds],
        shards: [shard],
        shardCount: 2,
        rest: { api: discord.restApiBase, offset: 0 },
        ws: { buildIdentifyThrottler: () => Promise.resolve({ waitForIdentify: async () => {} }) },
      } as ConstructorParameters<typeof Client>[0]);
      client.on('interactionCreate', (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        void interaction.reply({
          content: `shard ${interaction.guild?.shardId} of ${client.guilds.cache.size} server(s)`,
          allowedMentions: { parse: [] },
        });
      });
      const ready = new Promise<void>((resolve) => client.once('clientReady', () => resolve()));
      await client.login(discord.botToken);
      await ready;
      clients.push(client);
    }
    await discord.waitForBot(2000);
    expect(discord.shardCount()).toBe(2);
    await clients[0]?.rest.put(`/applications/${discord.applicationId}/commands`, { body: [echo.toJSON()] });

    for (const shard of [0, 1]) {
      const outcome = await discord.slashCommand('whoami', {}, { guildId: byShard(shard) });
      expect(outcome.original?.content).toBe(`shard ${shard} of 1 server(s)`);
      expect(discord.shardOf(byShard(shard))).toBe(shard);
    }

    // A server added while the bot runs reaches the client of its shard only.
    const third = discord.addGuild('Third');
    const owner = clients[third.shard];
    const other = clients[1 - third.shard];
    await until(() => owner?.guilds.cache.has(third.guildId) === true);
    expect(other?.guilds.cache.has(third.guildId)).toBe(false);
  });
});
