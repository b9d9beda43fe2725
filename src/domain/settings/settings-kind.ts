import { z } from 'zod';

/** The settings a portal can set, each a document validated by its own schema. */
export const settingsKinds = [
  'kpi',
  'health',
  'lifecycle',
  'catalog',
  'risk',
  'currency',
  'digests',
  'maturity',
] as const;

export const settingsKindSchema = z.enum(settingsKinds);

export type SettingsKind = z.infer<typeof settingsKindSchema>;
