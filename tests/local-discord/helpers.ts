import { startLocalDiscord } from '../../src/local-discord/index.ts';
import type { LocalDiscord, LocalDiscordOptions } from '../../src/local-discord/types.ts';
import { startTestBot, type TestBotState } from './test-bot.ts';

/** A local Discord with the test bot logged in. */
export interface Harness {
  readonly discord: LocalDiscord;
  readonly state: TestBotState;
  readonly client: Awaited<ReturnType<typeof startTestBot>>['client'];
  stop(): Promise<void>;
}

/** Starts a local Discord and the test bot against it. */
export async function startHarness(options: LocalDiscordOptions = {}): Promise<Harness> {
  const discord = await startLocalDiscord(options);
  const bot = await startTestBot(discord);
  return {
    discord,
    state: bot.state,
    client: bot.client,
    stop: async () => {
      await bot.stop();
      await discord.close();
    },
  };
}

/** Waits until `check` is true (polling), failing after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The Discord error code of something discord.js threw. */
export const codeOf = (error: unknown): unknown => (error as { code?: unknown }).code;
export const statusOf = (error: unknown): unknown => (error as { status?: unknown }).status;
