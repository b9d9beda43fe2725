import type { RequestHandler } from 'express';
import { HubSpotError } from './errors';
import { rateLimitBody, type PolicyName } from './api-limits';

export interface FaultSpec {
  readonly status: 429 | 500 | 502 | 503 | 504;
  /** The limit a 429 names; TEN_SECONDLY_ROLLING unless given. */
  readonly policy?: PolicyName;
  /** How many matching calls fail; 1 unless given. */
  readonly count?: number;
  /**
   * The call is carried out and only its answer fails, as when a gateway times out after HubSpot wrote: a client that
   * retries blindly writes twice. 5xx only.
   */
  readonly afterHandling?: boolean;
  /** Which calls: a call key (`GET /crm/v3/objects/companies`), a pattern over call keys, or a predicate. */
  readonly match?: string | RegExp | ((callKey: string) => boolean);
}

interface PendingFault {
  readonly spec: FaultSpec;
  remaining: number;
}

function matches(spec: FaultSpec, key: string): boolean {
  if (spec.match === undefined) return true;
  if (typeof spec.match === 'string') return spec.match === key;
  if (spec.match instanceof RegExp) return spec.match.test(key);
  return spec.match(key);
}

/** Makes the next matching calls fail like HubSpot does, so retry paths can be tested. */
export class FaultInjector {
  private pending: PendingFault[] = [];

  failNext(spec: FaultSpec): void {
    this.pending.push({ spec, remaining: spec.count ?? 1 });
  }

  clear(): void {
    this.pending = [];
  }

  take(key: string): FaultSpec | undefined {
    const fault = this.pending.find((candidate) => candidate.remaining > 0 && matches(candidate.spec, key));
    if (!fault) return undefined;
    fault.remaining -= 1;
    this.pending = this.pending.filter((candidate) => candidate.remaining > 0);
    return fault.spec;
  }

  middleware(portalId: () => number): RequestHandler {
    return (_request, response, next) => {
      const key = typeof response.locals.callKey === 'string' ? response.locals.callKey : '';
      const fault = this.take(key);
      if (!fault) {
        next();
        return;
      }
      if (fault.status === 429) {
        response.status(429).json(rateLimitBody(portalId(), fault.policy));
        return;
      }
      const error = new HubSpotError(fault.status, 'INTERNAL_ERROR', 'internal error (injected by the sandbox)');
      if (fault.afterHandling) {
        const answer = response.json.bind(response);
        response.json = () => answer.call(response.status(fault.status), error.body());
        next();
        return;
      }
      response.status(fault.status).json(error.body());
    };
  }
}
