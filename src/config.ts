import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import dotenv from 'dotenv';
import { z } from 'zod';
import { redactDatabaseUrl } from './store/database-url.ts';

/** Thrown when the environment holds a bad setting; the message names each variable and what it expects. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Empty strings count as unset, so a copied `.env.example` with blank values still starts. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const whole = (what: string, min: number, max: number) =>
  z.coerce.number({ error: what }).int(what).min(min, what).max(max, what);

const snowflake = z.string().regex(/^\d{17,20}$/, 'a Discord id (17 to 20 digits)');

/** A host name (letters, digits, hyphens, dots) or an IPv4/IPv6 address. */
const HOST_NAME = /^[a-z\d](?:[a-z\d-]*[a-z\d])?(?:\.[a-z\d](?:[a-z\d-]*[a-z\d])?)*$/iu;
const HTTP_HOST =
  'an address to listen on, such as 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)';
const HTTP_PORT = 'a TCP port number from 1 to 65535 (0 picks a free one)';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The settings Footnote reads from the environment (`.env` via dotenv). Documented in `.env.example`. */
export const configSchema = z.object({
  DISCORD_TOKEN: optional(z.string().min(20, 'a bot token (Developer Portal → Bot → Reset Token)')),
  DISCORD_APPLICATION_ID: optional(snowflake),
  DISCORD_GUILD_ID: optional(snowflake),
  FOOTNOTE_DATA_DIR: optional(z.string().min(1)).transform((value) => value ?? 'data'),
  FOOTNOTE_DB_PATH: optional(z.string().min(1)).transform((value) => value ?? 'data/footnote.db'),
  /** PostgreSQL for settings and daily posts, shared by several bot processes; unset: SQLite at FOOTNOTE_DB_PATH. */
  DATABASE_URL: optional(
    z
      .string()
      .regex(
        /^postgres(?:ql)?:\/\/\S+$/u,
        'a PostgreSQL URL such as postgres://footnote:password@localhost:5432/footnote (unset: SQLite at FOOTNOTE_DB_PATH)',
      ),
  ),
  DAILY_TICK_SECONDS: optional(whole('a whole number of seconds from 1 to 3600', 1, 3600)).transform(
    (v) => v ?? 30,
  ),
  DAILY_PAUSE_AFTER_FAILURES: optional(whole('a whole number of failures from 1 to 100', 1, 100)).transform(
    (v) => v ?? 5,
  ),
  DAILY_RETRY_SECONDS: optional(whole('a whole number of seconds from 1 to 86400', 1, 86_400)).transform(
    (v) => v ?? 60,
  ),
  FOOTNOTE_OWNER_IDS: optional(
    z
      .string()
      .regex(/^\s*\d{17,20}(?:[\s,]+\d{17,20})*\s*$/, 'Discord user ids separated by commas or spaces'),
  ).transform((value) => (value ?? '').split(/[\s,]+/).filter(Boolean)),
  FOOTNOTE_WATCH_ARTICLES: optional(z.enum(['true', 'false'], { error: 'true or false' })).transform(
    (value) => value !== 'false',
  ),
  /** How many shards (one process each, under discord.js's ShardingManager): `auto` asks Discord; 1 is one process. */
  FOOTNOTE_SHARDS: optional(
    z.union([z.literal('auto'), whole("a whole number of shards from 1 to 1024, or 'auto'", 1, 1024)], {
      error: "a whole number of shards from 1 to 1024, or 'auto'",
    }),
  ).transform((value) => value ?? 1),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `one of ${LOG_LEVELS.join(', ')}` })),
  LOG_FILE: optional(z.string().min(1)),
  FOOTNOTE_METRICS_INTERVAL_MS: optional(
    whole('a whole number of milliseconds from 0 (off) to 3600000', 0, 3_600_000),
  ).transform((v) => v ?? 0),
  /** Port of the health and metrics server (`/healthz`, `/metrics`); unset: no server. */
  FOOTNOTE_HTTP_PORT: optional(whole(HTTP_PORT, 0, 65535)),
  FOOTNOTE_HTTP_HOST: optional(
    z.string().refine((host) => isIP(host) !== 0 || HOST_NAME.test(host), HTTP_HOST),
  ).transform((value) => value ?? '127.0.0.1'),
  ASK_COOLDOWN_SECONDS: optional(
    z.coerce
      .number({ error: 'a whole number of seconds (0 turns the cooldown off)' })
      .int('a whole number of seconds (0 turns the cooldown off)')
      .min(0, 'a whole number of seconds (0 turns the cooldown off)')
      .max(3600, 'at most 3600 seconds'),
  ),
  LOCAL_DISCORD_PORT: optional(
    z.coerce
      .number({ error: 'a TCP port number (0 picks a free one)' })
      .int('a TCP port number (0 picks a free one)')
      .min(0, 'a TCP port number (0 picks a free one)')
      .max(65535, 'a TCP port number (0 picks a free one)'),
  ).transform((value) => value ?? 0),
  DISCORD_API_BASE: optional(z.url('an http(s) URL such as http://127.0.0.1:8090/api')),
  /** `ingest` fetches loopback, private and link-local addresses (an intranet); like `--allow-private`. */
  INGEST_ALLOW_PRIVATE: optional(z.enum(['true', 'false'], { error: 'true or false' })).transform(
    (value) => value === 'true',
  ),
});

