import type { Request } from 'express';

// RFC 6750 b64token: what a bearer credential may contain, nothing after it.
const bearerPattern = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;
const basicPattern = /^Basic ([A-Za-z0-9+/]+=*)$/i;

/**
 * The key a request presents: `Authorization: Bearer <key>`, or Basic with the key as user name (Segment's
 * write key). Anything else, trailing words included, presents no key: the one parse that authentication
 * and the per-key rate limit share, so a key can never be spent under two names.
 */
export function presentedKey(
  request: Request,
  schemes: 'bearer' | 'bearer-or-basic' = 'bearer-or-basic',
): string | undefined {
  const header = request.get('authorization');
  if (header === undefined) return undefined;
  const bearer = bearerPattern.exec(header);
  if (bearer) return bearer[1];
  if (schemes === 'bearer') return undefined;
  const basic = basicPattern.exec(header);
  if (!basic?.[1]) return undefined;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  const user = separator === -1 ? decoded : decoded.slice(0, separator);
  return user === '' ? undefined : user;
}
