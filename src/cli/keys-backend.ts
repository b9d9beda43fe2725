import type { Database } from '../db/client';
import type { LockService } from '../db/data-dir-lock';
import { findPortal } from '../db/repositories/portals-repository';
import type { ApiKeyScope } from '../db/schema';
import {
  createdKeyResponseSchema,
  keyListResponseSchema,
  revokedKeyResponseSchema,
} from '../services/ingestion/api-key-schema';
import {
  createApiKey,
  listKeys,
  revokeKey,
  type ApiKeySummary,
  type CreatedApiKey,
} from '../services/ingestion/api-keys';
import { callServiceAdmin, ServiceAdminError } from './service-admin';

/** What `npm run keys` does, on the database itself or through the running service that holds it. */
export interface KeysBackend {
  create(
    portalId: number,
    name: string | undefined,
    scope: ApiKeyScope,
  ): Promise<{ key: CreatedApiKey; portalSynced: boolean }>;
  list(portalId: number | undefined): Promise<ApiKeySummary[]>;
  /** The revoked key, or none when there is no such active key. */
  revoke(id: string, portalId: number | undefined): Promise<ApiKeySummary[]>;
}

export function databaseKeys(db: Database): KeysBackend {
  return {
    async create(portalId, name, scope) {
      const portalSynced = (await findPortal(db, portalId)) !== undefined;
      return { key: await createApiKey(db, portalId, name, scope), portalSynced };
    },
    list: (portalId) => listKeys(db, portalId),
    revoke: (id, portalId) => revokeKey(db, id, portalId),
  };
}

export function serviceKeys(service: LockService): KeysBackend {
  return {
    create: (portalId, name, scope) =>
      callServiceAdmin(
        service,
        { method: 'POST', path: '/admin/v1/keys', body: { portalId, ...(name === undefined ? {} : { name }), scope } },
        createdKeyResponseSchema,
      ),
    list: async (portalId) =>
      (
        await callServiceAdmin(
          service,
          { method: 'GET', path: `/admin/v1/keys${portalId === undefined ? '' : `?portalId=${portalId}`}` },
          keyListResponseSchema,
        )
      ).results,
    async revoke(id, portalId) {
      const path = `/admin/v1/keys/${encodeURIComponent(id)}/revoke`;
      try {
        return (
          await callServiceAdmin(
            service,
            { method: 'POST', path, body: portalId === undefined ? {} : { portalId } },
            revokedKeyResponseSchema,
          )
        ).revoked;
      } catch (error) {
        if (error instanceof ServiceAdminError && error.status === 404) return [];
        throw error;
      }
    },
  };
}
