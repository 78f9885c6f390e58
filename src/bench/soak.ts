/**
 * Benchmark (not a test): mixed interactions (ask, its More and Post publicly buttons, cite, Find source,
 * timeline and its Next button, today) through the local Discord against the bot in its own process, at a
 * steady rate, while the library is reloaded again and again (an article rewritten, then `/reload`; the file
 * watcher reloads too). Prints the share answered within Discord's 3 s, p50/p99 per kind, the reloads, and
 * the bot's RSS and event-loop delay over time (its `process metrics` log lines). Exits 1 if any was late.
 * Usage: npm run bench:soak [-- --interactions N --passages N --rate R --concurrency C]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST } from 'discord.js';
import { deployCommands } from '../discord/deploy.ts';
import { loadCommands } from '../discord/loader.ts';
import { readScriptArgs } from '../eval/script-args.ts';
import { type InteractionOutcome, type LocalDiscord, startLocalDiscord } from '../local-discord/index.ts';
import { seededRandom } from './corpora.ts';
import { type SoakLibrary, writeSoakLibrary } from './soak-library.ts';
import {
  DEADLINE_MS,
  interactionTable,
  type Measured,
  type MetricsSample,
  processSummary,
  type ReloadRecord,
  reloadSummary,
  sliceTable,
  withinDeadline,
} from './soak-report.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const USAGE = `Usage: npm run bench:soak [-- options]
  --interactions N   interactions to send (default 600)
  --passages N       passages in the library (default 100000)
  --per-article N    paragraphs (passages) per article (default 25)
  --rate R           interactions started per second (default 4)
  --concurrency C    at most this many unanswered at once (default 4)
  --squad FILE       SQuAD 2.0 file for the paragraphs and questions (default ../shared/eval/squad/train-sample-v2.0.json)
  --slice S          seconds per row of the over-time table (default 10)
  --profile DIR      run the bot with --cpu-prof, writing its profile into DIR
`;

interface Bot {
  readonly process: ChildProcess;
  readonly samples: MetricsSample[];
  readonly reloads: ReloadRecord[];
  readonly opened: { articles?: number; passages?: number };
  tail(): string;
}

/** Starts the bot in its own process against the local Discord, and reads its JSON log lines. */
function startBotProcess(discord: LocalDiscord, dataDir: string, profileDir: string | undefined): Bot {
  const args = ['--import', 'tsx', 'src/main.ts'];
  if (profileDir) args.unshift('--cpu-prof', '--cpu-prof-dir', profileDir);
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dataDir,
      DISCORD_TOKEN: discord.botToken,
      DISCORD_API_BASE: discord.restApiBase,
      FOOTNOTE_DATA_DIR: dataDir,
      FOOTNOTE_DB_PATH: join(dataDir, 'footnote.db'),
      FOOTNOTE_WATCH_ARTICLES: 'true',
      FOOTNOTE_OWNER_IDS: discord.userId,
      FOOTNOTE_METRICS_INTERVAL_MS: '1000',
      ASK_COOLDOWN_SECONDS: '0',
      LOG_LEVEL: 'info',
    },
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

/** The custom_id of a message's button with this label. */
function button(
  message: { components: readonly unknown[] } | null | undefined,
  label: string,
): string | undefined {
  for (const row of (message?.components ?? []) as {
    components?: { label?: string; custom_id?: string }[];
  }[])
    for (const component of row.components ?? []) if (component.label === label) return component.custom_id;
  return undefined;
}

/** The message an interaction ended with: its last follow-up, or its (edited) original response. */
const shown = (outcome: InteractionOutcome) => outcome.followUps.at(-1) ?? outcome.original;

/** Runs the soak's interactions: each task sends one or two (a button is pressed on the answer it got). */
class Interactions {
  readonly measured: Measured[] = [];
  private readonly random = seededRandom(99);

