import { associationTypeById } from './association-types';
import { validationError, type HubSpotErrorDetail } from './errors';
import type { AssociationInput } from './object-schemas';
import type { ObjectType } from './object-types';
import type { SandboxStore } from './store';

export interface ResolvedAssociation {
  readonly toType: ObjectType;
  readonly toId: string;
  readonly typeId: number;
}

/** Checks the `associations` of a v3 create body before anything is written: the write is all or nothing. */
export function resolveCreateAssociations(
  store: SandboxStore,
  fromType: ObjectType,
  inputs: readonly AssociationInput[],
): ResolvedAssociation[] {
  const resolved: ResolvedAssociation[] = [];
  const problems: HubSpotErrorDetail[] = [];
  for (const input of inputs) {
    for (const spec of input.types) {
      const type = associationTypeById(spec.associationTypeId);
      if (!type || type.from !== fromType || spec.associationCategory !== 'HUBSPOT_DEFINED') {
        problems.push({
          message: `${spec.associationCategory} ${spec.associationTypeId} is not a valid association type from ${fromType}`,
          subCategory: 'crm.associations.INVALID_ASSOCIATION_TYPE',
          context: { associationTypeId: [String(spec.associationTypeId)] },
        });
      } else if (!store.objects.isLive(type.to, input.to.id)) {
        problems.push({
          message: `No ${type.to} record with id ${input.to.id} exists`,
          context: { toObjectId: [input.to.id] },
        });
      } else {
        resolved.push({ toType: type.to, toId: input.to.id, typeId: type.typeId });
      }
    }
  }
  if (problems.length > 0) throw validationError('One or more associations are invalid', { errors: problems });
  return resolved;
}

export function applyCreateAssociations(
  store: SandboxStore,
  fromType: ObjectType,
  fromId: string,
  associations: readonly ResolvedAssociation[],
): void {
  for (const association of associations)
    store.associations.add(fromType, fromId, association.toId, association.typeId);
}
