import type { Request } from 'express';
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

export class CallCounter {
  private counts = new Map<string, number>();

  record(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  snapshot(): CallCounts {
    const byRoute = Object.fromEntries([...this.counts].sort(([left], [right]) => left.localeCompare(right)));
    return { total: [...this.counts.values()].reduce((sum, count) => sum + count, 0), byRoute };
  }

  reset(): void {
    this.counts.clear();
  }
}
