import { type ChildProcess, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCommands } from '../../src/discord/deploy.ts';
import { loadCommands } from '../../src/discord/loader.ts';
import { openLibrary } from '../../src/library.ts';
import { type LocalDiscord, startLocalDiscord } from '../../src/local-discord/index.ts';
import { botProcessEnv } from '../../tools/bench/soak-bot.ts';
import { writeLibrary } from '../support/library-files.ts';
import { runStart, START_SCRIPT } from '../support/start-run.ts';
import { sample } from './prometheus.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** Other members than the default one (the owner): each has their own /ask cooldown. */
const READER = '200000000000000001';
const SECOND_READER = '200000000000000002';
const THIRD_READER = '200000000000000003';

/** Polls `read` until `done` holds of its result (or the time is up), and returns the last result. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && (done(value) || Date.now() > deadline)) return value;
    if (Date.now() > deadline) throw new Error('no answer in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Footnote run as in production (`src/main.ts` in its own process, a token, FOOTNOTE_HTTP_PORT set) against the
 * local Discord: the metrics move by exactly what a few interactions did, and /healthz follows the gateway.
 */
describe('health and metrics of the running bot', () => {
  let discord: LocalDiscord;
  let bot: ChildProcess;
  let dataDir: string;
  let output = '';
  let url = '';

  const metrics = async () => {
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    return response.text();
  };
  const health = async () => {
    const response = await fetch(`${url}/healthz`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    dataDir = await writeLibrary([
      {
        id: 'harvest',
        title: 'Harvest',
        body: 'Farmers in the Mekong delta reported a record rice harvest this autumn.\n\nThe harvest was sold to millers in Can Tho.',
      },
      { id: 'rivers', title: 'Rivers', body: 'The Mekong delta is fed by nine branches of the river.' },
    ]);
    discord = await startLocalDiscord({ heartbeatIntervalMs: 1000 });
    const rest = new REST({ api: discord.restApiBase }).setToken(discord.botToken);
    await deployCommands(
      rest,
      { applicationId: discord.applicationId, guildId: discord.guildId },
      (await loadCommands()).values(),
    );
    bot = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: botProcessEnv(discord, dataDir, {
        FOOTNOTE_WATCH_ARTICLES: 'false',
        FOOTNOTE_HTTP_PORT: '0',
        ASK_COOLDOWN_SECONDS: '60',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const listening = new Promise<string>((resolve) => {
      bot.stdout?.on('data', (chunk) => {
        output += String(chunk);
        const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)"[^\n]*"msg":"health server listening"/u.exec(
          output,
        );
        if (match) resolve(match[1] as string);
      });
    });
    bot.stderr?.on('data', (chunk) => {
      output += String(chunk);
    });
    url = await listening;
    await discord.waitForBot(60_000);
  }, 90_000);

  afterAll(async () => {
    if (bot && bot.exitCode === null) {
      const exited = new Promise((resolve) => bot.once('exit', resolve));
      bot.kill('SIGTERM');
      await exited;
    }
    await discord?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('is healthy once connected, with the library size and the shard ready', async () => {
    const { status, body } = await until(health, (h) => h.status === 200);
    expect(status, output.slice(-2000)).toBe(200);
    expect(body).toEqual({ status: 'ok', checks: { gateway: true, library: true, store: true } });
    const text = await metrics();
    const library = await openLibrary({ dataDir });
    expect(sample(text, 'footnote_library_articles')).toBe(2);
    expect(sample(text, 'footnote_library_passages')).toBe(library.passages.size);
    expect(sample(text, 'footnote_gateway_shard_ready', { shard: '0' })).toBe(1);
    expect(sample(text, 'footnote_process_resident_memory_bytes')).toBeGreaterThan(0);
  }, 30_000);

  it('counts interactions by command and outcome, answers, abstentions and reloads by exactly what happened', async () => {
    const before = await metrics();
    const count = (text: string, command: string, outcome: string) =>
      sample(text, 'footnote_interactions_total', { command, kind: 'command', outcome }) ?? 0;
    const answers = (text: string) => sample(text, 'footnote_answer_duration_seconds_count') ?? 0;
    const abstentions = (text: string) => sample(text, 'footnote_abstentions_total') ?? 0;
    const reloads = (text: string, outcome: string) =>
      sample(text, 'footnote_library_reloads_total', { outcome }) ?? 0;

    const answered = await discord.slashCommand(
      'ask',
      { question: 'Who reported a record rice harvest?' },
      { userId: READER },
    );
    // The quote, verbatim (the matched words are in bold).
    expect(answered.original?.content.replaceAll('**', '')).toContain(
      'Farmers in the Mekong delta reported a record rice harvest this autumn.',
    );
    const abstained = await discord.slashCommand(
      'ask',
      { question: 'What is the boiling point of mercury?' },
      { userId: SECOND_READER },
    );
    expect(abstained.original?.content ?? '').not.toContain('Farmers');
    const unknownArticle = await discord.slashCommand(
      'ask',
      { question: 'Who reported a record rice harvest?', article: 'No such article' },
      { userId: THIRD_READER },
    );
    expect(unknownArticle.original?.content).toMatch(/No article matches/u);
    const tooSoon = await discord.slashCommand(
      'ask',
      { question: 'Is the delta fed by branches?' },
      { userId: READER },
    );
    expect(tooSoon.original?.content).toMatch(/Slow down a little/u);
    // An unexpected failure: Discord answers 500 to every response (discord.js retries each, then gives up).
    discord.faults.serverError({ operationId: 'create_interaction_response', count: 100 });
    await discord.slashCommand('about', {}, { waitMs: 4000 });
    const afterError = await until(
      metrics,
      (text) => count(text, 'about', 'error') > count(before, 'about', 'error'),
    );
    discord.faults.clear();
    const reload = await discord.slashCommand('reload', {}, { waitMs: 30_000 });
    expect(reload.original?.content ?? '').toMatch(/reload/iu);

    const after = await until(metrics, (text) => reloads(text, 'ok') > reloads(before, 'ok'));
    expect(count(afterError, 'about', 'error') - count(before, 'about', 'error')).toBe(1);
    expect(count(after, 'ask', 'ok') - count(before, 'ask', 'ok')).toBe(2);
    expect(count(after, 'ask', 'user_error') - count(before, 'ask', 'user_error')).toBe(1);
    expect(count(after, 'ask', 'cooldown') - count(before, 'ask', 'cooldown')).toBe(1);
    expect(count(after, 'ask', 'error') - count(before, 'ask', 'error')).toBe(0);
    expect(count(after, 'about', 'error') - count(before, 'about', 'error')).toBe(1);
    expect(count(after, 'reload', 'ok') - count(before, 'reload', 'ok')).toBe(1);
    expect(answers(after) - answers(before)).toBe(2);
    expect(abstentions(after) - abstentions(before)).toBe(1);
    expect(reloads(after, 'ok') - reloads(before, 'ok')).toBe(1);
    expect(reloads(after, 'failed') - reloads(before, 'failed')).toBe(0);
    expect(sample(after, 'footnote_library_reload_duration_seconds_count', { outcome: 'ok' })).toBe(
      reloads(after, 'ok'),
    );
  }, 90_000);

  it('stops a second Footnote on the same FOOTNOTE_HTTP_PORT with a message naming it', async () => {
    const port = new URL(url).port;
    const run = await runStart('/about\n', { FOOTNOTE_HTTP_PORT: port }, undefined, START_SCRIPT);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `FOOTNOTE_HTTP_PORT: expected a TCP port number from 1 to 65535 (0 picks a free one); port ${port} is in use by another program`,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /u); // no stack trace
  }, 60_000);

  it('is unavailable (503) once the gateway is gone, naming the gateway, and says so on /metrics', async () => {
    await discord.close();
    const { status, body } = await until(health, (h) => h.status === 503);
    expect(status).toBe(503);
    expect(body).toEqual({ status: 'unavailable', checks: { gateway: false, library: true, store: true } });
    expect(sample(await metrics(), 'footnote_gateway_shard_ready', { shard: '0' })).toBe(0);
  }, 30_000);
});
