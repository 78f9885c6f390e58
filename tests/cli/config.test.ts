import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CliIO } from '../../src/cli/command.ts';
import { defaultIO, runCli } from '../../src/cli/run.ts';
import { environment } from '../../src/config.ts';
import { writeLibrary } from '../support/library-files.ts';
import { ROOT } from '../support/start-run.ts';

/** `npm run cli -- <args>` as a user runs it, in `cwd` (where its `.env` is read), with no settings in its environment. */
function runCliProcess(
  cwd: string,
  args: readonly string[],
): Promise<{ code: number | null; out: string; err: string }> {
  const tsx = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const child = spawn(process.execPath, ['--import', tsx, join(ROOT, 'src', 'cli', 'main.ts'), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => {
    out += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    err += String(chunk);
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

/** The real IO (the library opened from the folder the settings name), with what it prints kept. */
function captured(): CliIO & { printed: () => { out: string; err: string } } {
  let out = '';
  let err = '';
  return {
    ...defaultIO(),
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    printed: () => ({ out, err }),
  };
}

describe('the CLI reads the settings as the bot does', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('takes .env in the working folder under the process’s own variables', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fn-env-')), '.env');
    writeFileSync(file, 'FOOTNOTE_DATA_DIR=from-file\nLOG_LEVEL=debug\n');
    vi.stubEnv('LOG_LEVEL', 'error');
    const env = environment(file);
    expect(env.FOOTNOTE_DATA_DIR).toBe('from-file');
    expect(env.LOG_LEVEL).toBe('error');
  });

  it('opens the library FOOTNOTE_DATA_DIR names (stats), and --data still wins', async () => {
    const dataDir = await writeLibrary([
      { id: 'one', title: 'One', body: 'A single article in its own folder.' },
      { id: 'two', title: 'Two', body: 'And a second one beside it.' },
      { id: 'three', title: 'Three', body: 'A third, so it is not the seed library of two.' },
    ]);
    const io = captured();
    expect(await runCli(['stats', '--json'], io, { FOOTNOTE_DATA_DIR: dataDir })).toBe(0);
    expect(JSON.parse(io.printed().out).articles).toBe(3);
    const seed = captured();
    expect(await runCli(['stats', '--json', '--data', 'data'], seed, { FOOTNOTE_DATA_DIR: dataDir })).toBe(0);
    expect(JSON.parse(seed.printed().out).articles).toBe(2);
  });

  it('stops with the bot’s message naming a bad setting, exit 2', async () => {
    const io = captured();
    expect(await runCli(['stats'], io, { ASK_COOLDOWN_SECONDS: 'soon' })).toBe(2);
    expect(io.printed().err).toMatch(/ASK_COOLDOWN_SECONDS: expected a whole number of seconds/u);
  });

  describe('.env in the working folder reaches the CLI', () => {
    /** A library of three articles and one file that is not an article (a warning when opened). */
    async function libraryWithAProblem(): Promise<string> {
      const dataDir = await writeLibrary([
        { id: 'one', title: 'One', body: 'A single article in its own folder.' },
        { id: 'two', title: 'Two', body: 'And a second one beside it.' },
        { id: 'three', title: 'Three', body: 'A third, so it is not the seed library of two.' },
      ]);
      writeFileSync(join(dataDir, 'articles', 'not-an-article.md'), 'No front matter here.\n');
      return dataDir;
    }

    it('opens the library FOOTNOTE_DATA_DIR names in .env (stats) and warns at its LOG_LEVEL', async () => {
      const dataDir = await libraryWithAProblem();
      const cwd = mkdtempSync(join(tmpdir(), 'fn-cli-cwd-'));
      writeFileSync(join(cwd, '.env'), `FOOTNOTE_DATA_DIR=${dataDir}\nLOG_LEVEL=warn\n`);
      const run = await runCliProcess(cwd, ['stats', '--json']);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.out)).toMatchObject({ articles: 3, problems: 1 });
      expect(run.err).toMatch(/article file skipped/u);
    }, 30_000);

    it('keeps the skipped-file warning quiet when .env sets LOG_LEVEL=error', async () => {
      const dataDir = await libraryWithAProblem();
      const cwd = mkdtempSync(join(tmpdir(), 'fn-cli-cwd-'));
      writeFileSync(join(cwd, '.env'), `FOOTNOTE_DATA_DIR=${dataDir}\nLOG_LEVEL=error\n`);
      const run = await runCliProcess(cwd, ['stats', '--json']);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.out)).toMatchObject({ articles: 3, problems: 1 });
      expect(run.err).not.toMatch(/article file skipped/u);
    }, 30_000);

    it('stops on a bad setting in .env, naming it, exit 2', async () => {
      const cwd = mkdtempSync(join(tmpdir(), 'fn-cli-cwd-'));
      writeFileSync(join(cwd, '.env'), 'ASK_COOLDOWN_SECONDS=soon\n');
      const run = await runCliProcess(cwd, ['stats']);
      expect(run.code).toBe(2);
      expect(run.err).toMatch(/ASK_COOLDOWN_SECONDS: expected a whole number of seconds/u);
    }, 30_000);
  });
});
