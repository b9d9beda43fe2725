import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ServiceError } from '../../services/service-error';

const loopbackAddresses = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * The admin API answers only on loopback, to the per-run token the service wrote into its DATA_DIR lock
 * file (mode 0600): whoever can read the data directory may already change everything in it.
 */
export function adminAuth(token: string): RequestHandler {
  const expected = digest(token);
  return (request, _response, next) => {
    // The socket's address, not X-Forwarded-For: a proxy on this host must not turn a remote caller into a local one.
    if (!loopbackAddresses.has(request.socket.remoteAddress ?? '') || request.get('x-forwarded-for') !== undefined) {
      next(new ServiceError('forbidden', 'The admin API answers only on loopback, to a process on this machine'));
      return;
    }
    const match = /^bearer +(\S+) *$/i.exec(request.get('authorization') ?? '');
    if (!match?.[1] || !timingSafeEqual(digest(match[1]), expected)) {
      next(
        new ServiceError(
          'unauthorized',
          'The admin API needs `Authorization: Bearer <adminToken>` from the DATA_DIR lock file',
        ),
      );
      return;
    }
    next();
  };
}