  constructor(
    private readonly discord: LocalDiscord,
    private readonly library: SoakLibrary,
  ) {}

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)] as T;
  }

  private record(kind: string, outcome: InteractionOutcome): InteractionOutcome {
    const last = this.discord.requests.findLast(
      (r) => r.at >= outcome.dispatchedAt && r.path.includes(`/${outcome.token}/`),
    );
    const message = shown(outcome);
    this.measured.push({
      kind,
      at: outcome.dispatchedAt,
      callbackMs: outcome.callbackAt === null ? null : outcome.callbackAt - outcome.dispatchedAt,
      finalMs: (last?.at ?? outcome.callbackAt ?? Number.POSITIVE_INFINITY) - outcome.dispatchedAt,
      failed: /error id/iu.test(message?.content ?? ''),
    });
    return outcome;
  }

  /** One task of a kind drawn at random; resolves once its interactions are settled. */
  async task(): Promise<void> {
    const d = this.discord;
    const wait = { waitMs: 60_000 };
    const draw = this.random();
    if (draw < 0.3) {
      this.record('ask', await d.slashCommand('ask', { question: this.pick(this.library.questions) }, wait));
    } else if (draw < 0.4) {
      const answer = this.record(
        'ask',
        await d.slashCommand('ask', { question: this.pick(this.library.questions) }, wait),
      );
      const more = button(shown(answer), 'More');
      const message = shown(answer);
      if (more && message) this.record('button More', await d.pressButton(message.id, more, wait));
    } else if (draw < 0.5) {
      const question = this.pick(this.library.questions);
      const answer = this.record('ask', await d.slashCommand('ask', { question, private: true }, wait));
      const post = button(shown(answer), 'Post publicly');
      const message = shown(answer);
      if (post && message) this.record('button Post publicly', await d.pressButton(message.id, post, wait));
    } else if (draw < 0.65) {
      this.record(
        'cite',
        await d.slashCommand('cite', { text: `"${this.pick(this.library.quotes)}"` }, wait),
      );
    } else if (draw < 0.75) {
      const target = d.postUserMessage(d.channelId, `Someone wrote: ${this.pick(this.library.quotes)}`);
      this.record('Find source', await d.messageCommand('Find source', target.id, wait));
    } else if (draw < 0.9) {
      const query = this.pick(this.library.timelineQueries);
      const page = this.record('timeline', await d.slashCommand('timeline', { query }, wait));
      const next = button(shown(page), 'Next');
      const message = shown(page);
      if (next && message && this.random() < 0.5)
        this.record('button Next', await d.pressButton(message.id, next, wait));
    } else {
      this.record('today', await d.slashCommand('today', {}, wait));
    }
  }
}

/**
 * Rewrites an article and asks for `/reload`, again and again until stopped; the file watcher reloads after
 * each write too, so the bot is rebuilding its library nearly all the time.
 */
async function keepReloading(
  discord: LocalDiscord,
  rewrite: (article: number, revision: number) => Promise<void>,
  articles: number,
  measured: Measured[],
  stopped: () => boolean,
): Promise<void> {
  for (let revision = 1; !stopped(); revision++) {
    await rewrite((revision * 37) % articles, revision);
    const outcome = await discord.slashCommand('reload', {}, { waitMs: 15 * 60_000 });
    const last = discord.requests.findLast((r) => r.path.includes(`/${outcome.token}/`));
    measured.push({
      kind: '/reload',
      at: outcome.dispatchedAt,
      callbackMs: outcome.callbackAt === null ? null : outcome.callbackAt - outcome.dispatchedAt,
      finalMs: (last?.at ?? Number.POSITIVE_INFINITY) - outcome.dispatchedAt,
      failed: !/^Reloaded in/u.test(shown(outcome)?.content ?? ''),
    });
  }
}

