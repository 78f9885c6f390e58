import type { Gateway } from './gateway.ts';
import type { RestResult } from './rest-types.ts';
import type { FaultInjector } from './types.ts';

interface HttpFault {
  readonly operationId: string | undefined;
  remaining: number;
  readonly answer: () => RestResult;
}

/** Pending faults: HTTP ones are consumed by matching requests; gateway ones act at once. */
export class Faults implements FaultInjector {
  private http: HttpFault[] = [];

  constructor(private readonly gateway: () => Gateway) {}

  rateLimit(options: {
    operationId?: string;
    count?: number;
    retryAfterSeconds: number;
    global?: boolean;
  }): void {
    const global = options.global ?? false;
    const retryAfter = options.retryAfterSeconds;
    this.http.push({
      operationId: options.operationId,
      remaining: options.count ?? 1,
      answer: () => ({
        status: 429,
        headers: {
          // discord.js reads only the header (seconds, fractions allowed), not the JSON retry_after.
          'Retry-After': String(retryAfter),
          'X-RateLimit-Scope': global ? 'global' : 'user',
          ...(global ? { 'X-RateLimit-Global': 'true' } : {}),
        },
        body: { message: 'You are being rate limited.', retry_after: retryAfter, global },
      }),
    });
  }

  serverError(options: { operationId?: string; count?: number; status?: 500 | 502 | 503 | 504 }): void {
    const status = options.status ?? 500;
    this.http.push({
      operationId: options.operationId,
      remaining: options.count ?? 1,
      answer: () => ({ status, body: { message: `${status}: Server error (injected)`, code: 0 } }),
    });
  }

  closeGateway(code: number): void {
    this.gateway().closeConnection(code);
  }

  invalidSession(resumable: boolean): void {
    this.gateway().invalidSession(resumable);
  }

  reconnect(): void {
    this.gateway().requestReconnect();
  }

  clear(): void {
    this.http = [];
  }

  /** The injected answer for a request with this operationId, consuming one use of the fault, or null. */
  take(operationId: string | null): RestResult | null {
    const fault = this.http.find((f) => f.operationId === undefined || f.operationId === operationId);
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.http = this.http.filter((f) => f !== fault);
    return fault.answer();
  }
}
