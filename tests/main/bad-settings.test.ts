/**
 * `npm start` with a setting that parses but cannot be used: the bot stops with a short message naming the
 * setting, no stack trace, exit code 1, and leaves a database file it cannot use exactly as it was.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openBotStore } from '../../src/store/bot-store.ts';
import { runStart, START_SCRIPT, type StartRun } from '../support/start-run.ts';

const start = (env: Record<string, string>) => runStart('', env, undefined, START_SCRIPT);

/** Refused the way a bad setting must be: one message naming it, no stack trace, exit code 1. */
function expectRefused(run: StartRun, line: RegExp): void {
  expect(run.stderr).toMatch(line);
  expect(run.stderr).toMatch(/See \.env\.example for every setting\./u);
  expect(run.stderr).not.toMatch(/\n\s+at /u);
  expect(run.stderr).not.toMatch(/could not start/u);
  expect(run.code).toBe(1);
}

const folder = () => mkdtemp(join(tmpdir(), 'footnote-bad-setting-'));

/** A real database with a server's daily settings in it, as a bot that ran would leave it. */
async function usedDatabase(): Promise<string> {
  const path = join(await folder(), 'footnote.db');
  const store = openBotStore(path);
  await store.daily.enable({
    guildId: '100000000000000001',
    channelId: '200000000000000001',
    time: '09:00',
    timezone: 'UTC',
    firstDate: '2024-03-01',
    now: 0,
  });
  await store.close();
  return path;
}

/**
 * Makes a file or folder unwritable for this process: permission bits for a normal user; for root (whom they do
 * not stop) the immutable attribute, where the file system has it. Returns how to undo it, or null if impossible.
 */
async function makeReadOnly(path: string, mode: number): Promise<(() => Promise<void>) | null> {
  if (process.getuid?.() !== 0) {
    await chmod(path, mode);
    return () => chmod(path, 0o755);
  }
  try {
    execFileSync('chattr', ['+i', path], { stdio: 'ignore' });
    return async () => {
      execFileSync('chattr', ['-i', path], { stdio: 'ignore' });
    };
  } catch {
    return null;
  }
}

const undo: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of undo) await step();
});

describe('FOOTNOTE_DB_PATH that cannot be used', () => {
  it('a file that is not a SQLite database: refused, and its bytes are unchanged', async () => {
    const path = join(await folder(), 'footnote.db');
    const garbage = Buffer.from('these are notes, not a database\n'.repeat(64));
    writeFileSync(path, garbage);
    const run = await start({ FOOTNOTE_DB_PATH: path });
    expectRefused(
      run,
      /FOOTNOTE_DB_PATH: expected a SQLite database file Footnote can read and write; ".*footnote\.db" cannot be used: it is not a SQLite database \(the file was left untouched\)/u,
    );
    expect(readFileSync(path).equals(garbage)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
  }, 60_000);

  it('a truncated database: refused as damaged, and its bytes are unchanged', async () => {
    const path = await usedDatabase();
    truncateSync(path, Math.floor(readFileSync(path).length / 2));
    const before = readFileSync(path);
    const run = await start({ FOOTNOTE_DB_PATH: path });
    expectRefused(run, /FOOTNOTE_DB_PATH: .*cannot be used: the database is damaged/u);
    expect(readFileSync(path).equals(before)).toBe(true);
  }, 60_000);

  it('a read-only file: refused at start (posts could not be recorded), not opened half-way', async (context) => {
    const path = await usedDatabase();
    const before = readFileSync(path);
    const restore = await makeReadOnly(path, 0o444);
    if (!restore) return context.skip('cannot make a file read-only here (root without chattr)');
    undo.push(restore);
    const run = await start({ FOOTNOTE_DB_PATH: path });
    expectRefused(
      run,
      /FOOTNOTE_DB_PATH: .*"[^"]*footnote\.db" cannot be used: it is read-only: Footnote records daily posts there/u,
    );
    expect(readFileSync(path).equals(before)).toBe(true);
  }, 60_000);

  it('a read-only folder: refused, naming the folder', async (context) => {
    const dir = await folder();
    const restore = await makeReadOnly(dir, 0o555);
    if (!restore) return context.skip('cannot make a folder read-only here (root without chattr)');
    undo.push(restore);
    const run = await start({ FOOTNOTE_DB_PATH: join(dir, 'footnote.db') });
    expectRefused(run, /FOOTNOTE_DB_PATH: .*cannot be used: its folder ".*" is read-only/u);
    expect(existsSync(join(dir, 'footnote.db'))).toBe(false);
  }, 60_000);

  it('a path through a file: refused, saying a part of the path is a file', async () => {
    const file = join(await folder(), 'notes.txt');
    writeFileSync(file, 'x');
    const run = await start({ FOOTNOTE_DB_PATH: join(file, 'footnote.db') });
    expectRefused(run, /FOOTNOTE_DB_PATH: .*cannot be used: a part of its folder path is a file/u);
  }, 60_000);
});

