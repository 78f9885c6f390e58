import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type Config, parseConfig } from '../../src/config.ts';
import { type RunningBot, startBot } from '../../src/discord/bot.ts';
import type { AnyCommand } from '../../src/discord/command.ts';
import { botDependencies } from '../../src/discord/dependencies.ts';
import { loadCommands } from '../../src/discord/loader.ts';
import { type Library, openLibrary } from '../../src/library.ts';
import { type LocalDiscord, startLocalDiscord } from '../../src/local-discord/index.ts';
import type { InteractionOutcome, StoredMessage } from '../../src/local-discord/types.ts';
import { createLogger } from '../../src/log.ts';
import { openBotStore } from '../../src/store/bot-store.ts';

/** The real data folder of the repository (the seed articles). */
export const DATA_DIR = join(import.meta.dirname, '..', '..', 'data');

export interface Harness {
  readonly discord: LocalDiscord;
  readonly bot: RunningBot;
  readonly library: Library;
  readonly config: Config;
  /** Every log line the bot wrote, parsed. */
  readonly logs: Record<string, unknown>[];
  /** The raw log text (to check nothing secret leaked). */
  rawLogs(): string;
  stop(): Promise<void>;
}

/** Starts the local Discord and the real bot (every command of `commands/`, plus `extra`) over loopback. */
export async function startHarness(
  options: {
    env?: Record<string, string>;
    extra?: readonly AnyCommand[];
    now?: () => Date;
    dataDir?: string;
  } = {},
): Promise<Harness> {
  const cacheDir = await mkdtemp(join(tmpdir(), 'footnote-e2e-'));
  const config = parseConfig({ ASK_COOLDOWN_SECONDS: '0', ...options.env });
  let raw = '';
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      raw += String(chunk);
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      callback();
    },
  });
  const library = await openLibrary({
    dataDir: options.dataDir ?? DATA_DIR,
    indexFile: join(cacheDir, 'index.json'),
  });
  const discord = await startLocalDiscord({ heartbeatIntervalMs: 1000 });
  const logger = createLogger({
    level: 'debug',
    destination: sink,
    pretty: false,
    secrets: [discord.botToken],
  });
  const commands = await loadCommands();
  for (const command of options.extra ?? []) commands.set(command.data.name, command);
  const store = openBotStore(':memory:');
  const dependencies = await botDependencies({
    config,
    library,
    logger,
    store,
    commands,
    ...(options.now ? { now: options.now } : {}),
  });
  const bot = await startBot(dependencies, {
    token: discord.botToken,
    restApiBase: discord.restApiBase,
    registerCommands: { guildId: discord.guildId },
  });
  await discord.waitForBot();
  return {
    discord,
    bot,
    library,
    config,
    logs,
    rawLogs: () => raw,
    async stop() {
      await bot.stop();
      await discord.close();
      store.close();
      await rm(cacheDir, { recursive: true, force: true });
    },
  };
}

/** The custom_ids of a stored message's buttons, by label. */
export function buttonsOf(message: { components: readonly unknown[] } | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const row of (message?.components ?? []) as {
    components?: { label?: string; custom_id?: string }[];
  }[]) {
    for (const component of row.components ?? []) {
      if (component.label && component.custom_id) out.set(component.label, component.custom_id);
    }
  }
  return out;
}

/** The message an interaction ended with: its last follow-up, or its (edited) original response. */
export function shown(outcome: InteractionOutcome): StoredMessage {
  const message = outcome.followUps.at(-1) ?? outcome.original;
  if (!message) throw new Error(`no message for interaction ${outcome.interactionId}`);
  return message;
}

/** Every request the local Discord refused so far (it refuses what Discord refuses), as `METHOD operation status`. */
export function refusedRequests(discord: LocalDiscord): string[] {
  return discord.requests
    .filter((r) => r.status >= 400)
    .map((r) => `${r.method} ${r.operationId} ${r.status}`);
}
