import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `npm start`'s entry point as a newcomer would, with no token, input piped in. */
async function start(
  input: string | null,
  env: Record<string, string> = {},
  onStderr?: (text: string, kill: () => void) => void,
  command: readonly string[] = ['npm', 'start', '--silent'],
): Promise<Run> {
  const cache = await mkdtemp(join(tmpdir(), 'footnote-start-'));
  // By default the real `npm start`, as a newcomer runs it.
  const child = spawn(command[0] as string, command.slice(1), {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? cache,
      DISCORD_TOKEN: '',
      FOOTNOTE_WATCH_ARTICLES: 'false',
      FOOTNOTE_DB_PATH: join(cache, 'footnote.db'),
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
    onStderr?.(stderr, () => child.kill('SIGTERM'));
  });
  if (input !== null) child.stdin.end(input);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('npm start without a token (local Discord and terminal chat)', () => {
  it('answers a piped question with the cited quote and exits 0 at end of input', async () => {
    const run = await start('/ask question: Who obtained Directive 24?\n');
    expect(run.stderr).not.toMatch(/could not start|Error:/u);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Project88, was able to get the paper, also known as Directive 24.');
    expect(run.stdout).toContain('https://www.chokhleipar.info/2024/03/01/');
    expect(run.stdout).toMatch(/¶ ?3/u);
  }, 60_000);

  it('explains a mistyped command and keeps going', async () => {
    const run = await start('/asc question: x\n/about\n');
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
    const script = ['node', '--import', 'tsx', 'src/main.ts'];
    const run = await start(
      null,
      { LOG_LEVEL: 'info' },
      (text, kill) => {
        if (!killed && text.includes('bot ready')) {
          killed = true;
          kill();
        }
      },
      script,
    );
    expect(killed).toBe(true);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/shutting down/u);
  }, 60_000);

  it('refuses a bad setting with a message naming the variable', async () => {
    const run = await start('', { ASK_COOLDOWN_SECONDS: 'soon' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/ASK_COOLDOWN_SECONDS/u);
  }, 60_000);
});
