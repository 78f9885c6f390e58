/**
 * `cli fact --guild` reads the server's rotation from the bot's own database: PostgreSQL when DATABASE_URL is set
 * (a throwaway server; skipped with a message, or failing when required, without PostgreSQL).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/command.ts';
import { runCli } from '../../src/cli/run.ts';
import { openLibrary } from '../../src/library.ts';
import { describePostgres, type TestDatabase } from '../support/stores.ts';

function io(): CliIO & { stdout: () => string } {
  let out = '';
  return {
    out: (text) => {
      out += text;
    },
    err: () => undefined,
    openLibrary: () =>
      openLibrary({ dataDir: 'data', indexFile: join(mkdtempSync(join(tmpdir(), 'fn-cli-')), 'i.json') }),
    now: () => new Date('2024-03-01T12:00:00Z'),
    stdout: () => out,
  };
}

describePostgres('cli fact with DATABASE_URL', (store) => {
  let database: TestDatabase;

  it('gives the fact already chosen for the server that day, from PostgreSQL, as /today does', async () => {
    database = await store.fresh();
    const bot = await database.open();
    // The daily post of 2024-09-25 was made with the 2011 fact, not the "on this day" one (2023-09-25).
    await bot.daily.createIntent(
      { guildId: '42', localDate: '2024-09-25', channelId: '1', nonce: 'n', now: 0 },
      () => ({ factId: 'china-trains-cadres@2011-10', newCycle: false }),
    );
    await bot.close();
    const env = {
      ...database.env,
      FOOTNOTE_DB_PATH: join(mkdtempSync(join(tmpdir(), 'fn-cli-')), 'none.db'),
    };
    const run = async (guild: string) => {
      const cli = io();
      expect(await runCli(['fact', '--date', '2024-09-25', '--guild', guild, '--json'], cli, env)).toBe(0);
      return JSON.parse(cli.stdout()).fact.date as string;
    };
    expect(await run('42')).toBe('2011-10');
    // Another server has no post that day: the "on this day" fact.
    expect(await run('43')).toBe('2023-09-25');
  });
});
