import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { objectTypeSchema } from './object-types';
import type { SandboxStore } from './store';

const savedStateSchema = z.object({
  version: z.literal(1),
  /** What the sandbox was loaded from (the demo, a fixture's path): a state saved over another is not put back. */
  source: z.string(),
  /**
   * The day the demo portfolio was generated up to. The demo is generated relative to its day, so a later run
   * generates the same one: generated again up to a later day, every usage event would move and be stored twice.
   */
  demoAsOf: z.iso.date().nullable(),
  /** The day the demo's deals were carried on to (excluded); absent in a state saved before the demo's deals carried on. */
  dealsCarriedOnUntil: z.iso.date().optional(),
  portalId: z.number().int(),
  nextId: z.number().int().positive(),
  objects: z.array(
    z.object({
      id: z.string().min(1),
      type: objectTypeSchema,
      properties: z.record(z.string(), z.string().nullable()),
      history: z.record(
        z.string(),
        z.array(z.object({ value: z.string(), timestamp: z.string(), sourceType: z.string() })),
      ),
      createdAt: z.string(),
      updatedAt: z.string(),
      archived: z.boolean(),
      archivedAt: z.string().optional(),
    }),
  ),
  associations: z.array(
    z.object({ key: z.string().min(1), toId: z.string().min(1), typeIds: z.array(z.number().int()).readonly() }),
  ),
});

export type SavedState = z.infer<typeof savedStateSchema>;

export type SavedStateFile =
  { kind: 'saved'; state: SavedState } | { kind: 'none' } | { kind: 'unreadable'; why: string };

/** What a previous run saved in `file`, if anything usable. */
export async function readSavedState(file: string): Promise<SavedStateFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'unreadable', why: 'not JSON' };
  }
  const parsed = savedStateSchema.safeParse(json);
  if (parsed.success) return { kind: 'saved', state: parsed.data };
  const issue = parsed.error.issues[0];
  return { kind: 'unreadable', why: issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid' };
}

/** Where the saved state comes from: only a state saved from the same source and portal is put back. */
export interface SavedStateOrigin {
  readonly source: string;
  readonly demoAsOf: string | null;
  readonly dealsCarriedOnUntil?: string;
}

export type RestoredState = { kind: 'restored'; records: number } | { kind: 'unreadable'; why: string };

/**
 * Puts back the records and associations a previous run of the same portal saved, over those the fixture loaded:
 * the tasks, notes and deals the service created and the values it wrote are still there, as on a real portal.
 */
export function restoreSavedState(store: SandboxStore, state: SavedState, origin: SavedStateOrigin): RestoredState {
  if (state.source !== origin.source || state.demoAsOf !== origin.demoAsOf || state.portalId !== store.portal.id)
    return { kind: 'unreadable', why: `saved from ${state.source} (portal ${state.portalId})` };
  store.objects.restore(state.objects, state.nextId);
  store.associations.restore(state.associations);
  return { kind: 'restored', records: state.objects.length };
}

function stateOf(store: SandboxStore, origin: SavedStateOrigin): SavedState {
  const { objects, nextId } = store.objects.dump();
  return { version: 1, ...origin, portalId: store.portal.id, nextId, objects, associations: store.associations.dump() };
}

export interface StateSaver {
  /** Writes any change not yet saved, and stops saving. */
  close(): Promise<void>;
}

/**
 * Saves the store to `file` now (so the next run finds the demo's day even if this one changes nothing), then a
 * moment after each burst of changes: a whole file each time, written beside it and renamed over it, so a crash
 * mid-write leaves the previous state whole.
 */
export function saveStateOnChange(
  store: SandboxStore,
  file: string,
  origin: SavedStateOrigin,
  onError: (error: unknown) => void,
  delayMs = 1_000,
): StateSaver {
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  const save = () => {
    timer = undefined;
    const json = JSON.stringify(stateOf(store, origin));
    writing = writing
      .then(async () => {
        await writeFile(`${file}.tmp`, json);
        await rename(`${file}.tmp`, file);
      })
      .catch((error: unknown) => onError(error));
    return writing;
  };
  void save();
  const stopListening = store.events.onChange(() => {
    timer ??= setTimeout(() => void save(), delayMs);
  });
  return {
    close: async () => {
      stopListening();
      if (timer !== undefined) {
        clearTimeout(timer);
        await save();
      }
      await writing;
    },
  };
}
