import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { DiscordHttpError, errors } from './api-errors.ts';
import type { Faults } from './faults.ts';
import {
  channelMessage,
  createChannelMessage,
  getChannel,
  getCurrentApplication,
  getCurrentUser,
  getGateway,
  listChannelMessages,
} from './rest-channels.ts';
import { applicationCommands } from './rest-commands.ts';
import { followUp, type InteractionRules, interactionCallback, webhookMessage } from './rest-interactions.ts';
import type { RestRequest, RestResult } from './rest-types.ts';
import { resolveOperation } from './spec-routes.ts';
import type { RecordedRequest } from './types.ts';
import type { World } from './world.ts';

/** Everything the HTTP side needs. */
export interface RestContext {
  readonly world: World;
  readonly rules: InteractionRules;
  readonly faults: Faults;
  readonly requests: RecordedRequest[];
  readonly gatewayUrl: () => string;
  /** `shards` in `GET /gateway/bot`: the shard count Discord recommends for the bot. */
  readonly recommendedShards: number;
  readonly log: Logger;
}

type Handler = (ctx: RestContext, req: RestRequest) => RestResult;

interface Route {
  readonly method: string;
  readonly pattern: readonly string[];
  /** The operationId of Discord's OpenAPI file for this route (used for faults when the file is missing). */
  readonly operationId: string;
  /** Interaction callbacks and webhook-token routes are authorised by their token, not by the bot token. */
  readonly tokenAuth?: boolean;
  readonly handle: Handler;
}

const route = (
  method: string,
  path: string,
  operationId: string,
  handle: Handler,
  tokenAuth = false,
): Route => ({
  method,
  pattern: path.split('/').filter(Boolean),
  operationId,
  handle,
  tokenAuth,
});

const ROUTES: readonly Route[] = [
  route(
    'GET',
    '/gateway',
    'get_gateway',
    (c) => getGateway(c.gatewayUrl(), false, c.recommendedShards),
    true,
  ),
  route('GET', '/gateway/bot', 'get_bot_gateway', (c) =>
    getGateway(c.gatewayUrl(), true, c.recommendedShards),
  ),
  route('GET', '/users/@me', 'get_my_user', (c) => getCurrentUser(c.world)),
  route('GET', '/applications/@me', 'get_my_application', (c) => getCurrentApplication(c.world)),
  route('GET', '/applications/:app/commands', 'list_application_commands', (c, r) =>
    applicationCommands(c.world, r),
  ),
  route('PUT', '/applications/:app/commands', 'bulk_set_application_commands', (c, r) =>
    applicationCommands(c.world, r),
  ),
  route('GET', '/applications/:app/guilds/:guild/commands', 'list_guild_application_commands', (c, r) =>
    applicationCommands(c.world, r),
  ),
  route('PUT', '/applications/:app/guilds/:guild/commands', 'bulk_set_guild_application_commands', (c, r) =>
    applicationCommands(c.world, r),
  ),
  route(
    'POST',
    '/interactions/:id/:token/callback',
    'create_interaction_response',
    (c, r) => interactionCallback(c.world, c.rules, r),
    true,
  ),
  route(
    'GET',
    '/webhooks/:app/:token/messages/@original',
    'get_original_webhook_message',
    (c, r) => webhookMessage(c.world, c.rules, r),
    true,
  ),
  route(
    'PATCH',
    '/webhooks/:app/:token/messages/@original',
    'update_original_webhook_message',
    (c, r) => webhookMessage(c.world, c.rules, r),
    true,
  ),
  route(
    'DELETE',
    '/webhooks/:app/:token/messages/@original',
    'delete_original_webhook_message',
    (c, r) => webhookMessage(c.world, c.rules, r),
    true,
  ),
  route('POST', '/webhooks/:app/:token', 'execute_webhook', (c, r) => followUp(c.world, c.rules, r), true),
  route(
    'GET',
    '/webhooks/:app/:token/messages/:id',
    'get_webhook_message',
    (c, r) => webhookMessage(c.world, c.rules, r),
    true,
  ),
  route(
    'PATCH',
    '/webhooks/:app/:token/messages/:id',
    'update_webhook_message',
    (c, r) => webhookMessage(c.world, c.rules, r),
    true,
  ),
  route(
    'DELETE',
    '/webhooks/:app/:token/messages/:id',
    'delete_webhook_message',
    (c, r) => webhookMessage(c.world, c.rules, r),
    true,
  ),
  route('GET', '/channels/:id', 'get_channel', (c, r) => getChannel(c.world, r)),
  route('GET', '/channels/:id/messages', 'list_messages', (c, r) => listChannelMessages(c.world, r)),
  route('POST', '/channels/:id/messages', 'create_message', (c, r) => createChannelMessage(c.world, r)),
  route('GET', '/channels/:id/messages/:mid', 'get_message', (c, r) => channelMessage(c.world, r)),
  route('PATCH', '/channels/:id/messages/:mid', 'update_message', (c, r) => channelMessage(c.world, r)),
  route('DELETE', '/channels/:id/messages/:mid', 'delete_message', (c, r) => channelMessage(c.world, r)),
];

