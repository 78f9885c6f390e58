/**
 * Contract checks: request bodies the bot sends, validated against the request schemas of Discord's own
 * OpenAPI description (`../shared/discord-api-spec/openapi.json`, test data outside the repository).
 */
import { existsSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import { DISCORD_OPENAPI_PATH, loadOpenApi } from '../../src/local-discord/spec-routes.ts';
import type { RecordedRequest } from '../../src/local-discord/types.ts';

/** Where the OpenAPI file is expected. */
export const OPENAPI_SPEC_PATH = DISCORD_OPENAPI_PATH;

/** True when the OpenAPI file is there; tests that need it skip with a message naming the path otherwise. */
export function specAvailable(): boolean {
  return existsSync(OPENAPI_SPEC_PATH);
}

/** A message to show when skipping. */
export const SPEC_MISSING_MESSAGE = `Discord's OpenAPI file is missing at ${OPENAPI_SPEC_PATH}: contract checks skipped`;

// ajv-formats is CommonJS: under NodeNext its default export arrives wrapped.
type AddFormats = (ajv: Ajv2020) => unknown;
const addFormats = ((formatsModule as unknown as { default?: AddFormats }).default ??
  (formatsModule as unknown as AddFormats)) as AddFormats;

const DOC_ID = 'https://local-discord.test/openapi.json';

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly pointer: string | null;
}

let state: {
  ajv: Ajv2020;
  operations: Map<string, Operation>;
  compiled: Map<string, ValidateFunction>;
} | null = null;

const pointerEscape = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

function load(): NonNullable<typeof state> {
  if (state) return state;
  const doc = loadOpenApi();
  if (!doc) throw new Error(SPEC_MISSING_MESSAGE);
  // strict: false ignores OpenAPI-only keywords (discriminator, x-discord-union) instead of failing.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  // Discord-specific formats carry no checkable rule beyond the schema's own type and length.
  ajv.addFormat('snowflake', true);
  ajv.addFormat('nonce', true);
  // The paths stay in the registered document so each operation's schema is compiled by JSON pointer, lazily.
  ajv.addSchema({
    $id: DOC_ID,
    components: withDocumentedDivergences(doc.components ?? {}),
    paths: doc.paths,
  });
  const operations = new Map<string, Operation>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const operation = op as {
        operationId?: string;
        requestBody?: { content?: Record<string, unknown> };
      } | null;
      if (!operation?.operationId) continue;
      const hasJson = operation.requestBody?.content?.['application/json'] !== undefined;
      operations.set(operation.operationId, {
        method: method.toUpperCase(),
        path,
        pointer: hasJson
          ? `#/paths/${pointerEscape(path)}/${method}/requestBody/content/application~1json/schema`
          : null,
      });
    }
  }
  state = { ajv, operations, compiled: new Map() };
  return state;
}

/**
 * Where the OpenAPI file disagrees with Discord's prose documentation, the documentation wins (the spec's README).
 * Known divergence: the docs type `default_member_permissions` as "?string" (a permission bitfield serialised as a
 * string, which is what discord.js sends), while the spec says integer. Accept both, nothing wider.
 */
function withDocumentedDivergences(components: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(components) as {
    schemas?: Record<string, { properties?: Record<string, unknown> }>;
  };
  for (const schema of Object.values(copy.schemas ?? {})) {
    const property = schema.properties?.default_member_permissions;
    if (property && typeof property === 'object') {
      schema.properties = {
        ...schema.properties,
        default_member_permissions: { anyOf: [property, { type: 'string', pattern: '^[0-9]{1,20}$' }] },
      };
    }
  }
  return copy;
}

function formatError(e: ErrorObject): string {
  return `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`;
}

/** Validates a request body against the request schema of an OpenAPI operation. */
export function validateRequest(operationId: string, body: unknown): { ok: boolean; errors: string[] } {
  const { ajv, operations, compiled } = load();
  const operation = operations.get(operationId);
  if (!operation) return { ok: false, errors: [`unknown operationId "${operationId}"`] };
  if (!operation.pointer) {
    return body === undefined
      ? { ok: true, errors: [] }
      : { ok: false, errors: [`${operationId} takes no JSON body`] };
  }
  const validate = compiled.get(operationId) ?? ajv.compile({ $ref: `${DOC_ID}${operation.pointer}` });
  compiled.set(operationId, validate);
  if (validate(body)) return { ok: true, errors: [] };
  // Unions report every branch's complaints; keep the list readable.
  const errors = [...new Set((validate.errors ?? []).map(formatError))].slice(0, 20);
  return { ok: false, errors };
}

/** One recorded request that broke the contract. */
export interface ContractFailure {
  readonly method: string;
  readonly path: string;
  readonly operationId: string | null;
  readonly errors: readonly string[];
}

/** Validates every recorded request: it must be a route of the spec, and its body must fit the route's schema. */
export function validateRecordedRequests(requests: readonly RecordedRequest[]): {
  ok: boolean;
  checked: number;
  failures: ContractFailure[];
} {
  const failures: ContractFailure[] = [];
  let checked = 0;
  for (const request of requests) {
    if (!request.operationId) {
      failures.push({
        method: request.method,
        path: request.path,
        operationId: null,
        errors: ['not a route of the spec'],
      });
      continue;
    }
    if (request.body === undefined && (request.method === 'GET' || request.method === 'DELETE')) continue;
    checked += 1;
    const result = validateRequest(request.operationId, request.body);
    if (!result.ok)
      failures.push({
        method: request.method,
        path: request.path,
        operationId: request.operationId,
        errors: result.errors,
      });
  }
  return { ok: failures.length === 0, checked, failures };
}