async function run(): Promise<number> {
  const args = readScriptArgs(
    process.argv.slice(2),
    {
      interactions: { type: 'string' },
      passages: { type: 'string' },
      'per-article': { type: 'string' },
      rate: { type: 'string' },
      concurrency: { type: 'string' },
      squad: { type: 'string' },
      slice: { type: 'string' },
      profile: { type: 'string' },
    },
    USAGE,
  );
  if ('exit' in args) return args.exit;
  const count = Number(args.values.interactions ?? 600);
  const passages = Number(args.values.passages ?? 100_000);
  const rate = Number(args.values.rate ?? 4);
  const concurrency = Number(args.values.concurrency ?? 4);
  const sliceMs = 1000 * Number(args.values.slice ?? 10);
  const out = (line: string) => process.stdout.write(`${line}\n`);

  const dataDir = await mkdtemp(join(tmpdir(), 'footnote-soak-'));
  await mkdir(join(dataDir, 'articles'));
  let discord: LocalDiscord | undefined;
  let bot: Bot | undefined;
  try {
    let started = performance.now();
    const library = await writeSoakLibrary({
      articlesDir: join(dataDir, 'articles'),
      squadFile: args.values.squad ?? join(ROOT, '..', 'shared', 'eval', 'squad', 'train-sample-v2.0.json'),
      passages,
      paragraphsPerArticle: Number(args.values['per-article'] ?? 25),
    });
    out(
      `wrote ${library.articles} articles, ${library.paragraphs} paragraphs in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    discord = await startLocalDiscord({ heartbeatIntervalMs: 5000 });
    const rest = new REST({ api: discord.restApiBase }).setToken(discord.botToken);
    await deployCommands(
      rest,
      { applicationId: discord.applicationId, guildId: discord.guildId },
      (await loadCommands()).values(),
    );
    started = performance.now();
    bot = startBotProcess(discord, dataDir, args.values.profile);
    const exited = new Promise<never>((_, reject) =>
      bot?.process.once('exit', (code) =>
        reject(new Error(`the bot exited (code ${code}):\n${bot?.tail()}`)),
      ),
    );
    exited.catch(() => undefined); // Stopping the bot at the end is no error.
    await Promise.race([discord.waitForBot(30 * 60_000), exited]);
    out(
      `bot ready after ${((performance.now() - started) / 1000).toFixed(1)} s: ${bot.opened.articles} articles, ${bot.opened.passages} passages`,
    );

    const interactions = new Interactions(discord, library);
    for (let i = 0; i < 8; i++) await interactions.task(); // Warm-up (JIT), not counted.
    interactions.measured.length = 0;

    const start = Date.now();
    let done = false;
    const reloadMeasured: Measured[] = [];
    const reloading = keepReloading(discord, library.rewrite, library.articles, reloadMeasured, () => done);
    const inFlight = new Set<Promise<void>>();
    const tick = 1000 / rate;
    for (let next = performance.now(); interactions.measured.length + inFlight.size < count; next += tick) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
      const task: Promise<void> = interactions.task().finally(() => inFlight.delete(task));
      inFlight.add(task);
    }
    await Promise.all(inFlight);
    done = true;
    out(
      `interactions done after ${((Date.now() - start) / 1000).toFixed(0)} s; waiting for the running /reload`,
    );
    await Promise.race([reloading, exited]);

    const measured = [...interactions.measured, ...reloadMeasured];
    const reloads = bot.reloads.filter((r) => r.at >= start);
    out('');
    out(
      `soak: ${interactions.measured.length} interactions at ${rate}/s (at most ${concurrency} at once), library ${bot.opened.articles} articles / ${bot.opened.passages} passages, ${library.questions.length} questions; 2 cores shared`,
    );
    out(interactionTable(measured));
    out('');
    out(reloadSummary(reloads));
    out(processSummary(bot.samples.filter((s) => s.at >= start)));
    out('');
    out(
      sliceTable(
        start,
        sliceMs,
        measured,
        bot.samples.filter((s) => s.at >= start),
        reloads,
      ),
    );
    const late = measured.filter((m) => !withinDeadline(m));
    out('');
    out(
      late.length === 0
        ? `every interaction answered within ${DEADLINE_MS / 1000} s`
        : `${late.length} of ${measured.length} interactions late (no first response within ${DEADLINE_MS / 1000} s)`,
    );
    return late.length === 0 ? 0 : 1;
  } finally {
    if (bot && bot.process.exitCode === null) {
      const exit = new Promise((resolve) => bot?.process.once('exit', resolve));
      bot.process.kill('SIGTERM');
      await exit;
    }
    await discord?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

run().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `bench soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
