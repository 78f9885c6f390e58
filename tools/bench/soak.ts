/**
 * Benchmark (not a test): mixed interactions (ask, its More and Post publicly buttons, cite, Find source,
 * timeline and its Next button, today) through the local Discord against the bot in its own process, at a
 * steady rate, while the library is reloaded again and again (an article rewritten, then `/reload`; the file
 * watcher reloads too). Prints the share answered within Discord's 3 s, p50/p99 per kind, the reloads, and
 * the bot's RSS and event-loop delay over time (its `process metrics` log lines). Exits 1 if any was late.
 * Usage: npm run bench:soak [-- --interactions N --passages N --rate R --concurrency C]
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST } from 'discord.js';
import { deployCommands } from '../../src/discord/deploy.ts';
import { loadCommands } from '../../src/discord/loader.ts';
import { type LocalDiscord, startLocalDiscord } from '../../src/local-discord/index.ts';
import { readScriptArgs } from '../eval/script-args.ts';
import { type Bot, startBotProcess } from './soak-bot.ts';
import { writeSoakLibrary } from './soak-library.ts';
import {
  DEADLINE_MS,
  interactionTable,
  type Measured,
  processSummary,
  reloadSummary,
  sliceTable,
  withinDeadline,
} from './soak-report.ts';
import { Interactions, shown } from './soak-tasks.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const USAGE = `Usage: npm run bench:soak [-- options]
  --interactions N   interactions to send (default 600)
  --passages N       passages in the library (default 100000)
  --per-article N    paragraphs (passages) per article (default 25)
  --rate R           interactions started per second (default 4)
  --concurrency C    at most this many unanswered at once (default 4)
  --squad FILE       SQuAD 2.0 file for the paragraphs and questions (default ../shared/eval/squad/train-sample-v2.0.json)
  --slice S          seconds per row of the over-time table (default 10)
  --profile DIR      run the bot with --cpu-prof, writing its profiles into DIR
  --skip NAMES       leave out these tasks (comma-separated: ask, more, post, cite, find-source, timeline, today)
  --json FILE        also write every measurement (interactions, reloads, metrics) to FILE
`;

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
      json: { type: 'string' },
      skip: { type: 'string' },
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

    const interactions = new Interactions(
      discord,
      library,
      (args.values.skip ?? '').split(',').filter(Boolean),
    );
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
    if (args.values.json)
      await writeFile(
        args.values.json,
        JSON.stringify({ start, measured, reloads: bot.reloads, samples: bot.samples }),
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
