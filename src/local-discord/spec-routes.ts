import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where Discord's OpenAPI description lives: `../shared/discord-api-spec/openapi.json` next to the repository.
 * It is test data outside the project, so everything here works (with null routes) when it is missing.
 */
export const DISCORD_OPENAPI_PATH =
  process.env.DISCORD_OPENAPI_PATH ??
  fileURLToPath(new URL('../../../shared/discord-api-spec/openapi.json', import.meta.url));

/** The parts of the OpenAPI document the emulator and the contract checker read. */
export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, unknown>>;
  readonly components?: { readonly schemas?: Record<string, unknown> };
}

let cached: OpenApiDocument | null | undefined;

/** Loads (once) and returns the OpenAPI document, or null when the file is not there. */
export function loadOpenApi(path: string = DISCORD_OPENAPI_PATH): OpenApiDocument | null {
  if (cached !== undefined && path === DISCORD_OPENAPI_PATH) return cached;
  const doc = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as OpenApiDocument) : null;
  if (path === DISCORD_OPENAPI_PATH) cached = doc;
  return doc;
}

interface CompiledRoute {
  readonly template: string;
  readonly segments: readonly string[];
  readonly literals: number;
  readonly operations: Readonly<Record<string, string>>;
}

let routes: CompiledRoute[] | null = null;

function compileRoutes(doc: OpenApiDocument): CompiledRoute[] {
  return Object.entries(doc.paths)
    .map(([template, item]) => {
      const segments = template.split('/').filter(Boolean);
      const operations: Record<string, string> = {};
      for (const [method, op] of Object.entries(item)) {
        const id = (op as { operationId?: unknown } | null)?.operationId;
        if (typeof id === 'string') operations[method.toUpperCase()] = id;
      }
      return { template, segments, literals: segments.filter((s) => !s.startsWith('{')).length, operations };
    })
    .sort((a, b) => b.literals - a.literals);
}

/** The OpenAPI route template and operationId for a request, or nulls when unknown or the spec is missing. */
export function resolveOperation(
  method: string,
  path: string,
): { route: string | null; operationId: string | null } {
  const doc = loadOpenApi();
  if (!doc) return { route: null, operationId: null };
  routes ??= compileRoutes(doc);
  const parts = path.split('/').filter(Boolean);
  // Routes with more literal segments win, so `/messages/@original` beats `/messages/{message_id}`.
  for (const route of routes) {
    if (route.segments.length !== parts.length) continue;
    const matches = route.segments.every((s, i) => s.startsWith('{') || s === parts[i]);
    if (matches)
      return { route: route.template, operationId: route.operations[method.toUpperCase()] ?? null };
  }
  return { route: null, operationId: null };
}
