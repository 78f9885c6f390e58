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
  seq: number;
  readonly buffer: Dispatch[];
  socket: WebSocket | null;
  ready: boolean;
}

/** What the gateway needs from the rest of the emulator when a bot identifies. */
export interface GatewayHooks {
  /** The READY payload (without session fields) and the GUILD_CREATE payloads to send after it. */
  onIdentify(): { ready: Record<string, unknown>; guilds: readonly Record<string, unknown>[] };
}

/** The WebSocket side of the local Discord: one bot session at a time, with RESUME replays. */
export class Gateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private session: Session | null = null;
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
    },
  ) {}

  /** Hands an HTTP upgrade request to the WebSocket server. */
  handleUpgrade(req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
  }

  /** True once a bot session has been sent READY (or RESUMED) and is connected. */
  isReady(): boolean {
    return this.session?.ready === true && this.session.socket !== null;
  }

  /** Resolves when a bot session is ready. */
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

  /** True when a session exists (connected, or disconnected but resumable). */
  hasSession(): boolean {
    return this.session !== null;
  }

  /** Sends a dispatch to the bot; while it is resuming, it is buffered and replayed on RESUME. */
  dispatch(t: string, d: unknown): void {
    const session = this.session;
    if (!session) return;
    const event: Dispatch = { s: ++session.seq, t, d };
    session.buffer.push(event);
    if (session.buffer.length > REPLAY_BUFFER) session.buffer.shift();
    if (session.ready) this.send(session.socket, { op: Op.Dispatch, ...event });
  }

  /** Closes the bot's connection with a close code; 4000-class codes keep the session resumable. */
  closeConnection(code: number): void {
    const session = this.session;
    if (!session?.socket) return;
    const socket = session.socket;
    session.socket = null;
    session.ready = false;
    // Close codes 1000/1001 end the session: Discord will not let the client resume it.
    if (code === 1000 || code === 1001) this.session = null;
    socket.close(code, 'local-discord fault');
  }

  /** Sends op 9 INVALID_SESSION; when not resumable the session is forgotten and the bot must identify. */
  invalidSession(resumable: boolean): void {
    const session = this.session;
    if (!session?.socket) return;
    this.send(session.socket, { op: Op.InvalidSession, d: resumable });
    session.ready = false;
    if (!resumable) this.session = null;
  }

  /** Sends op 7 RECONNECT: the bot should reconnect and resume. */
  requestReconnect(): void {
    const session = this.session;
    if (!session?.socket) return;
    this.send(session.socket, { op: Op.Reconnect, d: null });
    // Discord stops sending on a connection it asked to reconnect; later events wait for the RESUME.
    session.ready = false;
  }

  /** Closes every connection and the WebSocket server. */
  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
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
      if (this.session?.socket === ws) {
        this.session.socket = null;
        this.session.ready = false;
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
        this.identify(ws, frame.d as { token?: string; intents?: number });
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

  private identify(ws: WebSocket, d: { token?: string; intents?: number } | undefined): void {
    if (!d?.token) {
      ws.close(4004, 'Authentication failed');
      return;
    }
    if (((d.intents ?? 0) & PRIVILEGED_INTENTS) !== 0) {
      ws.close(4014, 'Disallowed intent(s)');
      return;
    }
    this.stats.identifies += 1;
    this.session?.socket?.close(1000);
    const session: Session = {
      id: `local-session-${++this.sessionCounter}-${Date.now().toString(36)}`,
      seq: 0,
      buffer: [],
      socket: ws,
      ready: true,
    };
    this.session = session;
    const { ready, guilds } = this.options.hooks.onIdentify();
    this.dispatch('READY', {
      v: 10,
      ...ready,
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.options.url(),
      shard: [0, 1],
    });
    for (const guild of guilds) this.dispatch('GUILD_CREATE', guild);
    this.flushReadyWaiters();
  }

  private resume(ws: WebSocket, d: { session_id?: string; seq?: number } | undefined): void {
    const session = this.session;
    if (!session || session.id !== d?.session_id) {
      this.send(ws, { op: Op.InvalidSession, d: false });
      return;
    }
    this.stats.resumes += 1;
    session.socket = ws;
    const from = d.seq ?? 0;
    for (const event of session.buffer) if (event.s > from) this.send(ws, { op: Op.Dispatch, ...event });
    session.ready = true;
    this.dispatch('RESUMED', null);
    this.flushReadyWaiters();
  }

  private flushReadyWaiters(): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const w of waiters) w();
  }
}
