import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Env } from '../config/env';
import { limitSettingsFromEnv, limitsOf, sandboxLimits, type LimitSettings } from '../hubspot/limits/limit-settings';
import type { Logger } from '../config/logger';
import { openDatabase, type DatabaseHandle } from '../db/client';
import { DataDirInUseError } from '../db/data-dir-lock';
import { createHubSpotClient, type HubSpotConnection } from '../hubspot/client';
import type { FullSyncResult } from '../services/sync/full-sync';
import { recordCarriedOnDeals } from '../sandbox/demo/carried-on-deals';
import type { DealPlan } from '../sandbox/demo/deal-plan';
import { generateCarriedOnDemo } from '../sandbox/demo/generate-demo-portfolio';
import type { Fixture } from '../sandbox/fixture-schema';
import { loadFixtureFile } from '../sandbox/load-fixture';
import {
  readSavedState,
  restoreSavedState,
  saveStateOnChange,
  type SavedStateFile,
  type SavedStateOrigin,
  type StateSaver,
} from '../sandbox/saved-state';
import { createSandbox } from '../sandbox/server';
import type { SandboxStore } from '../sandbox/store';
import { syncPortal } from '../services/sync/portal-sync';
import { printSyncProgress } from './progress';
import { subscriptionsFromAppConfig } from './webhook-subscriptions';

/** For a command refused while a service holds DATA_DIR: what to do instead, given the service's URL when it serves one. */
export type WhileInUse = (serviceUrl: string | undefined) => string | undefined;

export async function openConfiguredDatabase(
  env: Env,
  logger?: Logger,
  whileInUse?: WhileInUse,
): Promise<DatabaseHandle> {
  if (!env.DATABASE_URL) {
    return openDatabase({ dataDir: env.DATA_DIR }).catch((error: unknown) => {
      if (!(error instanceof DataDirInUseError) || !whileInUse) throw error;
      throw new DataDirInUseError(error.directory, error.holder, whileInUse(error.holder.service?.url));
    });
  }
  const onIdleConnectionError = logger
    ? (error: Error) => logger.warn({ err: error }, 'an idle database connection failed; the pool replaces it')
    : undefined;
  return openDatabase({ databaseUrl: env.DATABASE_URL, onIdleConnectionError });
}

export interface HubSpotTarget {
  readonly connection: HubSpotConnection;
  readonly description: string;
  /** What the sandbox was loaded with; undefined for a real portal. */
  readonly fixture?: Fixture;
  readonly source?: SandboxSource;
  /** The sandbox only: post signed webhooks for its changes to the service, as HubSpot would. */
  deliverWebhooks?(targetUrl: string, clientSecret: string): void;
  close(): Promise<void>;
}

export type SandboxSource = { readonly kind: 'demo' } | { readonly kind: 'fixture'; readonly path: string };

const utcToday = () => new Date().toISOString().slice(0, 10);

/**
 * The demo as of `asOf` (today unless a saved sandbox keeps an earlier day), carried on day by day up to today (its
 * customers' usage, and the deals they closed since its day), so it is recent whenever the demo is started.
 */
export async function loadSandboxFixture(source: SandboxSource, asOf?: string, today = utcToday()): Promise<Fixture> {
  return (await loadSandboxSource(source, asOf, today)).fixture;
}

async function loadSandboxSource(
  source: SandboxSource,
  asOf: string | undefined,
  today: string,
): Promise<{ fixture: Fixture; carriedOnDeals: readonly DealPlan[] }> {
  return source.kind === 'demo'
    ? generateCarriedOnDemo({ asOf: asOf ?? today, usageUntil: today })
    : { fixture: await loadFixtureFile(source.path), carriedOnDeals: [] };
}

