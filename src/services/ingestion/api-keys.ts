import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Executor } from '../../db/client';
import {
  findActiveApiKeyByHash,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
  type ApiKeyRow,
} from '../../db/repositories/api-keys-repository';
import type { ApiKeyScope } from '../../db/schema';

const keyPrefix = 'csk_';

export type ApiKeySummary = Omit<ApiKeyRow, 'keyHash'>;
export type CreatedApiKey = ApiKeySummary & { key: string };

function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

function summary({ keyHash: _keyHash, ...rest }: ApiKeyRow): ApiKeySummary {
  return rest;
}

/** A 256-bit random key; only its SHA-256 is stored, so the key is returned this once. */
export async function createApiKey(
  db: Executor,
  portalId: number,
  name?: string,
  scope: ApiKeyScope = 'ingest',
): Promise<CreatedApiKey> {
  const key = `${keyPrefix}${randomBytes(32).toString('base64url')}`;
  const row = await insertApiKey(db, {
    portalId,
    id: `key_${randomBytes(6).toString('hex')}`,
    name: name ?? null,
    keyHash: hashKey(key),
    keyPrefix: key.slice(0, keyPrefix.length + 6),
    scope,
  });
  return { ...summary(row), key };
}

export async function listKeys(db: Executor, portalId?: number): Promise<ApiKeySummary[]> {
  return (await listApiKeys(db, portalId)).map(summary);
}

export async function revokeKey(db: Executor, id: string, portalId?: number): Promise<ApiKeySummary[]> {
  return (await revokeApiKey(db, id, portalId)).map(summary);
}

/** The portal an active key of this scope opens, or undefined for an unknown or revoked key or one of another scope. */
export async function authenticateKey(
  db: Executor,
  key: string,
  scope: ApiKeyScope,
): Promise<{ portalId: number; keyId: string; keyName: string | null } | undefined> {
  if (!key.startsWith(keyPrefix) || key.length > 200) return undefined;
  const presented = hashKey(key);
  const row = await findActiveApiKeyByHash(db, presented);
  if (!row || row.scope !== scope) return undefined;
  // The lookup is by hash already; the constant-time comparison keeps the check itself timing-safe.
  const matches = timingSafeEqual(Buffer.from(row.keyHash, 'hex'), Buffer.from(presented, 'hex'));
  return matches ? { portalId: row.portalId, keyId: row.id, keyName: row.name } : undefined;
}

/** The id of the active key presented, whatever its scope: what the per-key rate limit counts by. */
export async function identifyKey(db: Executor, key: string): Promise<string | undefined> {
  if (!key.startsWith(keyPrefix) || key.length > 200) return undefined;
  const row = await findActiveApiKeyByHash(db, hashKey(key));
  return row === undefined ? undefined : `${row.portalId}:${row.id}`;
}
