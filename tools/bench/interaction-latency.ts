/**
 * Benchmark (not a test): time from INTERACTION_CREATE to the bot's callback for /ask on the local Discord,
 * and to the final edit of @original (the answer itself, since /ask defers). Prints median and p99.
 * Usage: npm run bench:discord [-- <count>]
 */
import { environment, parseConfig } from '../../src/config.ts';
import { startBot } from '../../src/discord/bot.ts';
import { botDependencies } from '../../src/discord/dependencies.ts';
import { openLibrary } from '../../src/library.ts';
import { startLocalDiscord } from '../../src/local-discord/index.ts';
import { createLogger } from '../../src/log.ts';
import { openBotStore } from '../../src/store/bot-store.ts';

const QUESTIONS = [
  'Who obtained Directive 24?',
  'Why does Vietnam still let China train its senior cadres?',
  'What did the Politburo warn about hostile forces?',
  'Which Chinese universities train Vietnamese cadres?',
  'What is the comprehensive strategic partnership?',
  'What is the airspeed of an unladen swallow?',
];

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

function summary(label: string, values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1).padStart(6);
  return `${label.padEnd(34)} n=${sorted.length}  median ${f(percentile(sorted, 50))} ms  p99 ${f(percentile(sorted, 99))} ms  max ${f(sorted.at(-1) ?? Number.NaN)} ms`;
}

async function run(count: number): Promise<void> {
  // The settings of `.env` and the environment, as the bot reads them; no cooldown, so questions follow at once.
  const config = parseConfig({ ...environment(), ASK_COOLDOWN_SECONDS: '0' });
  const logger = createLogger({ level: 'silent', destination: 'stderr' });
  const library = await openLibrary({ dataDir: config.FOOTNOTE_DATA_DIR });
  const store = openBotStore(':memory:');
  const discord = await startLocalDiscord({ settleQuietMs: 5 });
  const bot = await startBot(await botDependencies({ config, library, logger, store }), {
    token: discord.botToken,
    restApiBase: discord.restApiBase,
    registerCommands: { guildId: discord.guildId },
  });
  await discord.waitForBot();
  const toCallback: number[] = [];
  const toAnswer: number[] = [];
  try {
    for (let i = 0; i < count + 20; i++) {
      const question = QUESTIONS[i % QUESTIONS.length] as string;
      const outcome = await discord.slashCommand('ask', { question, private: i % 2 === 0 });
      if (i < 20) continue; // warm-up: JIT, connection pool
      if (outcome.callbackAt === null)
        throw new Error(`bench: interaction ${outcome.interactionId} got no callback`);
      toCallback.push(outcome.callbackAt - outcome.dispatchedAt);
      const edit = discord.requests.findLast(
        (r) => r.method === 'PATCH' && r.path.includes(`/${outcome.token}/messages/@original`),
      );
      if (edit) toAnswer.push(edit.at - outcome.dispatchedAt);
    }
  } finally {
    await bot.stop();
    await discord.close();
    store.close();
  }
  const out = process.stdout;
  out.write(
    `/ask on the local Discord (loopback), ${library.stats.articles} articles, ${library.stats.passages} passages\n`,
  );
  out.write(`${summary('INTERACTION_CREATE → callback', toCallback)}\n`);
  out.write(`${summary('INTERACTION_CREATE → answer (edit)', toAnswer)}\n`);
}

await run(Number.parseInt(process.argv[2] ?? '300', 10));
