import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { type WebSocket, WebSocketServer } from 'ws';

/** Gateway opcodes (https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-gateway-opcodes). */
const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  Resume: 6,
  Reconnect: 7,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

/** Intents Discord only grants when enabled in the developer portal: GuildMembers, GuildPresences, MessageContent. */
const PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15);

/** How many dispatches a session keeps for RESUME replays. */
const REPLAY_BUFFER = 2000;

interface Dispatch {
  readonly s: number;
  readonly t: string;
  readonly d: unknown;
}

interface Session {
  readonly id: string;
  /** `[shard_id, num_shards]` from IDENTIFY (`[0, 1]` when the bot sent none). */
  readonly shard: readonly [number, number];
  seq: number;
  readonly buffer: Dispatch[];
  socket: WebSocket | null;
  ready: boolean;
}

/** What the gateway needs from the rest of the emulator when a bot identifies. */
export interface GatewayHooks {
  /** The READY payload (without session fields) and the GUILD_CREATE payloads to send after it, for this shard. */
  onIdentify(shard: readonly [number, number]): {
    ready: Record<string, unknown>;
    guilds: readonly Record<string, unknown>[];
  };
}

/** The shard `[shard_id, num_shards]` an IDENTIFY asks for, or null when it is not a valid one (close 4010). */
export function identifyShard(shard: unknown): readonly [number, number] | null {
  if (shard === undefined || shard === null) return [0, 1];
  if (!Array.isArray(shard) || shard.length !== 2) return null;
  const [id, count] = shard as unknown[];
  if (!Number.isInteger(id) || !Number.isInteger(count)) return null;
  if ((count as number) < 1 || (id as number) < 0 || (id as number) >= (count as number)) return null;
  return [id as number, count as number];
}

/**
 * The WebSocket side of the local Discord: one bot session per shard, with RESUME replays. A server's events go
 * to the session of shard `(guild_id >> 22) % num_shards`, as on Discord; events of no server go to shard 0.
 */
