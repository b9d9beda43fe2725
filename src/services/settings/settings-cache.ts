import type { Executor } from '../../db/client';
import type { PortalSettings } from '../../domain/settings/settings-schemas';

/** How long a read path trusts a portal's settings; a change made in this process is seen at once. */
export const settingsCacheMilliseconds = 5_000;

interface Entry {
  readonly settings: Promise<PortalSettings>;
  readonly expiresAt: number;
  readonly generation: number;
}

const caches = new WeakMap<Executor, Map<number, Entry>>();
let generation = 0;

/** Called after every change this process stores: every cached portal is read again on its next use. */
export function forgetCachedSettings(): void {
  generation += 1;
}

/**
 * The portal's settings, read at most once per `ttlMilliseconds` per database and portal: the card reads them on
 * every request. A change made by another process (the CLI) shows after at most that long; jobs that store results
 * read them fresh instead.
 */
export function cachedPortalSettings(
  db: Executor,
  portalId: number,
  load: (db: Executor, portalId: number) => Promise<PortalSettings>,
  ttlMilliseconds = settingsCacheMilliseconds,
  clock: () => number = () => performance.now(),
): Promise<PortalSettings> {
  const entries = caches.get(db) ?? new Map<number, Entry>();
  caches.set(db, entries);
  const now = clock();
  const cached = entries.get(portalId);
  if (cached && cached.expiresAt > now && cached.generation === generation) return cached.settings;
  const settings = load(db, portalId);
  const entry: Entry = { settings, expiresAt: now + ttlMilliseconds, generation };
  entries.set(portalId, entry);
  settings.catch(() => {
    if (entries.get(portalId) === entry) entries.delete(portalId);
  });
  return settings;
}
