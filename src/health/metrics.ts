import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Library } from '../library.ts';
import type { ReloadOutcome } from '../reload/library-holder.ts';

/** How one interaction ended, as counted by `footnote_interactions_total`. */
export type InteractionOutcome = 'ok' | 'user_error' | 'cooldown' | 'error';

/** What kind of interaction it was: a slash or context-menu command, a button press, or autocomplete. */
export type InteractionKind = 'command' | 'button' | 'autocomplete';

/** How one daily post turn ended, as counted by `footnote_daily_posts_total`. */
export type DailyPostOutcome = 'sent' | 'recovered' | 'failed';

/** The label `command` takes for names the bot does not have (a crafted `custom_id`): keeps the series bounded. */
export const UNKNOWN_COMMAND = 'unknown';

/**
 * The bot's Prometheus metrics, one set per process (README, "Health and metrics", says what each means). Features
 * record through these methods; `/metrics` serves {@link BotMetrics.registry}.
 */
export interface BotMetrics {
  readonly registry: Registry;
  /** One interaction handled by the dispatcher. */
  interaction(command: string, kind: InteractionKind, outcome: InteractionOutcome): void;
  /** Starts timing one /ask; call the result once the answer (or abstention) is sent. */
  startAnswer(): (result: { readonly abstained: boolean }) => void;
  /** One daily post turn for a server: sent, recovered (found delivered after a crash), or failed (to be retried). */
  dailyPost(outcome: DailyPostOutcome): void;
  /** One library rebuild finished (swapped in, or refused/failed and the old library kept). */
  reloaded(outcome: ReloadOutcome): void;
  /**
   * Where `footnote_gateway_shard_ready` is read at each scrape: this process's shards by id, true when ready
   * (the running bot sets it once connected). Until then, no shard is reported.
   */
  watchShards(read: () => ReadonlyMap<number, boolean>): void;
}

export interface BotMetricsOptions {
  /** The library the size gauges report, read at each scrape (it changes on reload). */
  readonly library: () => Library;
  /** Add Node's process metrics (CPU, memory, event loop lag, GC: `footnote_process_*`, `footnote_nodejs_*`). Default true. */
  readonly processMetrics?: boolean;
}

/** Answer latency buckets, in seconds: answers take milliseconds today, Discord's deadline for a first reply is 3 s. */
const ANSWER_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Reload buckets, in seconds: a small library rebuilds in well under a second, a large one in tens of seconds. */
const RELOAD_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** Creates the metrics and their registry (its own, not prom-client's global one: tests run several bots in one process). */
export function createBotMetrics(options: BotMetricsOptions): BotMetrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'footnote_' });

  const interactions = new Counter({
    name: 'footnote_interactions_total',
    help: 'Interactions handled, by command, kind (command, button, autocomplete) and outcome (ok, user_error, cooldown, error).',
    labelNames: ['command', 'kind', 'outcome'] as const,
    registers,
  });
  const answerSeconds = new Histogram({
    name: 'footnote_answer_duration_seconds',
    help: 'Time from a /ask arriving to its answer (or abstention) being sent, in seconds.',
    buckets: ANSWER_BUCKETS,
    registers,
  });
  const abstentions = new Counter({
    name: 'footnote_abstentions_total',
    help: '/ask questions the library could not answer (the bot abstained instead of quoting).',
    registers,
  });
  const dailyPosts = new Counter({
    name: 'footnote_daily_posts_total',
    help: 'Daily fact post attempts, by outcome: sent, recovered (found delivered after a crash) or failed (retried with backoff, paused after repeated failures).',
    labelNames: ['outcome'] as const,
    registers,
  });
  for (const outcome of ['sent', 'recovered', 'failed'] as const) dailyPosts.inc({ outcome }, 0);
  new Gauge({
    name: 'footnote_library_articles',
    // Every shard holds the whole library: merged across shards it is one library, not their sum.
    aggregator: 'max',
    help: 'Articles in the library the bot answers from.',
    registers,
    collect() {
      this.set(options.library().articles.size);
    },
  });
  new Gauge({
    name: 'footnote_library_passages',
    // Every shard holds the whole library: merged across shards it is one library, not their sum.
    aggregator: 'max',
    help: 'Passages (searchable paragraphs) in the library the bot answers from.',
    registers,
    collect() {
      this.set(options.library().passages.size);
    },
  });
  const reloadSeconds = new Histogram({
    name: 'footnote_library_reload_duration_seconds',
    help: 'Time to rebuild the library on reload (/reload or a changed article file), in seconds, by outcome.',
    labelNames: ['outcome'] as const,
    buckets: RELOAD_BUCKETS,
    registers,
  });
  const reloads = new Counter({
    name: 'footnote_library_reloads_total',
    help: 'Library reloads, by outcome: ok (swapped in) or failed (the old library kept).',
    labelNames: ['outcome'] as const,
    registers,
  });
  for (const outcome of ['ok', 'failed'] as const) reloads.inc({ outcome }, 0);
  let readShards: () => ReadonlyMap<number, boolean> = () => new Map();
  new Gauge({
    name: 'footnote_gateway_shard_ready',
    help: "Gateway shard status: 1 when the shard's connection is ready, 0 while it is down or reconnecting.",
    labelNames: ['shard'] as const,
    registers,
    collect() {
      this.reset();
      for (const [shard, ready] of readShards()) this.set({ shard: String(shard) }, ready ? 1 : 0);
    },
  });

  return {
    registry,
    interaction(command, kind, outcome) {
      interactions.inc({ command, kind, outcome });
    },
    startAnswer() {
      const end = answerSeconds.startTimer();
      return ({ abstained }) => {
        end();
        if (abstained) abstentions.inc();
      };
    },
    dailyPost(outcome) {
      dailyPosts.inc({ outcome });
    },
    reloaded(outcome) {
      const labels = { outcome: outcome.ok ? 'ok' : 'failed' };
      reloads.inc(labels);
      reloadSeconds.observe(labels, outcome.ms / 1000);
    },
    watchShards(read) {
      readShards = read;
    },
  };
}
