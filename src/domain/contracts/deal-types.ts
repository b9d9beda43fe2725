import { z } from 'zod';
import { dealKindSchema, type DealKind } from './contract-schema';

/** Domain §1.1's reading of HubSpot's own deal types (internal values, compared without case). */
export const pageDealTypeKinds: Readonly<Record<string, DealKind>> = {
  newbusiness: 'new',
  existingbusiness: 'upsell',
};

const dealTypeValueSchema = z
  .string()
  .trim()
  .min(1)
  .max(100, 'at most 100 characters: an internal value of HubSpot deal type option');

/**
 * KPI setting `dealTypes`: the kind of deal each option of HubSpot's `dealtype` property stands for, by its internal
 * value (a portal may add its own options, such as "Renewal"). Entries are added over domain §1.1's two, and may
 * replace them; a deal whose type is neither counts as new business (domain §1.1). Kept as written (so a stored
 * document reads back as sent), compared without case.
 */
export const dealTypeKindsSchema = z
  .record(dealTypeValueSchema, dealKindSchema)
  .default({})
  .superRefine((kinds, context) => {
    const seen = new Map<string, string>();
    for (const value of Object.keys(kinds)) {
      const key = value.trim().toLowerCase();
      const earlier = seen.get(key);
      if (earlier !== undefined)
        context.addIssue({
          code: 'custom',
          path: [value],
          message: `names the same deal type as '${earlier}' (internal values are compared without case)`,
        });
      seen.set(key, value);
    }
  });

export type DealTypeKinds = Readonly<Record<string, DealKind>>;

/** The deal type's kind, domain §1.1's mapping under the portal's own; undefined for a type neither knows. */
export function kindOfDealType(dealType: string, portalKinds: DealTypeKinds): DealKind | undefined {
  return readDealTypes(portalKinds).get(dealType.trim().toLowerCase());
}

/**
 * Every deal type the portal reads (lower case), each with its kind: domain §1.1's two under the portal's own. A map,
 * so that a deal type named like an object's own property ("constructor") is just another unknown type.
 */
export function readDealTypes(portalKinds: DealTypeKinds): ReadonlyMap<string, DealKind> {
  const read = new Map<string, DealKind>(Object.entries(pageDealTypeKinds));
  for (const [dealType, kind] of Object.entries(portalKinds)) read.set(dealType.trim().toLowerCase(), kind);
  return read;
}

/** The deal types read as `kind` (lower case). */
export function dealTypesReadAs(kind: DealKind, portalKinds: DealTypeKinds): string[] {
  return [...readDealTypes(portalKinds)].filter(([, readAs]) => readAs === kind).map(([dealType]) => dealType);
}

/** The deal types whose kind differs between two readings (lower case): deals of these types are derived again. */
export function dealTypesReadDifferently(before: DealTypeKinds, after: DealTypeKinds): string[] {
  const earlier = readDealTypes(before);
  const later = readDealTypes(after);
  return [...new Set([...earlier.keys(), ...later.keys()])]
    .filter((dealType) => earlier.get(dealType) !== later.get(dealType))
    .sort();
}

/**
 * KPI setting `dealPipelines`: the kind of every deal of a pipeline (a "Renewals" pipeline, say), by the pipeline's
 * label or id (compared without case). It comes after `cs_deal_kind` and before the deal type.
 */
export const dealPipelineKindsSchema = z
  .record(z.string().trim().min(1).max(200, 'at most 200 characters: a deal pipeline label or id'), dealKindSchema)
  .default({});

/** The portal's deal pipelines as the sync stored them. */
export interface DealPipeline {
  readonly id: string;
  readonly label: string;
}

/** The pipeline a name of the setting stands for: by its id, else its label (either without case). */
export function pipelineNamed(named: string, pipelines: readonly DealPipeline[]): DealPipeline | undefined {
  const key = named.trim().toLowerCase();
  return (
    pipelines.find((candidate) => candidate.id.toLowerCase() === key) ??
    pipelines.find((candidate) => candidate.label.trim().toLowerCase() === key)
  );
}

/**
 * The setting by pipeline id. An entry naming no pipeline of the portal (one renamed or deleted since) reads no deal.
 */
export function pipelineKindsById(
  setting: Readonly<Record<string, DealKind>>,
  pipelines: readonly DealPipeline[],
): Record<string, DealKind> {
  const byId: Record<string, DealKind> = {};
  for (const [named, kind] of Object.entries(setting)) {
    const pipeline = pipelineNamed(named, pipelines);
    if (pipeline !== undefined) byId[pipeline.id] = kind;
  }
  return byId;
}
