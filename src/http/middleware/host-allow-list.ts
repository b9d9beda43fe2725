import type { RequestHandler } from 'express';
import { ServiceError } from '../../services/service-error';

const loopbackHosts = ['localhost', '127.0.0.1', '[::1]'];

/** The host part of a Host header (`name:port`, `[v6]:port`), lower-cased; undefined when it is not one. */
function hostName(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i.exec(header.trim());
  return match?.[1]?.toLowerCase();
}

/**
 * Without API keys the service trusts whoever reaches it, so it must be reached by a name it knows: a page
 * on another site that rebinds its own DNS name to this address sends that name as Host and is refused.
 */
export function hostAllowList(extraHosts: readonly string[]): RequestHandler {
  const allowed = new Set([...loopbackHosts, ...extraHosts.map((host) => host.toLowerCase())]);
  return (request, _response, next) => {
    const sent = request.get('host');
    const name = hostName(sent);
    if (name !== undefined && allowed.has(name)) {
      next();
      return;
    }
    throw new ServiceError(
      'forbidden',
      `The Host header must name this service: one of ${[...allowed].join(', ')} (set ALLOWED_HOSTS to add one)`,
      {
        fields: [
          {
            field: 'Host',
            message: `expected one of ${[...allowed].join(', ')}, got ${JSON.stringify((sent ?? '').slice(0, 100))}`,
          },
        ],
      },
    );
  };
}
