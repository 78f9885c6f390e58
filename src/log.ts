import { openSync, writeSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Writable } from 'node:stream';
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { prettyFactory } from 'pino-pretty';

export type { Logger } from 'pino';

/** What replaces a secret in every log line. */
export const REDACTED = '[Redacted]';

/** Paths redacted in every log line: tokens (bot and interaction), auth headers, the config's token. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  '*.*.token',
  'DISCORD_TOKEN',
  '*.DISCORD_TOKEN',
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
];

/**
 * The token part of interaction and webhook URLs (`/interactions/<id>/<token>/callback`,
 * `/webhooks/<app>/<token>/messages/…`): discord.js puts these URLs in its errors (`err.url`), and a token lets
 * anyone answer or edit as the bot for 15 minutes (a webhook's, forever).
 */
const URL_TOKEN = /(\/(?:interactions|webhooks)\/\d+\/)[^/?#\s"'\\]+/g;

/**
 * A function that removes secrets from text (pure): the token of every interaction or webhook URL, and each
 * literal secret (the bot token) wherever it appears, also JSON-escaped. Secrets shorter than 8 characters are
 * ignored. Built once per logger: it runs on every line, so each replacement runs only when its text is there.
 */
export function secretRedactor(secrets: readonly (string | undefined)[] = []): (text: string) => string {
  const literals = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < 8) continue;
    literals.add(secret);
    literals.add(JSON.stringify(secret).slice(1, -1));
  }
  return (text) => {
    let out =
      text.includes('/interactions/') || text.includes('/webhooks/')
        ? text.replace(URL_TOKEN, `$1${REDACTED}`)
        : text;
    for (const literal of literals) if (out.includes(literal)) out = out.split(literal).join(REDACTED);
    return out;
  };
}

/** Thrown by {@link createLogger} when the log file cannot be opened for appending. */
export class LogFileError extends Error {
  override readonly name = 'LogFileError';
  constructor(
    readonly path: string,
    readonly code: string | undefined,
    readonly reason: string,
  ) {
    super(`log: cannot write to "${path}": ${reason}${code ? ` (${code})` : ''}`);
  }
}

export interface LoggerSettings {
  /** pino level; `silent` turns logging off. */
  readonly level: string;
  /** Where lines go: stdout, stderr, a file path (opened now: a {@link LogFileError} if it cannot be), or a stream. */
  readonly destination?: 'stdout' | 'stderr' | { readonly file: string } | Writable;
  /** Force pretty or JSON; by default pretty when the destination is a TTY. */
  readonly pretty?: boolean;
  /** Literal secrets (the bot token) scrubbed from every line, wherever they appear. */
  readonly secrets?: readonly (string | undefined)[];
  /**
   * Where lines go once the destination fails to write (a full disk, a closed pipe), instead of crashing the
   * process. Default: stderr (nowhere when stderr itself failed).
   */
  readonly fallback?: Writable;
  /** Told, once, that the destination failed. Default: a line on stderr. */
  readonly onWriteError?: (message: string) => void;
}

/**
 * Creates the process logger: pretty on a TTY, JSON otherwise; tokens redacted by path and, in the finished
 * line, by value and by URL shape (so they are gone from messages, stacks and `err.url` too). A destination
 * that fails while running is reported once and replaced by the fallback: logging never kills the process.
 */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
  };
  if (settings.level === 'silent') return pino(options);
  return pino(options, new SafeDestination(settings) as unknown as DestinationStream);
}

/** Anything lines can be written to: a Node stream or a SonicBoom. */
interface Sink {
  write(text: string): unknown;
  on?(event: 'error', listener: (error: unknown) => void): unknown;
  flush?(callback: (error?: Error) => void): void;
  destroy?(): unknown;
}

/** pino's destination: redacts, formats (pretty or JSON), writes, and survives a failing target. */
class SafeDestination {
  private target: Sink | null;
  private readonly label: string;
  private readonly format: (line: string) => string;
  private readonly redact: (text: string) => string;
  private readonly onWriteError: (message: string) => void;
  private readonly fallback: () => Sink | null;

