import { existsSync } from 'node:fs';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, LogFileError } from '../../src/log.ts';
import { runStart, START_SCRIPT } from '../support/start-run.ts';

/** Runs the start script's command (no token: local Discord and terminal chat) with `input` piped in. */
const start = (input: string, env: Record<string, string>) => runStart(input, env, undefined, START_SCRIPT);

describe('LOG_FILE', () => {
  it('in a folder that does not exist: start-up stops with a message naming LOG_FILE (no folder is made)', async () => {
    const missing = join(await mkdtemp(join(tmpdir(), 'footnote-nolog-')), 'no-such-folder');
    const run = await start('', { LOG_FILE: join(missing, 'footnote.log') });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /LOG_FILE: expected a file Footnote can append to; ".*no-such-folder\/footnote\.log" cannot be opened: its folder does not exist \(ENOENT\)/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(existsSync(missing)).toBe(false);
  }, 60_000);

  it.skipIf(!existsSync('/dev/full'))(
    'a write error while running (a full disk: /dev/full) is reported on stderr and the bot keeps answering',
    async () => {
      const run = await start('/ask question: Who obtained Directive 24?\n/about\n', {
        LOG_FILE: '/dev/full',
        LOG_LEVEL: 'info',
      });
      expect(run.stderr).toMatch(
        /footnote: cannot write to the log file "\/dev\/full" \(ENOSPC: no space left on device[^)]*\); logging to stderr from now on\./,
      );
      // Reported once, then the log lines go to stderr.
      expect(run.stderr.match(/cannot write to the log file/g)).toHaveLength(1);
      expect(run.stderr).toMatch(/"msg":"bot ready"/);
      expect(run.stdout).toContain('Project88, was able to get the paper, also known as Directive 24.');
      expect(run.stdout).toMatch(/About Footnote/);
      expect(run.code).toBe(0);
    },
    60_000,
  );
});

describe('createLogger: a failing destination never throws', () => {
  it('reports the first error once, moves to the fallback, and later lines arrive there', () => {
    const reports: string[] = [];
    let fallbackText = '';
    const failing = new Writable({
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
      },
    });
    const fallback = new Writable({
      write(chunk, _encoding, callback) {
        fallbackText += String(chunk);
        callback();
      },
    });
    const logger = createLogger({
      level: 'info',
      destination: failing,
      fallback,
      onWriteError: (message) => reports.push(message),
    });
    expect(() => {
      logger.info('first');
      logger.info('second');
    }).not.toThrow();
    return new Promise<void>((resolve) => {
      setImmediate(() => {
        logger.info('after the failure');
        expect(reports).toEqual([
          'footnote: cannot write to the log stream (ENOSPC: no space left on device, write); logging to stderr from now on.',
        ]);
        expect(fallbackText).toContain('"msg":"after the failure"');
        resolve();
      });
    });
  });

  it('refuses a log file it cannot open with a LogFileError naming the path and reason', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'footnote-logdir-'));
    const path = join(dir, 'missing', 'x.log');
    expect(() => createLogger({ level: 'info', destination: { file: path } })).toThrow(LogFileError);
    expect(() => createLogger({ level: 'info', destination: { file: dir } })).toThrow(
      /it is a folder \(EISDIR\)/,
    );
    expect(await readdir(dir)).toEqual([]);
  });
});
