/**
 * Six posters, one database, SIGKILL at random: every (server, day) is posted exactly once.
 *
 * Six child processes (fixtures/poster-loop-child.ts) tick against one database (a SQLite file, then a PostgreSQL
 * database: the same test on each store) and the local Discord. The
 * test SIGKILLs posters at seeded random moments of each post time (while they open the database, claim, send or
 * record), and posters kill themselves, by a seeded draw, right after Discord accepted a post and before it was
 * recorded; each is replaced by a new process. A shared fake clock runs at {@link SPEED}× and jumps from one post
 * time to the next once those posts are recorded, across four servers in four time zones and three days (one a
 * daylight-saving change). The first six processes open the fresh database at the same instant (the migration race).
 *
 * The local Discord's `enforce_nonce` window is the poster's assumed window on the fake clock (2 fake minutes),
 * so a resend the design would not dedupe shows as a second message.
 *
 * The seed (FOOTNOTE_TEST_SEED, default {@link DEFAULT_SEED}) fixes every kill delay and crash decision; the
 * operating system's scheduling still varies, so a failure names the seed and its evidence rather than promising
 * an identical replay.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { NONCE_WINDOW_MS } from '../../src/daily/poster.ts';
import { postInstant } from '../../src/daily/schedule.ts';
import { dailyMarker } from '../../src/discord/render/daily.ts';
import { openLibrary } from '../../src/library.ts';
import { type LocalDiscord, startLocalDiscord } from '../../src/local-discord/index.ts';
import { seededRandom } from '../../src/seeded-random.ts';
import type { OpenBotStore } from '../../src/store/bot-store.ts';
import { describeEachStore } from '../support/stores.ts';

const DEFAULT_SEED = 20_241_129;
const SEED = Number(process.env.FOOTNOTE_TEST_SEED ?? DEFAULT_SEED);
/** Fake seconds per real second: the 90 s attempt lease lasts 0.75 s, the 2-minute nonce window 1 s. */
const SPEED = 120;
const PROCESSES = 6;
/** Each post time's phase lasts at least this long (real ms), so kills land while it is being posted. */
const MIN_PHASE_MS = 2_500;
/** A phase whose posts are not all recorded by then fails the test (below, with the evidence). */
const MAX_PHASE_MS = 20_000;
/** A child's chance of killing itself between Discord's answer and the record, at each send. */
const CRASH_AFTER_SEND = 0.5;
/** Up to this many kills by the test in each phase. */
const KILLS_PER_PHASE = 3;
/** How many posters at a time may kill themselves between send and record. */
const MAY_CRASH = 3;
/** Processes started ahead, modules loaded, to replace a killed poster at once. */
const SPARES = 2;

const DAYS = ['2024-03-09', '2024-03-10', '2024-03-11'] as const;
/** 09:00 UTC everywhere on 2024-03-09; New York moves to 08:00 UTC from 2024-03-10 (daylight saving). */
const GUILDS = [
  { guildId: '100000000000000001', time: '09:00', timezone: 'UTC' },
  { guildId: '100000000000000002', time: '18:00', timezone: 'Asia/Tokyo' },
  { guildId: '100000000000000003', time: '04:00', timezone: 'America/New_York' },
  { guildId: '100000000000000004', time: '22:00', timezone: 'Pacific/Auckland' },
] as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Exit {
  readonly slot: number;
  readonly incarnation: number;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly killedByUs: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/** A started poster process: loading, waiting for `go`, or ticking for a slot. */
interface Poster {
  readonly child: ChildProcess;
  readonly loaded: Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout: string;
  stderr: string;
  killedByUs: boolean;
  isLoaded: boolean;
  /** Whether it was allowed to kill itself between send and record. */
  mayCrash: boolean;
}

function spawnPoster(env: Record<string, string>, everyone: Poster[]): Poster {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/daily/fixtures/poster-loop-child.ts'], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let markLoaded: () => void = () => {};
  const poster: Poster = {
    child,
    loaded: new Promise<void>((resolve) => {
      markLoaded = resolve;
    }),
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal }))),
    stdout: '',
    stderr: '',
    killedByUs: false,
    isLoaded: false,
    mayCrash: false,
  };
  child.stdout?.on('data', (d) => {
    poster.stdout += d;
    if (poster.stdout.startsWith('loaded\n')) {
      poster.isLoaded = true;
      markLoaded();
    }
  });
  child.stderr?.on('data', (d) => (poster.stderr += d));
  // A child that dies while loading never says `loaded`: let whoever waits for it see the exit.
  void poster.exited.then(() => markLoaded());
  everyone.push(poster);
  return poster;
}

/**
 * Keeps {@link PROCESSES} posters ticking. Starting a process (tsx, discord.js) takes seconds on a busy machine,
 * so {@link SPARES} warm spares wait with their modules loaded: a killed poster is replaced at once by a new
 * process, which opens the database only then.
 */