  constructor(settings: LoggerSettings) {
    const target = settings.destination ?? 'stdout';
    this.redact = secretRedactor(settings.secrets);
    this.onWriteError = settings.onWriteError ?? writeToStderr;
    const toStderr = target === 'stderr';
    this.fallback = () => settings.fallback ?? (toStderr ? null : pino.destination({ dest: 2, sync: true }));
    let tty = false;
    if (target === 'stdout' || target === 'stderr') {
      const fd = target === 'stdout' ? 1 : 2;
      tty = Boolean(fd === 1 ? process.stdout.isTTY : process.stderr.isTTY);
      // Synchronous writes so the last lines before exit are never lost.
      this.target = pino.destination({ dest: fd, sync: true });
      this.label = target;
    } else if ('file' in target) {
      this.target = pino.destination({ dest: openForAppend(target.file), sync: true });
      this.label = `the log file "${target.file}"`;
    } else {
      this.target = target;
      this.label = 'the log stream';
    }
    const usePretty = settings.pretty ?? tty;
    if (usePretty) {
      const pretty = prettyFactory({
        colorize: tty,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname',
      });
      this.format = (line) => pretty(line);
    } else {
      this.format = (line) => line;
    }
    this.listen(this.target);
  }

  write(line: string): boolean {
    if (!this.target) return true;
    const text = this.format(this.redact(line));
    // A sink may throw instead of emitting 'error'; then the fallback gets the line (and may fail in turn).
    for (let sink = this.target; sink; sink = this.target) {
      try {
        sink.write(text);
        return true;
      } catch (error) {
        this.fail(sink, error);
      }
    }
    return true;
  }

  flush(callback: (error?: Error) => void): void {
    if (this.target?.flush) this.target.flush(() => callback());
    else callback();
  }

  private listen(target: Sink | null): void {
    target?.on?.('error', (error) => this.fail(target, error));
  }

  /** Called on the first error of `target`: report it once, switch to the fallback, never throw. */
  private fail(target: Sink, error: unknown): void {
    if (this.target !== target) return;
    const fallback = this.fallback();
    this.target = fallback;
    this.listen(fallback);
    try {
      target.destroy?.();
    } catch {
      // Already broken: nothing more to do with it.
    }
    const reason = error instanceof Error ? error.message : String(error);
    const next = fallback ? 'logging to stderr from now on' : 'logging is off from now on';
    try {
      this.onWriteError(`footnote: cannot write to ${this.label} (${reason}); ${next}.`);
    } catch {
      // Reporting is best effort: the bot must keep running.
    }
  }
}

/** Why a log file could not be opened, in words, by error code. */
const OPEN_FAILURES: Readonly<Record<string, string>> = {
  ENOENT: 'its folder does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder',
};

/** Opens a log file for appending now, so a bad path stops start-up instead of failing later. */
function openForAppend(path: string): number {
  try {
    return openSync(path, 'a');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = (code && OPEN_FAILURES[code]) ?? (error instanceof Error ? error.message : String(error));
    throw new LogFileError(path, code, reason);
  }
}

function writeToStderr(message: string): void {
  // Synchronous and without an 'error' event: a closed stderr must not crash the process either.
  writeSync(2, `${message}\n`);
}

/** The child logger for one interaction: every line carries who, where and which command. */
export function interactionLogger(
  logger: Logger,
  fields: { interactionId: string; guildId: string | null; userId: string; command: string },
): Logger {
  return logger.child(fields);
}

/** How often the event-loop delay is sampled for {@link logProcessMetrics}, in ms. */
const DELAY_RESOLUTION_MS = 10;

/**
 * Logs a `process metrics` line every `intervalMs` (nothing when 0 or unset): resident memory, heap in use, and
 * how late this thread's event loop ran over the interval (p50, p99 and max of `monitorEventLoopDelay`, less its
 * own 10 ms sampling period, in ms). The timer keeps nothing alive; the returned function stops it.
 */
export function logProcessMetrics(logger: Logger, intervalMs: number | undefined): () => void {
  if (!intervalMs) return () => undefined;
  const delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
  delay.enable();
  const ms = (ns: number) => Math.max(0, Math.round((ns / 1e6 - DELAY_RESOLUTION_MS) * 10) / 10);
  const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
  const timer = setInterval(() => {
    const memory = process.memoryUsage();
    logger.info(
      {
        metrics: {
          rssMiB: mib(memory.rss),
          heapUsedMiB: mib(memory.heapUsed),
          eventLoopDelayMs: {
            p50: ms(delay.percentile(50)),
            p99: ms(delay.percentile(99)),
            max: ms(delay.max),
          },
        },
      },
      'process metrics',
    );
    delay.reset();
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    delay.disable();
  };
}
