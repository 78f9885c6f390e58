import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runStart, START_SCRIPT } from '../support/start-run.ts';

describe('npm start without a token (local Discord and terminal chat)', () => {
  it('answers a piped question with the cited quote and exits 0 at end of input', async () => {
    const run = await runStart('/ask question: Who obtained Directive 24?\n');
    expect(run.stderr).not.toMatch(/could not start|Error:/u);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Project88, was able to get the paper, also known as Directive 24.');
    expect(run.stdout).toContain('https://www.chokhleipar.info/2024/03/01/');
    expect(run.stdout).toMatch(/¶ ?3/u);
  }, 60_000);

  it('answers piped questions one after another: no cooldown in the local chat unless set', async () => {
    const run = await runStart(
      '/ask question: Who obtained Directive 24?\n/ask question: Are dissidents jailed?\n',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/Slow down/u);
    expect(run.stdout).toContain('Project88, was able to get the paper');
    expect(run.stdout).toMatch(/Prison sentences for \*?\*?dissidents/u);
    const limited = await runStart(
      '/ask question: Who obtained Directive 24?\n/ask question: Are dissidents jailed?\n',
      {
        ASK_COOLDOWN_SECONDS: '30',
      },
    );
    expect(limited.stdout).toMatch(/Slow down a little: try \/ask again in \d+ s\./u);
  }, 90_000);

  it('keeps the local server across runs: /daily set in one run is still set in the next', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'footnote-stable-'));
    const env = { FOOTNOTE_DB_PATH: join(dir, 'footnote.db'), LOG_LEVEL: 'info' };
    const first = await runStart('/daily set channel: general time: 09:00 timezone: UTC\n', env);
    // The chat shows the channel mention by name, as Discord does.
    expect(first.stdout).toMatch(/Daily facts will be posted in #general at 09:00 \(UTC\)/u);
    const second = await runStart('/daily status\n', env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Channel: #general · time: 09:00 (UTC)');
    // The server is the same one, so the poster has nothing to skip or retry.
    expect(second.stderr).not.toMatch(/not in this server|daily post failed/u);
  }, 90_000);

  it('explains a mistyped command and keeps going', async () => {
    const run = await runStart('/asc question: x\n/about\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/asc/u);
    expect(run.stdout).toMatch(/About Footnote/u);
  }, 60_000);

  it('stops cleanly on SIGTERM, even right after start-up', async () => {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: { start: string };
    };
    expect(scripts.start).toBe('node --import tsx src/main.ts');
    // stdin stays open (no input ends the chat), so only the signal can stop it.
    let killed = false;
    // npm re-raises a signal on itself after its child exits, so signal the start script's own command,
    // as a process manager (systemd, Docker) would.
    const run = await runStart(
      null,
      { LOG_LEVEL: 'info' },
      (text, kill) => {
        if (!killed && text.includes('bot ready')) {
          killed = true;
          kill();
        }
      },
      START_SCRIPT,
    );
    expect(killed).toBe(true);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/shutting down/u);
  }, 60_000);

  it('refuses a bad setting with a message naming the variable', async () => {
    const run = await runStart('', { ASK_COOLDOWN_SECONDS: 'soon' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/ASK_COOLDOWN_SECONDS/u);
  }, 60_000);
});
