/**
 * One shard's process, spawned by the manager (src/shard-manager.ts) with discord.js's `SHARDS`, `SHARD_COUNT` and
 * `DISCORD_TOKEN` in its environment: it opens its own read-only copy of the library and the shared database,
 * and runs the bot for its shard's servers only. It stops on SIGTERM (from the manager) or when the manager is
 * gone; SIGINT (Ctrl-C in the terminal reaches every process) is the manager's to act on.
 */
import { environment, parseConfig } from './config.ts';
import { type RunningBot, startBot } from './discord/bot.ts';
import { botHealthChecks } from './health/checks.ts';
import { runHealthChecks } from './health/health-server.ts';
import { openBot, processLogger } from './main.ts';
import { LOCAL_DISCORD_API_ENV, type ShardMessage, shardMessage } from './shard-manager.ts';

async function runShard(): Promise<void> {
  const localApi = process.env[LOCAL_DISCORD_API_ENV];
  const token = process.env.DISCORD_TOKEN ?? '';
  // On the local Discord the token is the emulator's: the settings are those of a run without a token.
  const env = environment();
  const config = parseConfig(localApi ? { ...env, DISCORD_TOKEN: undefined } : env);
  const shardId = Number(process.env.SHARDS ?? 0);
  const logger = processLogger(config, Boolean(localApi)).child({ shard: shardId });
  const { store, libraries, dependencies } = await openBot(config, logger);

  // /reload here reloads this shard and asks the manager to reload every other one.
  const reloadLibrary = (trigger: string) => {
    const message: ShardMessage = { footnote: 'reload', trigger };
    process.send?.(message);
    return libraries.reload(trigger);
  };
  let bot: RunningBot | undefined;
  const checks = botHealthChecks({ gateway: () => bot?.connected() ?? false, libraries, store });
  process.on('message', (message: unknown) => {
    const m = shardMessage(message);
    if (m?.footnote === 'reload') void libraries.reload(m.trigger);
    if (m?.footnote === 'health') void answerHealth(m.id);
  });
  // The manager serves /healthz and /metrics for every shard: it asks each for its checks and metrics.
  const answerHealth = async (id: number) => {
    const [report, metrics] = await Promise.all([
      runHealthChecks(checks),
      dependencies.metrics.registry.getMetricsAsJSON(),
    ]);
    const reply: ShardMessage = { footnote: 'health-reply', id, health: { checks: report.checks, metrics } };
    process.send?.(reply);
  };

  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string) => {
    stopping ??= (async () => {
      logger.info({ reason }, 'shard shutting down');
      await bot?.stop().catch((err: unknown) => logger.error({ err }, 'bot stop failed'));
      await store.close().catch((err: unknown) => logger.error({ err }, 'store close failed'));
      logger.flush();
    })().then(() => process.exit(0));
    return stopping;
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => logger.debug('SIGINT left to the manager'));
  process.on('disconnect', () => void shutdown('manager gone'));

  bot = await startBot(
    { ...dependencies, reloadLibrary },
    {
      token,
      restApiBase: localApi ?? config.DISCORD_API_BASE,
      // The local Discord has several servers: the commands are registered for all of them (globally).
      registerCommands: localApi ? {} : false,
      readyTimeoutMs: 120_000,
    },
  );
}

runShard().catch((error: unknown) => {
  process.stderr.write(
    `footnote shard: could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
