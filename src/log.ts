import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

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

export interface LoggerSettings {
  /** pino level; `silent` turns logging off. */
  readonly level: string;
  /** Where lines go: stdout, stderr, a file path, or a stream (tests). */
  readonly destination?: 'stdout' | 'stderr' | { readonly file: string } | Writable;
  /** Force pretty or JSON; by default pretty when the destination is a TTY. */
  readonly pretty?: boolean;
  /** Literal secrets (the bot token) scrubbed from messages, in case one slips into an error text. */
  readonly secrets?: readonly (string | undefined)[];
}

/** Creates the process logger: pretty on a TTY, JSON otherwise, tokens redacted by path and by value. */
export function createLogger(settings: LoggerSettings): Logger {
  const secrets = (settings.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 8);
  const scrub = (text: string) => secrets.reduce((out, secret) => out.split(secret).join('[Redacted]'), text);
  const options: LoggerOptions = {
    level: settings.level,
    redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    hooks: {
      logMethod(args, method) {
        if (secrets.length === 0) return method.apply(this, args);
        const cleaned = args.map((arg) => (typeof arg === 'string' ? scrub(arg) : arg));
        return method.apply(this, cleaned as Parameters<typeof method>);
      },
    },
  };
  return pino(options, destinationFor(settings));
}

function destinationFor(settings: LoggerSettings): DestinationStream {
  const target = settings.destination ?? 'stdout';
  if (typeof target === 'object' && 'write' in target) return target as unknown as DestinationStream;
  const fd = target === 'stdout' ? 1 : target === 'stderr' ? 2 : undefined;
  const isTty = fd === 1 ? process.stdout.isTTY : fd === 2 ? process.stderr.isTTY : false;
  const usePretty = settings.pretty ?? Boolean(isTty);
  if (typeof target === 'object') {
    const stream = createWriteStream(target.file, { flags: 'a' });
    return (usePretty ? pretty({ destination: stream, colorize: false }) : stream) as DestinationStream;
  }
  // Synchronous writes so the last lines before exit are never lost.
  if (usePretty)
    return pretty({ destination: fd, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
  return pino.destination({ dest: fd ?? 1, sync: true });
}

/** The child logger for one interaction: every line carries who, where and which command. */
export function interactionLogger(
  logger: Logger,
  fields: { interactionId: string; guildId: string | null; userId: string; command: string },
): Logger {
  return logger.child(fields);
}
