/**
 * Footnote with shards (`FOOTNOTE_SHARDS` other than 1): this process is the manager (discord.js's
 * `ShardingManager`), and each shard is a child process running src/shard-process.ts, serving only its own servers.
 * Without a token the manager also runs the local Discord and the terminal chat; the shards connect to it.
 * The article watcher runs here, once, and tells every shard to reload; a shard's /reload is passed on by the
 * manager to every other shard (the {@link ShardMessage}s below).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Shard, ShardingManager } from 'discord.js';
import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue, Registry } from 'prom-client';
import type { Config } from './config.ts';
import type { LocalDiscord } from './local-discord/index.ts';
import type { Logger } from './log.ts';
import { checkDataDir, healthServer, openDatabase, processLogger } from './main.ts';
import { watchArticles } from './reload/watch.ts';

/** The shard entry file, run by each child process. */
export const SHARD_ENTRY = fileURLToPath(new URL('./shard-process.ts', import.meta.url));

/** The environment variable telling a shard the REST base of the manager's local Discord (unset on Discord). */
export const LOCAL_DISCORD_API_ENV = 'FOOTNOTE_LOCAL_DISCORD_API';

/** Messages between the manager and the shards (besides discord.js's own). */
export type ShardMessage =
  /** Manager → shard: reload the library. Shard → manager: reload every other shard (this one already is). */
  | { readonly footnote: 'reload'; readonly trigger: string }
  /** Manager → shard: report your health checks and metrics (for the manager's /healthz and /metrics). */
  | { readonly footnote: 'health'; readonly id: number }
  /** Shard → manager: the answer to `health` `id`. */
  | { readonly footnote: 'health-reply'; readonly id: number; readonly health: ShardHealth };

/** One shard's health: its checks (gateway, library, store) and its metrics as prom-client JSON. */
export interface ShardHealth {
  readonly checks: Readonly<Record<string, boolean>>;
  readonly metrics: MetricObjectWithValues<MetricValue<string>>[];
}

/** A Footnote message, or null for anything else (discord.js's own messages). */
export function shardMessage(message: unknown): ShardMessage | null {
  const m = message as { footnote?: unknown; trigger?: unknown; id?: unknown; health?: unknown } | null;
  if (m?.footnote === 'reload' && typeof m.trigger === 'string')
    return { footnote: 'reload', trigger: m.trigger };
  if (m?.footnote === 'health' && typeof m.id === 'number') return { footnote: 'health', id: m.id };
  if (m?.footnote === 'health-reply' && typeof m.id === 'number' && typeof m.health === 'object' && m.health)
    return { footnote: 'health-reply', id: m.id, health: m.health as ShardHealth };
  return null;
}

let healthRequests = 0;