function superviseChildren(env: Record<string, string>) {
  const exits: Exit[] = [];
  const everyone: Poster[] = [];
  const spares: Poster[] = [];
  const active: (Poster | undefined)[] = Array.from({ length: PROCESSES });
  const incarnations = Array.from({ length: PROCESSES }, () => 0);
  const slotRandom = Array.from({ length: PROCESSES }, (_, slot) => seededRandom(SEED * 31 + slot));
  const watching: Promise<void>[] = [];
  let stopping = false;
  // At most this many posters at a time may kill themselves (and the test never kills the last other one), so
  // however slowly replacements start, some poster is always ticking.
  let crashTokens = MAY_CRASH;

  const refill = () => {
    while (!stopping && spares.length < SPARES) spares.push(spawnPoster(env, everyone));
  };
  const watch = (slot: number, poster: Poster, incarnation: number) => {
    watching.push(
      poster.exited.then(async ({ code, signal }) => {
        const { stdout, stderr, killedByUs } = poster;
        exits.push({ slot, incarnation, code, signal, killedByUs, stdout, stderr });
        if (poster.mayCrash) crashTokens += 1;
        if (active[slot] === poster) active[slot] = undefined;
        if (stopping) return;
        await sleep((slotRandom[slot] as () => number)() * 100);
        await activate(slot);
      }),
    );
  };
  const go = (slot: number, poster: Poster) => {
    incarnations[slot] = (incarnations[slot] ?? 0) + 1;
    active[slot] = poster;
    watch(slot, poster, incarnations[slot] as number);
    poster.mayCrash = crashTokens > 0;
    if (poster.mayCrash) crashTokens -= 1;
    const seed = Math.floor((slotRandom[slot] as () => number)() * 2 ** 31);
    poster.child.stdin?.write(`go ${seed} ${poster.mayCrash ? CRASH_AFTER_SEND : 0}\n`);
  };
  const activate = async (slot: number): Promise<void> => {
    refill();
    const loaded = spares.findIndex((p) => p.isLoaded);
    const [poster] = spares.splice(Math.max(loaded, 0), 1);
    if (!poster || stopping) return;
    await poster.loaded;
    if (stopping) {
      poster.child.kill('SIGKILL');
      return;
    }
    go(slot, poster);
    refill();
  };

  return {
    exits,
    /** Starts the first six and lets them open the database at the same instant. */
    async start() {
      const first = Array.from({ length: PROCESSES }, () => spawnPoster(env, everyone));
      await Promise.all(first.map((p) => p.loaded));
      for (const [slot, poster] of first.entries()) go(slot, poster);
      refill();
    },
    /**
     * SIGKILLs the `pick`-th running poster (modulo how many run), which is replaced as soon as a spare is
     * loaded; false (no kill) when that would leave no poster that cannot kill itself.
     */
    kill(pick: number): boolean {
      const running = active.filter((p): p is Poster => p !== undefined);
      const poster = running[pick % Math.max(running.length, 1)];
      const steady = running.filter((p) => !p.mayCrash && p !== poster).length;
      if (!poster || steady < 1) return false;
      poster.killedByUs = true;
      poster.child.kill('SIGKILL');
      return true;
    },
    async stop() {
      stopping = true;
      for (const poster of everyone) {
        poster.killedByUs = true;
        poster.child.kill('SIGKILL');
      }
      await Promise.all(everyone.map((p) => p.exited));
      await Promise.all(watching);
    },
  };
}

