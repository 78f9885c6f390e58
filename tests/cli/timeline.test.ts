import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/command.ts';
import { runCli } from '../../src/cli/run.ts';
import { openLibrary } from '../../src/library.ts';
import { openBotStore } from '../../src/store/bot-store.ts';

function io(): CliIO & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    openLibrary: () =>
      openLibrary({ dataDir: 'data', indexFile: join(mkdtempSync(join(tmpdir(), 'fn-cli-')), 'i.json') }),
    now: () => new Date('2024-03-01T12:00:00Z'),
    stdout: () => out,
    stderr: () => err,
  };
}

async function json(args: string[]) {
  const cli = io();
  const code = await runCli(args, cli);
  return { code, value: code === 0 ? JSON.parse(cli.stdout()) : null, stderr: cli.stderr() };
}

describe('cli timeline and fact', () => {
  describe('timeline', () => {
    it('prints every fact in order, in the issue’s shape', async () => {
      const { code, value } = await json(['timeline', '--json']);
      expect(code).toBe(0);
      expect(value.facts.map((f: { date: string }) => f.date)).toEqual([
        '1990',
        '2011-10',
        '2015-04',
        '2015-11',
        '2017-01',
        '2023',
        '2023-07',
        '2023-09-19',
        '2023-09-25',
      ]);
      expect(value.facts[7]).toMatchObject({
        end: '2023-09-26',
        precision: 'range',
        passage: { id: 'china-trains-cadres#4', paragraph: 4 },
      });
    });

    it('filters with --from and --to at any precision (ranges overlap)', async () => {
      const { value } = await json(['timeline', '--json', '--from', '2015-11', '--to', '2023-09-20']);
      expect(value.facts.map((f: { date: string }) => f.date)).toEqual([
        '2015-11',
        '2017-01',
        '2023',
        '2023-07',
        '2023-09-19',
      ]);
    });

    it('rejects a bad bound with a usage error', async () => {
      const { code, stderr } = await json(['timeline', '--from', 'July']);
      expect(code).toBe(2);
      expect(stderr).toContain('--from takes YYYY, YYYY-MM or YYYY-MM-DD');
    });
  });

  describe('fact', () => {
    it('gives the "on this day" fact when there is one', async () => {
      const { value } = await json(['fact', '--date', '2024-09-25', '--json']);
      expect(value.fact).toMatchObject({ date: '2023-09-25', precision: 'day' });
    });

    it('else the next fact in the rotation', async () => {
      const { value } = await json(['fact', '--date', '2024-01-01', '--json']);
      expect(value.fact.date).toBe('1990');
    });

    it('reads a server’s rotation from the database without changing it', async () => {
      const db = join(mkdtempSync(join(tmpdir(), 'fn-cli-db-')), 'footnote.db');
      const store = openBotStore(db);
      await store.daily.createIntent(
        { guildId: '42', localDate: '2024-02-29', channelId: '1', nonce: 'n', now: 0 },
        () => ({
          factId: 'china-trains-cadres@1990',
          newCycle: false,
        }),
      );
      await store.close();
      const before = readFileSync(db);
      const { value } = await json(['fact', '--date', '2024-03-01', '--guild', '42', '--db', db, '--json']);
      expect(value.fact.date).toBe('2011-10');
      expect(readFileSync(db).equals(before)).toBe(true);
      const other = await json(['fact', '--date', '2024-03-01', '--guild', '43', '--db', db, '--json']);
      expect(other.value.fact.date).toBe('1990');
    });

    it('gives the fact already chosen for the server that day, as /today does', async () => {
      const db = join(mkdtempSync(join(tmpdir(), 'fn-cli-db-')), 'footnote.db');
      const store = openBotStore(db);
      // The daily post of 2024-09-25 was made with the 2011 fact, not the "on this day" one.
      await store.daily.createIntent(
        { guildId: '42', localDate: '2024-09-25', channelId: '1', nonce: 'n', now: 0 },
        () => ({ factId: 'china-trains-cadres@2011-10', newCycle: false }),
      );
      await store.close();
      const { value } = await json(['fact', '--date', '2024-09-25', '--guild', '42', '--db', db, '--json']);
      expect(value.fact.date).toBe('2011-10');
      const other = await json(['fact', '--date', '2024-09-25', '--guild', '43', '--db', db, '--json']);
      expect(other.value.fact.date).toBe('2023-09-25');
    });

    it('requires a real date', async () => {
      expect((await json(['fact', '--date', '2024-02-30'])).code).toBe(2);
      expect((await json(['fact'])).code).toBe(2);
    });
  });
});
