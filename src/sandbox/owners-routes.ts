import { HubSpotError } from './errors';
import { compareIds, keysetPage, pagingOf } from './page-cursor';
import { booleanParam, limitParam, stringParam } from './query-params';
import { pathParam, type RegisterRoute } from './route-helpers';
import type { SandboxStore, StoredOwner } from './store';

const defaultLimit = 100;
const maxLimit = 500;

function ownerView(owner: StoredOwner): Record<string, unknown> {
  return {
    id: owner.id,
    email: owner.email,
    type: 'PERSON',
    firstName: owner.firstName,
    lastName: owner.lastName,
    ...(owner.userId !== undefined ? { userId: owner.userId, userIdIncludingInactive: owner.userId } : {}),
    createdAt: owner.createdAt,
    updatedAt: owner.updatedAt,
    archived: owner.archived,
    ...(owner.teams ? { teams: owner.teams } : {}),
  };
}

export function registerOwnerRoutes(register: RegisterRoute, store: SandboxStore): void {
  register('get', '/crm/v3/owners', (request, response) => {
    const email = stringParam(request.query.email)?.toLowerCase();
    const archived = booleanParam(request.query.archived);
    const limit = limitParam(request.query.limit, defaultLimit, maxLimit);
    const owners = store.owners
      .filter((owner) => owner.archived === archived && (email === undefined || owner.email.toLowerCase() === email))
      .sort((left, right) => compareIds(left.id, right.id));
    const page = keysetPage(owners, (owner) => owner.id, stringParam(request.query.after), limit);
    response.json({ results: page.items.map(ownerView), ...pagingOf(request, page.nextAfter) });
  });

  register('get', '/crm/v3/owners/:ownerId', (request, response) => {
    const id = pathParam(request, 'ownerId');
    const byUserId = stringParam(request.query.idProperty) === 'userId';
    const archived = booleanParam(request.query.archived);
    const owner = store.owners.find(
      (candidate) =>
        candidate.archived === archived && (byUserId ? String(candidate.userId) === id : candidate.id === id),
    );
    if (!owner) throw new HubSpotError(404, 'OBJECT_NOT_FOUND', `Owner not found: ${id}`, { context: { id: [id] } });
    response.json(ownerView(owner));
  });
}