/** Asks one shard for its health; null when it does not answer within `timeoutMs` (dead, starting, stuck). */
function askShardHealth(shard: Shard, timeoutMs: number): Promise<ShardHealth | null> {
  const id = ++healthRequests;
  return new Promise((resolve) => {
    const done = (health: ShardHealth | null) => {
      clearTimeout(timer);
      shard.off('message', listen);
      resolve(health);
    };
    const listen = (message: unknown) => {
      const m = shardMessage(message);
      if (m?.footnote === 'health-reply' && m.id === id) done(m.health);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    shard.on('message', listen);
    shard.send({ footnote: 'health', id } satisfies ShardMessage).catch(() => done(null));
  });
}

/**
 * Every shard's health, for the manager's /healthz and /metrics: a check passes only when every shard answered
 * and passed it (`shards`: every shard answered); the metrics are merged (counters summed, each shard's
 * `footnote_gateway_shard_ready{shard}` kept apart by its label).
 */
export async function shardsHealth(
  manager: ShardingManager,
  timeoutMs = 2_000,
): Promise<{ checks: Record<string, boolean>; metrics: ShardHealth['metrics'][] }> {
  const answers = await Promise.all(
    [...manager.shards.values()].map((shard) => askShardHealth(shard, timeoutMs)),
  );
  const answered = answers.filter((answer): answer is ShardHealth => answer !== null);
  const checks: Record<string, boolean> = { shards: answered.length === manager.totalShards };
  for (const name of new Set(answered.flatMap((answer) => Object.keys(answer.checks))))
    checks[name] = answers.every((answer) => answer?.checks[name] === true);
  return { checks, metrics: answered.map((answer) => answer.metrics) };
}

/**
 * The manager's /healthz checks: `shards` (every shard answered) and each shard check (gateway, library, store)
 * passed by every shard; one round of questions serves the checks of one request.
 */
export function managerHealthChecks(
  manager: () => ShardingManager | undefined,
): Record<'shards' | 'gateway' | 'library' | 'store', () => Promise<boolean>> {
  let round: { at: number; checks: Promise<Record<string, boolean>> } | undefined;
  const checks = () => {
    const current = manager();
    if (!current) return Promise.resolve<Record<string, boolean>>({ shards: false });
    if (!round || Date.now() - round.at > 500)
      round = { at: Date.now(), checks: shardsHealth(current).then((health) => health.checks) };
    return round.checks;
  };
  const check = (name: string) => async () => (await checks())[name] === true;
  return {
    shards: check('shards'),
    gateway: check('gateway'),
    library: check('library'),
    store: check('store'),
  };
}

/** A `/metrics` source that merges every shard's metrics at each scrape. */
export function shardsMetrics(manager: ShardingManager): Pick<Registry, 'metrics' | 'contentType'> {
  return {
    contentType: Registry.PROMETHEUS_CONTENT_TYPE,
    async metrics() {
      const { metrics } = await shardsHealth(manager);
      return AggregatorRegistry.aggregate(metrics).metrics();
    },
  };
}

/** Discord's recommended shard count (`shards` of `GET /gateway/bot`), from Discord or the local one. */
export async function recommendedShardCount(apiBase: string, token: string): Promise<number> {
  const response = await fetch(`${apiBase}/v10/gateway/bot`, { headers: { Authorization: `Bot ${token}` } });
  if (!response.ok) throw new Error(`GET /gateway/bot answered ${response.status}`);
  const { shards } = (await response.json()) as { shards?: unknown };
  if (!Number.isInteger(shards) || (shards as number) < 1)
    throw new Error('GET /gateway/bot gave no shard count');
  return shards as number;
}

/** Running shards under a manager. */
export interface RunningShards {
  readonly manager: ShardingManager;
  /** Stops every shard (SIGTERM, then SIGKILL after `graceMs`), with no respawn. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Spawns `count` shard processes and waits until each is ready. `localApi`: the REST base of a local Discord the
 * shards connect to (they then register the commands globally there). A shard that exits is respawned.
 */
export async function startShards(options: {
  readonly count: number;
  readonly token: string;
  readonly logger: Logger;
  readonly localApi?: string | undefined;
  /** Extra environment for the shards (tests: a data folder, a database). */
  readonly env?: Readonly<Record<string, string>>;
  /** Wait between spawning two shards, ms: Discord allows one IDENTIFY per 5 s (default 5500; 0 locally). */
  readonly spawnDelayMs?: number;
}): Promise<RunningShards> {
  const { logger } = options;
  // Shards copy the manager's environment when they are created.
  if (options.localApi) process.env[LOCAL_DISCORD_API_ENV] = options.localApi;
  for (const [key, value] of Object.entries(options.env ?? {})) process.env[key] = value;
  const manager = new ShardingManager(SHARD_ENTRY, {
    totalShards: options.count,
    token: options.token,
    mode: 'process',
    respawn: true,
    execArgv: ['--import', 'tsx'],
  });
  manager.on('shardCreate', (shard: Shard) => {
    const log = logger.child({ shard: shard.id });
    shard.on('spawn', () => log.info('shard process started'));
    shard.on('ready', () => log.info('shard ready'));
    shard.on('death', (child) => {
      const code = 'exitCode' in child ? child.exitCode : null;
      // While stopping (no respawn) an exit is expected; otherwise it is a crash, and the shard starts again.
      if (manager.respawn) log.warn({ code }, 'shard process exited; starting it again');
      else log.info({ code }, 'shard process stopped');
    });
    shard.on('message', (message: unknown) => {
      const m = shardMessage(message);
      if (m?.footnote !== 'reload') return;
      // A /reload on one shard: every other shard reloads too.
      for (const other of manager.shards.values())
        if (other.id !== shard.id)
          other.send(m).catch((err: unknown) => log.warn({ err, to: other.id }, 'reload not passed on'));
    });
  });
  await manager.spawn({ amount: options.count, delay: options.spawnDelayMs ?? 5500, timeout: 120_000 });
  logger.info({ shards: options.count }, 'every shard ready');
  return {
    manager,
    async stop(graceMs = 10_000) {
      manager.respawn = false;
      await Promise.all([...manager.shards.values()].map((shard) => stopShard(shard, graceMs)));
    },
  };
}

/** Asks a shard's process to stop (SIGTERM: it closes its bot and database) and waits; SIGKILL after `graceMs`. */
function stopShard(shard: Shard, graceMs: number): Promise<void> {
  const child = shard.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Resolves once the shards have registered their commands on the local Discord (each does after its READY, so
 * a gateway that is ready can still be without them for a moment).
 */
export async function waitForCommands(discord: LocalDiscord, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (discord.commands().length === 0) {
    if (Date.now() > deadline) throw new Error('shards: no commands registered on the local Discord in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs Footnote sharded: the manager (and, without a token, the local Discord and the terminal chat). */
export async function runSharded(config: Config): Promise<number> {
  const chat = !config.DISCORD_TOKEN;
  const logger = processLogger(config, chat).child({ role: 'shard manager' });
  checkDataDir(config.FOOTNOTE_DATA_DIR);
  // Opened once here so a bad FOOTNOTE_DB_PATH or DATABASE_URL stops start-up with its message, and migrations run once.
  await (await openDatabase(config)).close();

  let discord: LocalDiscord | undefined;
  if (chat) {
    const { startLocalDiscord } = await import('./local-discord/index.ts');
    discord = await startLocalDiscord({
      stableIds: true,
      port: config.LOCAL_DISCORD_PORT,
      shards: config.FOOTNOTE_SHARDS === 'auto' ? 1 : config.FOOTNOTE_SHARDS,
      logger: logger.child({ module: 'local-discord' }),
    });
  }
  const token = discord?.botToken ?? config.DISCORD_TOKEN ?? '';
  const apiBase = discord?.restApiBase ?? config.DISCORD_API_BASE ?? 'https://discord.com/api';
  const count =
    config.FOOTNOTE_SHARDS === 'auto' ? await recommendedShardCount(apiBase, token) : config.FOOTNOTE_SHARDS;

  let shards: RunningShards | undefined;
  let stopping: Promise<void> | undefined;
  let watcher: { close(): void } | undefined;
  // Up before the shards (/healthz answers 503 while they start); it asks every shard at each request.
  const health = await healthServer(config, {
    checks: managerHealthChecks(() => shards?.manager),
    registry: {
      contentType: Registry.PROMETHEUS_CONTENT_TYPE,
      metrics: () => (shards ? shardsMetrics(shards.manager).metrics() : Promise.resolve('')),
    },
    logger: logger.child({ module: 'health' }),
  });
  const shutdown = (reason: string) => {
    stopping ??= (async () => {
      logger.info({ reason }, 'shutting down');
      watcher?.close();
      await health?.close();
      await shards?.stop();
      await discord?.close().catch((err: unknown) => logger.error({ err }, 'local Discord close failed'));
      logger.flush();
    })();
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals) => void shutdown(signal).then(() => process.exit(0));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  shards = await startShards({
    count,
    token,
    logger,
    localApi: discord?.restApiBase,
    spawnDelayMs: discord ? 0 : 5500,
  });
  // One watcher for every shard: a change reloads each shard's library.
  const { manager } = shards;
  watcher = config.FOOTNOTE_WATCH_ARTICLES
    ? watchArticles(
        join(config.FOOTNOTE_DATA_DIR, 'articles'),
        (files) => {
          const message: ShardMessage = { footnote: 'reload', trigger: `changed: ${files.join(', ')}` };
          manager.broadcast(message).catch((err: unknown) => logger.warn({ err }, 'reload not broadcast'));
        },
        { logger },
      )
    : undefined;

  if (!discord)
    await new Promise<never>(() => {}); // Runs until SIGINT/SIGTERM.
  else {
    const { runTerminalChat } = await import('./terminal-chat/index.ts');
    await discord.waitForBot();
    await waitForCommands(discord);
    await runTerminalChat({ discord, input: process.stdin, output: process.stdout });
  }
  await shutdown('end of input');
  return 0;
}