export class Gateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  /** Sessions by shard id; all share one `num_shards` (an IDENTIFY with another count ends the others). */
  private readonly sessions = new Map<number, Session>();
  private readyWaiters: (() => void)[] = [];
  private sessionCounter = 0;
  /** Every connection ever opened (for tests: counts identifies vs resumes). */
  readonly stats = { connections: 0, identifies: 0, resumes: 0 };

  constructor(
    private readonly options: {
      heartbeatIntervalMs: number;
      url: () => string;
      log: Logger;
      hooks: GatewayHooks;
      /** The shard a server's events go to, given the shard count. */
      shardOf: (guildId: string, shardCount: number) => number;
    },
  ) {}

  /** Hands an HTTP upgrade request to the WebSocket server. */
  handleUpgrade(req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
  }

  /** The shard count the connected bot identified with (1 before any IDENTIFY). */
  shardCount(): number {
    for (const session of this.sessions.values()) return session.shard[1];
    return 1;
  }

  /** True once every shard of the bot has been sent READY (or RESUMED) and is connected. */
  isReady(): boolean {
    const count = this.shardCount();
    for (let id = 0; id < count; id += 1) {
      const session = this.sessions.get(id);
      if (session?.ready !== true || session.socket === null) return false;
    }
    return true;
  }

  /** Resolves when every shard of the bot is ready. */
  waitForReady(timeoutMs: number): Promise<void> {
    if (this.isReady()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.readyWaiters = this.readyWaiters.filter((w) => w !== done);
        reject(new Error(`local-discord: no bot connected to the gateway within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.readyWaiters.push(done);
    });
  }

  /** True when the session a server's events go to exists (connected, or disconnected but resumable). */
  hasSession(guildId: string | null = null): boolean {
    return this.sessionFor(guildId) !== undefined;
  }

  /** Which shard a server's events go to now (shard 0 for events of no server). */
  shardFor(guildId: string | null): number {
    return guildId === null ? 0 : this.options.shardOf(guildId, this.shardCount());
  }

  /**
   * Sends a dispatch to the shard of `guildId` (shard 0 when null); while it is resuming, it is buffered and
   * replayed on RESUME.
   */
  dispatch(t: string, d: unknown, guildId: string | null = null): void {
    const session = this.sessionFor(guildId);
    if (session) this.dispatchTo(session, t, d);
  }

  /** Closes the bot's connections with a close code; 4000-class codes keep the sessions resumable. */
  closeConnection(code: number): void {
    for (const [shardId, session] of [...this.sessions]) {
      if (!session.socket) continue;
      const socket = session.socket;
      session.socket = null;
      session.ready = false;
      // Close codes 1000/1001 end the session: Discord will not let the client resume it.
      if (code === 1000 || code === 1001) this.sessions.delete(shardId);
      socket.close(code, 'local-discord fault');
    }
  }

  /** Sends op 9 INVALID_SESSION; when not resumable the sessions are forgotten and the bot must identify. */
  invalidSession(resumable: boolean): void {
    for (const [shardId, session] of [...this.sessions]) {
      if (!session.socket) continue;
      this.send(session.socket, { op: Op.InvalidSession, d: resumable });
      session.ready = false;
      if (!resumable) this.sessions.delete(shardId);
    }
  }

  /** Sends op 7 RECONNECT: the bot should reconnect and resume. */
  requestReconnect(): void {
    for (const session of this.sessions.values()) {
      if (!session.socket) continue;
      this.send(session.socket, { op: Op.Reconnect, d: null });
      // Discord stops sending on a connection it asked to reconnect; later events wait for the RESUME.
      session.ready = false;
    }
  }

  /** Closes every connection and the WebSocket server. */
  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private sessionFor(guildId: string | null): Session | undefined {
    return this.sessions.get(this.shardFor(guildId));
  }

  private dispatchTo(session: Session, t: string, d: unknown): void {
    const event: Dispatch = { s: ++session.seq, t, d };
    session.buffer.push(event);
    if (session.buffer.length > REPLAY_BUFFER) session.buffer.shift();
    if (session.ready) this.send(session.socket, { op: Op.Dispatch, ...event });
  }

  private send(socket: WebSocket | null, payload: Record<string, unknown>): void {
    if (socket && socket.readyState === socket.OPEN)
      socket.send(JSON.stringify({ s: null, t: null, ...payload }));
  }

  private onConnection(ws: WebSocket): void {
    this.stats.connections += 1;
    this.send(ws, { op: Op.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs } });
    ws.on('message', (raw) => {
      let frame: { op?: number; d?: unknown };
      try {
        frame = JSON.parse(String(raw)) as { op?: number; d?: unknown };
      } catch {
        ws.close(4002, 'Decode error');
        return;
      }
      this.onFrame(ws, frame);
    });
    ws.on('close', () => {
      for (const session of this.sessions.values()) {
        if (session.socket !== ws) continue;
        session.socket = null;
        session.ready = false;
      }
    });
    ws.on('error', (error) => this.options.log.debug({ err: error }, 'gateway socket error'));
  }

  private onFrame(ws: WebSocket, frame: { op?: number; d?: unknown }): void {
    switch (frame.op) {
      case Op.Heartbeat:
        this.send(ws, { op: Op.HeartbeatAck });
        return;
      case Op.Identify:
        this.identify(ws, frame.d as { token?: string; intents?: number; shard?: unknown });
        return;
      case Op.Resume:
        this.resume(ws, frame.d as { session_id?: string; seq?: number; token?: string });
        return;
      default:
        // Presence and voice updates are accepted and ignored; unknown opcodes close like Discord does.
        if (frame.op === 3 || frame.op === 4 || frame.op === 8) return;
        ws.close(4001, 'Unknown opcode');
    }
  }

  private identify(
    ws: WebSocket,
    d: { token?: string; intents?: number; shard?: unknown } | undefined,
  ): void {
    if (!d?.token) {
      ws.close(4004, 'Authentication failed');
      return;
    }
    if (((d.intents ?? 0) & PRIVILEGED_INTENTS) !== 0) {
      ws.close(4014, 'Disallowed intent(s)');
      return;
    }
    const shard = identifyShard(d.shard);
    if (!shard) {
      ws.close(4010, 'Invalid shard');
      return;
    }
    this.stats.identifies += 1;
    // A bot that identifies with another shard count has re-sharded: its sessions with the old count end.
    for (const [shardId, old] of [...this.sessions])
      if (old.shard[1] !== shard[1] || shardId === shard[0]) {
        old.socket?.close(1000);
        this.sessions.delete(shardId);
      }
    const session: Session = {
      id: `local-session-${++this.sessionCounter}-${Date.now().toString(36)}`,
      shard,
      seq: 0,
      buffer: [],
      socket: ws,
      ready: true,
    };
    this.sessions.set(shard[0], session);
    const { ready, guilds } = this.options.hooks.onIdentify(shard);
    this.dispatchTo(session, 'READY', {
      v: 10,
      ...ready,
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.options.url(),
      shard,
    });
    for (const guild of guilds) this.dispatchTo(session, 'GUILD_CREATE', guild);
    this.flushReadyWaiters();
  }

  private resume(ws: WebSocket, d: { session_id?: string; seq?: number } | undefined): void {
    const session = [...this.sessions.values()].find((s) => s.id === d?.session_id);
    if (!session || !d) {
      this.send(ws, { op: Op.InvalidSession, d: false });
      return;
    }
    this.stats.resumes += 1;
    session.socket = ws;
    const from = d.seq ?? 0;
    for (const event of session.buffer) if (event.s > from) this.send(ws, { op: Op.Dispatch, ...event });
    session.ready = true;
    this.dispatchTo(session, 'RESUMED', null);
    this.flushReadyWaiters();
  }

  private flushReadyWaiters(): void {
    if (!this.isReady()) return;
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const w of waiters) w();
  }
}
