/** The soak benchmark's bot: Footnote in its own process against the local Discord, and what its log says. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { LocalDiscord } from '../../src/local-discord/index.ts';
import type { MetricsSample, ReloadRecord } from './soak-report.ts';

const ROOT = join(import.meta.dirname, '..', '..');

export interface Bot {
  readonly process: ChildProcess;
  readonly samples: MetricsSample[];
  readonly reloads: ReloadRecord[];
  readonly opened: { articles?: number; passages?: number };
  tail(): string;
}

/**
 * The environment of `src/main.ts` run in its own process against the local Discord (as on Discord: a token, the
 * API base), on `dataDir`, with the default member as owner and no cooldown; `overrides` on top.
 */
export function botProcessEnv(
  discord: LocalDiscord,
  dataDir: string,
  overrides: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dataDir,
    DISCORD_TOKEN: discord.botToken,
    DISCORD_API_BASE: discord.restApiBase,
    FOOTNOTE_DATA_DIR: dataDir,
    FOOTNOTE_DB_PATH: join(dataDir, 'footnote.db'),
    FOOTNOTE_OWNER_IDS: discord.userId,
    ASK_COOLDOWN_SECONDS: '0',
    LOG_LEVEL: 'info',
    ...overrides,
  };
}

/** Starts the bot in its own process against the local Discord, and reads its JSON log lines. */
export function startBotProcess(discord: LocalDiscord, dataDir: string, profileDir: string | undefined): Bot {
  const args = ['--import', 'tsx', 'src/main.ts'];
  if (profileDir) args.unshift('--cpu-prof', '--cpu-prof-dir', profileDir);
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: botProcessEnv(discord, dataDir, {
      FOOTNOTE_WATCH_ARTICLES: 'true',
      FOOTNOTE_METRICS_INTERVAL_MS: '1000',
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const bot: Bot = {
    process: child,
    samples: [],
    reloads: [],
    opened: {},
    tail: () => recent.join(''),
  };
  const recent: string[] = [];
  let partial = '';
  const remember = (text: string) => {
    recent.push(text);
    if (recent.length > 40) recent.shift();
  };
  child.stdout?.on('data', (chunk) => {
    const lines = (partial + String(chunk)).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) readLogLine(bot, line, remember);
  });
  child.stderr?.on('data', (chunk) => remember(String(chunk)));
  return bot;
}

function readLogLine(bot: Bot, line: string, remember: (text: string) => void): void {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    remember(`${line}\n`);
    return;
  }
  const at = Number(entry.time);
  if (entry.msg === 'process metrics') {
    const m = entry.metrics as {
      rssMiB: number;
      heapUsedMiB: number;
      eventLoopDelayMs: MetricsSample['delay'];
    };
    bot.samples.push({ at, rssMiB: m.rssMiB, heapUsedMiB: m.heapUsedMiB, delay: m.eventLoopDelayMs });
    return;
  }
  if (entry.msg === 'library reloaded') bot.reloads.push({ at, ms: Number(entry.ms), ok: true });
  else if (entry.msg === 'library reload failed' || entry.msg === 'library reload refused')
    bot.reloads.push({ at, ms: 0, ok: false });
  else if (entry.msg === 'library open') {
    bot.opened.articles = Number(entry.articles);
    bot.opened.passages = Number(entry.passages);
  }
  if (Number(entry.level) >= 40 || entry.msg !== 'interaction handled') remember(`${line}\n`);
}
