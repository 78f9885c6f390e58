import { join } from 'node:path';
import { SlashCommandBuilder } from '@discordjs/builders';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.ts';
import { createCooldowns } from '../../src/discord/cooldown.ts';
import { customIdFits, decodeCustomId, encodeCustomId, shortHash } from '../../src/discord/custom-id.ts';
import { checkCommandModule, loadCommands } from '../../src/discord/loader.ts';
import { renderHelp } from '../../src/discord/render/help.ts';
import { renderSources } from '../../src/discord/render/library.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');

describe('config', () => {
  it('has defaults that start the bot on the local Discord', () => {
    expect(parseConfig({})).toEqual({
      FOOTNOTE_DATA_DIR: 'data',
      FOOTNOTE_DB_PATH: 'data/footnote.db',
      FOOTNOTE_OWNER_IDS: [],
      FOOTNOTE_WATCH_ARTICLES: true,
      // No cooldown in the local chat unless set: piped /ask lines follow each other at once.
      ASK_COOLDOWN_SECONDS: 0,
      LOCAL_DISCORD_PORT: 0,
      DAILY_TICK_SECONDS: 30,
      DAILY_PAUSE_AFTER_FAILURES: 5,
      DAILY_RETRY_SECONDS: 60,
      INGEST_ALLOW_PRIVATE: false,
      FOOTNOTE_METRICS_INTERVAL_MS: 0,
      FOOTNOTE_SHARDS: 1,
      // No health and metrics server unless a port is set; when set, it listens on this machine only.
      FOOTNOTE_HTTP_HOST: '127.0.0.1',
    });
  });

  it('reads FOOTNOTE_SHARDS as auto or a whole number from 1', () => {
    expect(parseConfig({ FOOTNOTE_SHARDS: 'auto' }).FOOTNOTE_SHARDS).toBe('auto');
    expect(parseConfig({ FOOTNOTE_SHARDS: '4' }).FOOTNOTE_SHARDS).toBe(4);
    expect(parseConfig({ FOOTNOTE_SHARDS: '' }).FOOTNOTE_SHARDS).toBe(1);
    for (const bad of ['0', '-2', '1.5', 'many'])
      expect(() => parseConfig({ FOOTNOTE_SHARDS: bad }), bad).toThrow(
        /FOOTNOTE_SHARDS: expected a whole number of shards/,
      );
  });

  it('reads the health and metrics server settings and names a bad one', () => {
    expect(parseConfig({ FOOTNOTE_HTTP_PORT: '9464' })).toMatchObject({
      FOOTNOTE_HTTP_PORT: 9464,
      FOOTNOTE_HTTP_HOST: '127.0.0.1',
    });
    expect(parseConfig({ FOOTNOTE_HTTP_PORT: '0', FOOTNOTE_HTTP_HOST: '0.0.0.0' })).toMatchObject({
      FOOTNOTE_HTTP_PORT: 0,
      FOOTNOTE_HTTP_HOST: '0.0.0.0',
    });
    expect(parseConfig({ FOOTNOTE_HTTP_HOST: '::1' }).FOOTNOTE_HTTP_HOST).toBe('::1');
    expect(parseConfig({ FOOTNOTE_HTTP_HOST: 'metrics.internal' }).FOOTNOTE_HTTP_HOST).toBe(
      'metrics.internal',
    );
    for (const port of ['65536', '-1', '80.5', 'http'])
      expect(() => parseConfig({ FOOTNOTE_HTTP_PORT: port }), port).toThrow(
        /FOOTNOTE_HTTP_PORT: expected a TCP port number from 1 to 65535 \(0 picks a free one\)/u,
      );
    for (const host of ['http://127.0.0.1', '127.0.0.1:9464', 'a b'])
      expect(() => parseConfig({ FOOTNOTE_HTTP_HOST: host }), host).toThrow(
        /FOOTNOTE_HTTP_HOST: expected an address to listen on/u,
      );
  });

  it('has a 5 s /ask cooldown by default on Discord, and the one set anywhere', () => {
    const token = 'x'.repeat(30);
    expect(parseConfig({ DISCORD_TOKEN: token }).ASK_COOLDOWN_SECONDS).toBe(5);
    expect(parseConfig({ DISCORD_TOKEN: token, ASK_COOLDOWN_SECONDS: '12' }).ASK_COOLDOWN_SECONDS).toBe(12);
    expect(parseConfig({ ASK_COOLDOWN_SECONDS: '3' }).ASK_COOLDOWN_SECONDS).toBe(3);
  });

  it('keeps settings and daily posts in SQLite unless DATABASE_URL names a PostgreSQL database', () => {
    expect(parseConfig({}).DATABASE_URL).toBeUndefined();
    expect(parseConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
    const url = 'postgres://footnote:s3cret@db.example:5432/footnote';
    expect(parseConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    expect(parseConfig({ DATABASE_URL: 'postgresql://localhost/footnote' }).DATABASE_URL).toBe(
      'postgresql://localhost/footnote',
    );
  });

  it('names a DATABASE_URL that is not a PostgreSQL URL without echoing its password', () => {
    const bad = () => parseConfig({ DATABASE_URL: 'mysql://footnote:s3cret@localhost/footnote' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/DATABASE_URL: expected a PostgreSQL URL such as postgres:\/\//u);
    expect(bad).toThrow(/got "mysql:\/\/footnote:\[Redacted\]@localhost\/footnote"/u);
    expect(bad).not.toThrow(/s3cret/u);
  });

  it('treats empty values (a copied .env.example) as unset', () => {
    expect(parseConfig({ DISCORD_TOKEN: '', LOG_LEVEL: '' }).DISCORD_TOKEN).toBeUndefined();
  });

  it('names every bad variable and what it expects, never echoing the token', () => {
    const bad = () =>
      parseConfig({
        ASK_COOLDOWN_SECONDS: 'soon',
        DISCORD_GUILD_ID: '42',
        LOG_LEVEL: 'loud',
        DISCORD_TOKEN: 'short',
      });
    expect(bad).toThrow(ConfigError);
    try {
      bad();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/ASK_COOLDOWN_SECONDS: expected a whole number of seconds.*"soon"/);
      expect(message).toMatch(/DISCORD_GUILD_ID: expected a Discord id \(17 to 20 digits\) \(got "42"\)/);
      expect(message).toMatch(/LOG_LEVEL: expected one of fatal, error, warn/);
      expect(message).toMatch(/DISCORD_TOKEN: expected a bot token/);
      expect(message).not.toContain('"short"');
    }
  });
});

describe('custom_id codec', () => {
  it('round-trips any fields, escaping the separator', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 10 }), { maxLength: 5 }), (fields) => {
        if (!customIdFits('cmd', fields)) return;
        expect(decodeCustomId(encodeCustomId('cmd', fields))).toEqual({ prefix: 'cmd', fields });
      }),
    );
  });

  it('refuses ids over 100 characters', () => {
    expect(() => encodeCustomId('cmd', ['x'.repeat(100)])).toThrow(/100/);
  });

  it('hashes stably and shortly', () => {
    expect(shortHash('Who obtained Directive 24?')).toBe(shortHash('Who obtained Directive 24?'));
    expect(shortHash('a').length).toBeLessThanOrEqual(7);
  });
});