describe('DATABASE_URL that cannot be used', () => {
  it('nothing answers there: refused, naming the setting, the URL without its password, and why', async () => {
    // A port that was free a moment ago: nothing listens on it.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const run = await start({ DATABASE_URL: `postgres://footnote:s3cret@127.0.0.1:${port}/footnote` });
    expectRefused(
      run,
      new RegExp(
        `DATABASE_URL: expected a PostgreSQL database Footnote can reach, read and write; postgres://footnote:\\[Redacted\\]@127\\.0\\.0\\.1:${port}/footnote cannot be used: nothing answers at that host and port \\(is PostgreSQL running\\?\\)`,
        'u',
      ),
    );
    expect(run.stderr + run.stdout).not.toContain('s3cret');
  }, 60_000);
});

describe('other settings that parse but cannot be used', () => {
  it('FOOTNOTE_DATA_DIR that does not exist', async () => {
    const missing = join(await folder(), 'no-data-here');
    const run = await start({ FOOTNOTE_DATA_DIR: missing });
    expectRefused(
      run,
      /FOOTNOTE_DATA_DIR: expected a folder Footnote can read, with the library in articles\/; ".*no-data-here" does not exist/u,
    );
  }, 60_000);

  it('FOOTNOTE_DATA_DIR without its articles folder', async () => {
    const dir = await folder();
    await mkdir(join(dir, 'cache'));
    const run = await start({ FOOTNOTE_DATA_DIR: dir });
    expectRefused(run, /FOOTNOTE_DATA_DIR: .*articles" does not exist/u);
  }, 60_000);

  it('DISCORD_TOKEN that Discord refuses (401)', async () => {
    const requests: string[] = [];
    const discord: Server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: '401: Unauthorized', code: 0 }));
    });
    await new Promise<void>((resolve) => discord.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = discord.address() as AddressInfo;
      const run = await start({
        DISCORD_TOKEN: 'MTAwMDAwMDAwMDAwMDAwMDAx.Gabcde.not-a-real-token-at-all',
        DISCORD_API_BASE: `http://127.0.0.1:${port}/api`,
      });
      expectRefused(run, /DISCORD_TOKEN: expected a bot token .*; Discord refused it \(401 Unauthorized\)/u);
      expect(run.stderr).not.toContain('not-a-real-token');
      expect(requests.length).toBeGreaterThan(0);
    } finally {
      await new Promise<void>((resolve) => discord.close(() => resolve()));
    }
  }, 60_000);

  it('DISCORD_API_BASE where nothing answers', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const run = await start({
      DISCORD_TOKEN: 'MTAwMDAwMDAwMDAwMDAwMDAx.Gabcde.not-a-real-token-at-all',
      DISCORD_API_BASE: `http://127.0.0.1:${port}/api`,
    });
    expectRefused(
      run,
      new RegExp(
        `DISCORD_API_BASE: expected .*; nothing answers at "http://127\\.0\\.0\\.1:${port}/api" \\(ECONNREFUSED\\)`,
        'u',
      ),
    );
  }, 60_000);

  it('LOCAL_DISCORD_PORT already in use', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = holder.address() as AddressInfo;
      const run = await start({ LOCAL_DISCORD_PORT: String(port) });
      expectRefused(
        run,
        new RegExp(`LOCAL_DISCORD_PORT: expected a TCP port number .*; port ${port} is in use`, 'u'),
      );
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  }, 60_000);
});
