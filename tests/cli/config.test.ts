import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CliIO } from '../../src/cli/command.ts';
import { defaultIO, runCli } from '../../src/cli/run.ts';
import { environment } from '../../src/config.ts';
import { writeLibrary } from '../core/helpers.ts';

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
});