/** The /ask cooldown when ASK_COOLDOWN_SECONDS is unset: on Discord, and in the local chat (where piped lines follow each other at once). */
const DEFAULT_ASK_COOLDOWN = { discord: 5, local: 0 } as const;

/** Validated configuration; read once at start-up. */
export type Config = Omit<z.infer<typeof configSchema>, 'ASK_COOLDOWN_SECONDS'> & {
  readonly ASK_COOLDOWN_SECONDS: number;
};

const HEADER = 'config: invalid settings in the environment or .env:';

/** Validates an environment (pure: no dotenv, no process); throws {@link ConfigError} naming every bad variable. */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const result = configSchema.safeParse(env);
  if (result.success) {
    const { data } = result;
    const cooldown = data.DISCORD_TOKEN ? DEFAULT_ASK_COOLDOWN.discord : DEFAULT_ASK_COOLDOWN.local;
    return { ...data, ASK_COOLDOWN_SECONDS: data.ASK_COOLDOWN_SECONDS ?? cooldown };
  }
  const lines = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    const raw = env[variable];
    // The token is never echoed, and DATABASE_URL only without its password.
    const shown =
      variable === 'DISCORD_TOKEN' || raw === undefined
        ? ''
        : ` (got ${JSON.stringify(variable === 'DATABASE_URL' ? redactDatabaseUrl(raw) : raw)})`;
    return `  ${variable}: expected ${issue.message}${shown}`;
  });
  throw new ConfigError(`${HEADER}\n${lines.join('\n')}`);
}

/**
 * A setting that parsed but cannot be used (a file that cannot be opened, a port in use, a token Discord
 * refuses): the same form as {@link parseConfig}'s messages, naming the variable, what it expects and what is wrong.
 */
export function unusableSetting(variable: keyof Config, expected: string, problem: string): ConfigError {
  return new ConfigError(`${HEADER}\n  ${variable}: expected ${expected}; ${problem}`);
}

/**
 * The environment every entry point reads (the bot, the CLI, the tools): `.env` in the working folder, if any, under
 * the process's own variables. Nothing is changed.
 */
export function environment(path = '.env'): Record<string, string | undefined> {
  const fromFile = existsSync(path) ? dotenv.parse(readFileSync(path)) : {};
  return { ...fromFile, ...process.env };
}

/** Loads `.env` (if present) into `process.env`, then validates it; call once at start-up. */
export function readConfig(path?: string): Config {
  dotenv.config({ quiet: true, ...(path ? { path } : {}) });
  return parseConfig(process.env);
}