describeEachStore('six processes, SIGKILL at random, one database', (kind) => {
  let discord: LocalDiscord;
  let dir: string;
  const channels = new Map<string, string>();

  beforeAll(async () => {
    discord = await startLocalDiscord({ port: 0, nonceWindowMs: NONCE_WINDOW_MS / SPEED });
    for (const { guildId } of GUILDS)
      channels.set(guildId, discord.createChannel({ name: `daily-${guildId}` }));
    dir = mkdtempSync(join(tmpdir(), 'footnote-six-'));
  });
  afterAll(async () => {
    await discord?.close();
  });

  it(`posts every (server, day) exactly once (seed ${SEED})`, async () => {
    const db = await kind.fresh();
    const clockFile = join(dir, 'clock.json');
    const factsFile = join(dir, 'facts.json');
    const library = await openLibrary({ dataDir: 'data' });
    writeFileSync(factsFile, JSON.stringify(library.timeline.facts));
    const setClock = (fakeMs: number, speed = SPEED) => {
      writeFileSync(`${clockFile}.tmp`, JSON.stringify({ fakeMs, realMs: Date.now(), speed }));
      renameSync(`${clockFile}.tmp`, clockFile);
    };
    // Every post instant, in order; the clock visits each (two fake seconds early) in its own phase.
    const posts = DAYS.flatMap((day) =>
      GUILDS.map((g) => ({ ...g, day, at: postInstant(day, g.time, g.timezone).getTime() })),
    );
    const phases = [...new Set(posts.map((p) => p.at))].sort((a, b) => a - b);
    // Stopped an hour before the first post time while the posters start, however long that takes.
    setClock((phases[0] as number) - 60 * 60_000, 0);

    const started = Date.now();
    const children = superviseChildren({
      ...db.env,
      DISCORD_API_BASE: discord.restApiBase,
      DISCORD_TOKEN: discord.botToken,
      FOOTNOTE_TEST_BOT_USER_ID: discord.botUserId,
      FOOTNOTE_TEST_CLOCK_FILE: clockFile,
      FOOTNOTE_TEST_FACTS_FILE: factsFile,
    });
    const killRandom = seededRandom(SEED);
    const stuck: string[] = [];
    let kills = 0;
    let skipped = 0;
    let store: OpenBotStore | undefined;
    try {
      // The first six open (and migrate) the fresh database at the same instant; the test opens it after them.
      await children.start();
      store = await db.open();
      for (const g of GUILDS) {
        await store.daily.enable({
          guildId: g.guildId,
          channelId: channels.get(g.guildId) as string,
          time: g.time,
          timezone: g.timezone,
          firstDate: DAYS[0],
          now: phases[0] as number,
        });
      }
      for (const phase of phases) {
        setClock(phase - 2_000);
        const phaseStart = Date.now();
        // A few kills while the phase's posts are being made (the first half second of it).
        const killing = Array.from({ length: 1 + Math.floor(killRandom() * KILLS_PER_PHASE) }, async () => {
          const pick = Math.floor(killRandom() * PROCESSES);
          await sleep(killRandom() * 500);
          if (children.kill(pick)) kills += 1;
          else skipped += 1;
        });
        const due = posts.filter((p) => p.at <= phase);
        const sent = async () => {
          const recorded = await Promise.all(due.map((p) => store?.daily.post(p.guildId, p.day)));
          return recorded.every((post) => post?.status === 'sent');
        };
        while (
          Date.now() - phaseStart < MIN_PHASE_MS ||
          (!(await sent()) && Date.now() - phaseStart < MAX_PHASE_MS)
        )
          await sleep(50);
        await Promise.all(killing);
        if (!(await sent())) {
          stuck.push(new Date(phase).toISOString());
          break;
        }
      }
    } finally {
      await children.stop();
    }
    const elapsed = Date.now() - started;

    const exits = children.exits;
    const recordedPosts = await Promise.all(
      posts.map(async (p) => ({
        guild: p.guildId,
        day: p.day,
        post: await store?.daily.post(p.guildId, p.day),
      })),
    );
    const unexpected = exits.filter((e) => e.signal !== 'SIGKILL' || e.stderr !== '');
    const evidence = () =>
      JSON.stringify(
        {
          seed: SEED,
          stuck,
          unexpected,
          posts: recordedPosts,
        },
        null,
        1,
      );
    const lines = exits.flatMap((e) => e.stdout.split('\n'));
    const count = (prefix: string) => lines.filter((l) => l.startsWith(prefix)).length;
    console.info(
      `six processes (seed ${SEED}): ${exits.length} posters ran, ${kills} killed by the test (${skipped} skipped to keep one poster alive), ` +
        `${count('crash-after-send')} killed themselves between send and record; ${count('sent ')} sent, ` +
        `${count('recovered ')} recovered, ${count('in-flight ')} in-flight, ${count('failed ')} failed; ${elapsed} ms`,
    );

    try {
      expect(stuck, evidence()).toEqual([]);
      // Every poster died by SIGKILL (the test's or its own), none of an error, and none logged a warning.
      expect(unexpected, evidence()).toEqual([]);
      // Posters were killed.
      expect(kills + count('crash-after-send')).toBeGreaterThan(0);

      for (const g of GUILDS) {
        const messages = discord
          .channelMessages(channels.get(g.guildId) as string)
          .filter((m) => m.author.id === discord.botUserId);
        const markers = messages.map(
          (m) => (m.embeds[0] as { footer?: { text?: string } } | undefined)?.footer?.text,
        );
        // Exactly one message per day in the server's channel, and nothing else.
        expect(markers, `${g.guildId} ${evidence()}`).toEqual(DAYS.map((day) => dailyMarker(day)));
        // Recorded once, as the message the channel holds; each day a different fact.
        const recorded = await Promise.all(DAYS.map((day) => store?.daily.post(g.guildId, day)));
        expect(recorded.map((p) => [p?.status, p?.messageId])).toEqual(messages.map((m) => ['sent', m.id]));
        expect(new Set(recorded.map((p) => p?.factId)).size).toBe(DAYS.length);
      }
      const rows = await db.rows<{ n: number }>('SELECT CAST(COUNT(*) AS INTEGER) AS n FROM daily_posts');
      expect(rows).toEqual([{ n: posts.length }]);
      const migrations = await db.rows("SELECT version FROM schema_migrations WHERE module = 'daily'");
      expect(migrations).toEqual([{ version: 1 }]);
    } finally {
      await store?.close();
    }
  }, 90_000);
});
