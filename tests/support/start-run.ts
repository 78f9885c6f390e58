import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

/** The command of `npm start` itself (what a process manager runs; no npm in between). */
export const START_SCRIPT: readonly string[] = ['node', '--import', 'tsx', 'src/main.ts'];

/** How a started Footnote ended, and what it printed. */
export interface StartRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs Footnote as a newcomer would, with no token (local Discord and terminal chat), `input` piped in (null:
 * stdin stays open); by default the real `npm start`. `onStderr` sees stderr so far and can stop the process.
 */
export async function runStart(
  input: string | null,
  env: Record<string, string> = {},
  onStderr?: (text: string, kill: () => void) => void,
  command: readonly string[] = ['npm', 'start', '--silent'],
): Promise<StartRun> {
  const cache = await mkdtemp(join(tmpdir(), 'footnote-start-'));
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