function findRoute(method: string, segments: readonly string[]): Route | undefined {
  // Literal segments beat parameters, so `@original` wins over `:id`.
  return ROUTES.filter(
    (r) =>
      r.method === method &&
      r.pattern.length === segments.length &&
      r.pattern.every((p, i) => p.startsWith(':') || p === segments[i]),
  ).sort(
    (a, b) =>
      b.pattern.filter((p) => !p.startsWith(':')).length - a.pattern.filter((p) => !p.startsWith(':')).length,
  )[0];
}

/** Parses a JSON body, or the `payload_json` part of a multipart body (discord.js uses it for files). */
export function parseBody(contentType: string | undefined, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  if (contentType?.startsWith('multipart/form-data')) {
    const match = /name="payload_json"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/.exec(text);
    return match?.[1] ? JSON.parse(match[1]) : undefined;
  }
  return JSON.parse(text);
}

/** Advisory rate-limit headers: a generous window per route and major parameter, not enforced. */
class RateLimitHeaders {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private static readonly LIMIT = 50;
  private static readonly WINDOW_MS = 1000;

  headers(route: Route, segments: readonly string[]): Record<string, string> {
    const major = segments.slice(0, 3).join('/');
    const key = `${route.method} ${route.pattern.join('/')} ${major}`;
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= RateLimitHeaders.WINDOW_MS) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    const resetAfter = (window.start + RateLimitHeaders.WINDOW_MS - now) / 1000;
    return {
      'X-RateLimit-Limit': String(RateLimitHeaders.LIMIT),
      'X-RateLimit-Remaining': String(Math.max(0, RateLimitHeaders.LIMIT - window.count)),
      'X-RateLimit-Reset': ((window.start + RateLimitHeaders.WINDOW_MS) / 1000).toFixed(3),
      'X-RateLimit-Reset-After': resetAfter.toFixed(3),
      'X-RateLimit-Bucket': Buffer.from(`${route.method}${route.pattern.join('/')}`)
        .toString('hex')
        .slice(0, 32),
    };
  }
}

function send(res: ServerResponse, result: RestResult): void {
  const headers: Record<string, string> = { ...result.headers };
  if (result.body === undefined) {
    // An empty 204 must carry no Content-Type: discord.js would try to parse it and reply() would throw.
    res.writeHead(result.status, headers);
    res.end();
    return;
  }
  const payload = JSON.stringify(result.body);
  res.writeHead(result.status, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The node:http request handler for `/api/v10/*`. */
export function createRestHandler(ctx: RestContext): (req: IncomingMessage, res: ServerResponse) => void {
  const rateLimits = new RateLimitHeaders();
  return (req, res) => {
    void handle(ctx, rateLimits, req, res).catch((error: unknown) => {
      ctx.log.error({ err: error }, 'local-discord: request handler failed');
      if (!res.headersSent)
        send(res, { status: 500, body: { message: '500: Internal Server Error', code: 0 } });
    });
  };
}

async function handle(
  ctx: RestContext,
  rateLimits: RateLimitHeaders,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = req.method ?? 'GET';
  const prefix = /^\/api(\/v10)?/.exec(url.pathname)?.[0] ?? '';
  const path = decodeURIComponent(url.pathname.slice(prefix.length)) || '/';
  const segments = path.split('/').filter(Boolean);
  const raw = await readBody(req);
  let body: unknown;
  let parseFailed = false;
  try {
    body = parseBody(req.headers['content-type'], raw);
  } catch {
    parseFailed = true;
    body = raw.toString('utf8');
  }
  const spec = resolveOperation(method, path);
  const found = prefix ? findRoute(method, segments) : undefined;
  const request: RestRequest = {
    method,
    path,
    segments,
    query: url.searchParams,
    body,
    headers: req.headers,
  };
  let result: RestResult;
  try {
    result = answer(ctx, found, request, spec.operationId, parseFailed);
  } catch (error) {
    if (!(error instanceof DiscordHttpError)) throw error;
    result = { status: error.status, body: error.body() };
  }
  if (found && result.status !== 429)
    result = { ...result, headers: { ...rateLimits.headers(found, segments), ...result.headers } };
  ctx.requests.push({
    method,
    path,
    route: spec.route,
    operationId: spec.operationId,
    body,
    status: result.status,
    at: Date.now(),
  });
  ctx.log.debug(
    { method, path: found ? found.pattern.join('/') : path, status: result.status },
    'local-discord request',
  );
  send(res, result);
}

function answer(
  ctx: RestContext,
  found: Route | undefined,
  req: RestRequest,
  specOperation: string | null,
  parseFailed: boolean,
): RestResult {
  if (!found) throw errors.notFound();
  const injected = ctx.faults.take(specOperation ?? found.operationId);
  if (injected) return injected;
  if (!found.tokenAuth) {
    const auth = req.headers.authorization;
    if (typeof auth !== 'string' || !/^Bot \S+/.test(auth)) throw errors.unauthorized();
  }
  if (parseFailed) throw new DiscordHttpError(400, 50109, 'The request body contains invalid JSON.');
  return found.handle(ctx, req);
}
