import type { OwnerContactRow } from '../../db/repositories/digest-facts-repository';
import type { DigestSettings } from '../../domain/digests/digest-settings';
import type { DigestRecipient } from '../../domain/digests/digest-schema';
import { z } from 'zod';

const emailSchema = z.email();

function ownerName(owner: OwnerContactRow): string {
  return [owner.first_name, owner.last_name].filter(Boolean).join(' ') || owner.email || `Owner ${owner.id}`;
}

/**
 * Who receives a digest: each CSM (the set owner ids, else every owner looking after a customer: `csmLoads`, as
 * `countCsmLoads` counts them, so a sales rep owning only prospects gets none) at their HubSpot email, and each
 * manager address. An owner without a valid email is left out: there is nowhere to send theirs.
 */
export function digestRecipients(
  settings: DigestSettings,
  owners: readonly OwnerContactRow[],
  csmLoads: ReadonlyMap<string, number>,
): DigestRecipient[] {
  const chosen = settings.csm.ownerIds === null ? null : new Set(settings.csm.ownerIds);
  const csms = owners
    .filter((owner) => (chosen === null ? (csmLoads.get(owner.id) ?? 0) > 0 : chosen.has(owner.id)))
    .flatMap((owner): DigestRecipient[] =>
      owner.email !== null && emailSchema.safeParse(owner.email).success
        ? [{ audience: 'csm', address: owner.email, name: ownerName(owner), ownerId: owner.id }]
        : [],
    );
  const managers = [...new Set(settings.manager.recipients)].map((address): DigestRecipient => ({
    audience: 'manager',
    address,
    name: address,
    ownerId: null,
  }));
  return [...csms, ...managers];
}
