import type { Request } from 'express';
import { validationError } from './errors';
import { baseUrl } from './route-helpers';

// Cursors are opaque to clients: the id of the last record handed out, encoded. A page continues after that id
// (keyset paging), so records archived or created while a client pages neither shift nor repeat the rest.
const prefix = 'k1:';

export function encodeCursor(lastId: string): string {
  return Buffer.from(`${prefix}${lastId}`, 'utf8').toString('base64url');
}

/** The id the page starts after, or undefined for the first page; anything not made by `encodeCursor` is a 400. */
export function decodeCursor(after: string | undefined): string | undefined {
  if (after === undefined || after === '') return undefined;
  const text = /^[A-Za-z0-9_-]+$/.test(after) ? Buffer.from(after, 'base64url').toString('utf8') : '';
  if (!text.startsWith(prefix) || text.length === prefix.length) {
    throw validationError(`after must be a paging cursor from a previous response, got ${after}`, {
      context: { after: [after] },
    });
  }
  return text.slice(prefix.length);
}

/** Numeric ids in number order, as HubSpot lists records. */
export function compareIds(left: string, right: string): number {
  return Number(left) - Number(right) || left.localeCompare(right);
}

export interface KeysetPage<T> {
  readonly items: T[];
  readonly nextAfter?: string;
}

/** The page of `items` (already in id order) after the cursor's id. */
export function keysetPage<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  after: string | undefined,
  limit: number,
): KeysetPage<T> {
  const lastId = decodeCursor(after);
  const rest = lastId === undefined ? items : items.filter((item) => compareIds(idOf(item), lastId) > 0);
  const page = rest.slice(0, limit);
  const last = page.at(-1);
  return { items: page, ...(rest.length > limit && last !== undefined ? { nextAfter: encodeCursor(idOf(last)) } : {}) };
}

/** `paging.next.link`: the same request with the next cursor, every other query parameter kept. */
export function nextPageLink(request: Request, after: string): string {
  const url = new URL(request.originalUrl, baseUrl(request));
  url.searchParams.set('after', after);
  return url.toString();
}

export function pagingOf(request: Request, nextAfter: string | undefined) {
  return nextAfter === undefined
    ? {}
    : { paging: { next: { after: nextAfter, link: nextPageLink(request, nextAfter) } } };
}