/** Starts the local HubSpot sandbox and returns how to reach it like a portal. */
export async function startSandboxTarget(
  source: SandboxSource,
  port: number,
  limits: LimitSettings,
  stateFile?: string,
  // One reading of the day: across midnight, a demo dated one day and carried on to the next would get the rest of
  // its own day's usage, hours ahead of the clock.
  today = utcToday(),
): Promise<HubSpotTarget> {
  const saved = stateFile === undefined ? undefined : await readSavedState(stateFile);
  const origin = originOf(source, saved, today);
  const { fixture, carriedOnDeals } = await loadSandboxSource(source, origin.demoAsOf ?? undefined, today);
  const sandbox = createSandbox({ fixture, rateLimit: sandboxLimits(limits) });
  // The deals closed since the demo's day that its saved records lack (all of them for records put back from before
  // this carrying on, or for the fixture's own records).
  const carryOnDeals = (dealsCarriedOnUntil: string | undefined) => {
    const from = dealsCarriedOnUntil ?? origin.demoAsOf ?? today;
    const recorded = recordCarriedOnDeals(sandbox.store, carriedOnDeals, from, today);
    if (recorded.created + recorded.closed > 0)
      process.stderr.write(
        `Sandbox: the demo carried on from ${from}: ${recorded.closed} open deals closed, ${recorded.created} deals added\n`,
      );
  };
  const saver =
    stateFile === undefined
      ? undefined
      : await keepSandboxState(
          sandbox.store,
          stateFile,
          { ...origin, dealsCarriedOnUntil: today },
          saved,
          carryOnDeals,
        );
  const running = await sandbox.start(port);
  return {
    connection: {
      accessToken: 'sandbox-token',
      baseUrl: running.url,
      requestsPer10Seconds: limitsOf(limits, sandboxLimits(limits).tier).burst.max,
    },
    description: `HubSpot sandbox (${source.kind === 'demo' ? `demo portfolio as of ${origin.demoAsOf ?? 'today'}` : source.path}) at ${running.url}`,
    fixture,
    source,
    deliverWebhooks: (targetUrl, clientSecret) => {
      sandbox.deliverWebhooks({ targetUrl, clientSecret, subscriptions: subscriptionsFromAppConfig() });
    },
    close: async () => {
      await running.close();
      await saver?.close();
    },
  };
}

/** The demo keeps the day of the run that saved it (generated up to today on a first run); a fixture has no day. */
function originOf(source: SandboxSource, saved: SavedStateFile | undefined, today: string): SavedStateOrigin {
  const sourceName = source.kind === 'demo' ? 'the demo portfolio' : source.path;
  if (source.kind !== 'demo') return { source: sourceName, demoAsOf: null };
  const savedDay = saved?.kind === 'saved' && saved.state.source === sourceName ? saved.state.demoAsOf : null;
  return { source: sourceName, demoAsOf: savedDay ?? today };
}

/**
 * The sandbox's records as the last run left them (the service's tasks, notes, deals and written values), saved
 * again as they change: without them a restart would find every playbook task gone and close its run.
 */
async function keepSandboxState(
  store: SandboxStore,
  file: string,
  origin: SavedStateOrigin,
  saved: SavedStateFile | undefined,
  carryOn: (dealsCarriedOnUntil: string | undefined) => void,
): Promise<StateSaver> {
  const restored =
    saved?.kind === 'saved'
      ? restoreSavedState(store, saved.state, origin)
      : saved?.kind === 'unreadable'
        ? saved
        : null;
  if (restored?.kind === 'restored') {
    const demoDay =
      origin.demoAsOf === null
        ? ''
        : `the demo as of ${origin.demoAsOf} with its usage and deals carried on to today (an empty DATA_DIR and database start one dated today), `;
    process.stderr.write(`Sandbox: ${demoDay}${restored.records} records as the last run left them\n`);
  }
  if (restored?.kind === 'unreadable')
    process.stderr.write(`Sandbox: ${file} not restored (${restored.why}); starting from the fixture\n`);
  carryOn(restored?.kind === 'restored' && saved?.kind === 'saved' ? saved.state.dealsCarriedOnUntil : undefined);
  await mkdir(dirname(file), { recursive: true });
  return saveStateOnChange(store, file, origin, (error) => {
    process.stderr.write(`Sandbox: could not save ${file}: ${String(error)}\n`);
  });
}

export function portalTarget(env: Env, accessToken: string): HubSpotTarget {
  return {
    connection: {
      accessToken,
      baseUrl: env.HUBSPOT_BASE_URL,
      requestsPer10Seconds: limitsOf(limitSettingsFromEnv(env)).burst.max,
    },
    description: env.HUBSPOT_BASE_URL ? `HubSpot API at ${env.HUBSPOT_BASE_URL}` : 'HubSpot (private app token)',
    close: () => Promise.resolve(),
  };
}

export async function syncTarget(
  database: DatabaseHandle,
  target: HubSpotTarget,
  logger: Logger,
): Promise<FullSyncResult & { portalId: number }> {
  const { portal, feedback, ...result } = await syncPortal({
    client: createHubSpotClient(target.connection),
    db: database.db,
    logger,
    onProgress: printSyncProgress,
  });
  process.stderr.write(
    feedback.status === 'synced'
      ? `  sync feedback   ${String(feedback.stored).padStart(7)} new NPS/CSAT answers of ${feedback.submissions} submissions\n`
      : `  sync feedback   not available in this portal (HTTP ${feedback.httpStatus})\n`,
  );
  return { ...result, portalId: portal.id };
}