describe('cooldowns', () => {
  it('lets a user go again after the cooldown, per key', () => {
    let now = 0;
    const cooldowns = createCooldowns(() => new Date(now));
    expect(cooldowns.take('ask:1', 5)).toBe(0);
    now = 1200;
    expect(cooldowns.take('ask:1', 5)).toBe(4);
    expect(cooldowns.take('ask:2', 5)).toBe(0);
    now = 5000;
    expect(cooldowns.take('ask:1', 5)).toBe(0);
    expect(cooldowns.take('ask:1', 0)).toBe(0);
  });

  it('forgets a released use, so the next take counts (a button claim given back)', () => {
    const cooldowns = createCooldowns(() => new Date(0));
    expect(cooldowns.take('m1:ask:m', 900)).toBe(0);
    expect(cooldowns.take('m1:ask:m', 900)).toBe(900);
    cooldowns.release('m1:ask:m');
    expect(cooldowns.take('m1:ask:m', 900)).toBe(0);
  });
});

describe('command loader', () => {
  it('loads every command of commands/', async () => {
    const commands = await loadCommands();
    expect([...commands.keys()]).toEqual(
      expect.arrayContaining(['about', 'article', 'ask', 'help', 'sources']),
    );
  });

  it('names the file and what is missing when a command has the wrong shape', async () => {
    await expect(loadCommands(join(FIXTURES, 'bad-commands'))).rejects.toThrow(
      /no-execute\.ts: `execute` must be a function/,
    );
    expect(() => checkCommandModule('commands/x.ts', {})).toThrow(
      /commands\/x\.ts: expected `export default/,
    );
    expect(() => checkCommandModule('commands/y.ts', { default: { data: {}, execute() {} } })).toThrow(
      /y\.ts: `data` must be a command builder/,
    );
  });

  it('refuses two commands with the same name', async () => {
    await expect(loadCommands(join(FIXTURES, 'dup-commands'))).rejects.toThrow(
      /b\.ts: the name "same" is already used by .*a\.ts/,
    );
  });
});

describe('/help and /sources renderers', () => {
  it('/help is generated from definitions and examples', () => {
    const definition = new SlashCommandBuilder()
      .setName('timeline')
      .setDescription('Events in order')
      .addStringOption((o) => o.setName('topic').setDescription('What about').setRequired(true))
      .toJSON();
    const payload = renderHelp([{ definition, examples: ['/timeline topic: Directive 24'] }]);
    const field = payload.embeds?.[0]?.fields?.[0];
    expect(field?.name).toBe('/timeline topic:<text>');
    expect(field?.value).toContain('`/timeline topic: Directive 24`');
    expect(payload.ephemeral).toBe(true);
  });

  it('/sources pages ten articles at a time with Previous/Next', () => {
    const articles = Array.from({ length: 23 }, (_, i) => ({
      id: `a${i}`,
      title: `Article ${String(i).padStart(2, '0')}`,
      url: `https://e.x/${i}`,
      publisher: 'P',
      published: `2024-01-${String(i + 1).padStart(2, '0')}`,
      tags: [],
      body: 'b',
      file: 'f',
    }));
    const page = renderSources(articles, 3);
    expect(page.embeds?.[0]?.title).toBe('Library — page 3 of 3');
    expect(page.embeds?.[0]?.description?.split('\n')).toHaveLength(3);
    const [prev, next] = (page.components?.[0]?.components ?? []) as {
      custom_id: string;
      disabled: boolean;
    }[];
    expect(decodeCustomId(prev?.custom_id ?? '')).toEqual({ prefix: 'sources', fields: ['prev', '2'] });
    expect(next?.disabled).toBe(true);
    expect(renderSources(articles, 99).embeds?.[0]?.title).toBe('Library — page 3 of 3');
  });
});
