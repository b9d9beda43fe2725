import type { Request, Response } from 'express';
import { resolveObjectType } from './object-types';

export interface CallCounts {
  readonly total: number;
  /** Calls per `METHOD /path/pattern`, e.g. `GET /crm/v3/objects/companies` or `PATCH /crm/v3/objects/deals/{objectId}`. */
  readonly byRoute: Record<string, number>;
}

/** The key a call is counted under: object types written out, other parameters as `{name}`. */
export function callKey(request: Request, pattern: string): string {
  const path = pattern.replace(/:(\w+)/g, (_match, name: string) => {
    const value = request.params[name];
    if (/ObjectType$|^objectType$/.test(name) && typeof value === 'string') return resolveObjectType(value) ?? value;
    return `{${name}}`;
  });
  return `${request.method} ${path}`;
}

/** One request as the sandbox received it, for contract tests that check every call against HubSpot's rules. */
export interface RecordedRequest {
  /** The `callKey` of its route. */
  readonly key: string;
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, unknown>;
  readonly body: unknown;
  readonly status: number;
}

export class CallCounter {
  private counts = new Map<string, number>();
  private recorded: RecordedRequest[] | undefined;

  record(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  snapshot(): CallCounts {
    const byRoute = Object.fromEntries([...this.counts].sort(([left], [right]) => left.localeCompare(right)));
    return { total: [...this.counts.values()].reduce((sum, count) => sum + count, 0), byRoute };
  }

  reset(): void {
    this.counts.clear();
    if (this.recorded) this.recorded = [];
  }

  /** Starts keeping every request (off by default: bulk runs make hundreds of thousands). */
  keepRequests(): void {
    this.recorded ??= [];
  }

  /** Keeps the request once its answer is sent, with the status it got. */
  recordRequest(request: Request, response: Response, key: string): void {
    const recorded = this.recorded;
    if (!recorded) return;
    const entry = {
      key,
      method: request.method,
      path: request.path,
      query: { ...request.query },
      body: structuredClone<unknown>(request.body),
    };
    response.once('finish', () => recorded.push({ ...entry, status: response.statusCode }));
  }

  requests(): RecordedRequest[] {
    return [...(this.recorded ?? [])];
  }
}
