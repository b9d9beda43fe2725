import type { Database } from '../../db/client';
import {
  findPlaybookRow,
  insertPlaybookRow,
  listPlaybookRows,
  seedPlaybookRows,
  updatePlaybookRow,
  type PlaybookRow,
} from '../../db/repositories/playbooks-repository';
import { defaultPlaybooks } from '../../domain/playbooks/default-playbooks';
import { playbookDefinitionSchema, type PlaybookDefinition } from '../../domain/playbooks/playbook-schema';

export interface StoredPlaybook extends PlaybookDefinition {
  readonly id: string;
  readonly version: number;
  readonly createdBy: string;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

function storedPlaybook(row: PlaybookRow): StoredPlaybook | null {
  // A definition stored by an older version that no longer parses is left out rather than run half-understood.
  const parsed = playbookDefinitionSchema.safeParse(row.definition);
  if (!parsed.success) return null;
  return {
    ...parsed.data,
    id: row.id,
    version: row.version,
    createdBy: row.createdBy,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listPlaybooks(db: Database, portalId: number): Promise<StoredPlaybook[]> {
  return (await listPlaybookRows(db, portalId)).flatMap((row) => storedPlaybook(row) ?? []);
}

export async function findPlaybook(db: Database, portalId: number, id: string): Promise<StoredPlaybook | null> {
  const row = await findPlaybookRow(db, portalId, id);
  return row === null ? null : storedPlaybook(row);
}

/** `definition` is already validated (the route parses it with the domain schema). */
export async function createPlaybook(
  db: Database,
  portalId: number,
  definition: PlaybookDefinition,
  actor: string,
): Promise<StoredPlaybook> {
  const row = await insertPlaybookRow(db, portalId, definition, actor);
  const stored = storedPlaybook(row);
  if (stored === null) throw new Error('a validated playbook did not read back');
  return stored;
}

export async function replacePlaybook(
  db: Database,
  portalId: number,
  id: string,
  definition: PlaybookDefinition,
  actor: string,
): Promise<StoredPlaybook | null> {
  const row = await updatePlaybookRow(db, portalId, id, definition, actor);
  return row === null ? null : storedPlaybook(row);
}

/** The default set for a portal that has no playbook yet (the demo); true when it was created now. */
export async function ensureDefaultPlaybooks(db: Database, portalId: number): Promise<boolean> {
  const definitions = defaultPlaybooks.map((input) => playbookDefinitionSchema.parse(input));
  return seedPlaybookRows(db, portalId, definitions, 'system:default-playbooks');
}
