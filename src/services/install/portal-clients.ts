import type { Client } from '@hubspot/api-client';
import type { Database } from '../../db/client';
import {
  createHubSpotClient,
  hubSpotClientConfig,
  type HubSpotClientConfig,
  type HubSpotConnection,
} from '../../hubspot/client';
import { BudgetedClient } from '../../hubspot/limits/budgeted-client';
import {
  detectLimits,
  oauthAppLimits,
  type LimitSettings,
  type UsageSource,
} from '../../hubspot/limits/limit-settings';
import { portalBudget } from '../rate-limits/hubspot-call-budgets';
import { NotInstalledError } from './install-errors';
import type { TokenProvider } from './token-provider';

type RequestOptions = Parameters<Client['apiRequest']>[0];

/**
 * The official client for one OAuth portal. Its generated APIs hold the token they were built with, so before
 * handing out `crm` it swaps in the provider's newest token (`setAccessToken` rebuilds them) and starts a refresh
 * when one is due: a client kept for a long job outlives any one token.
 */
class PortalTokenClient extends BudgetedClient {
  constructor(
    config: HubSpotClientConfig,
    private readonly portalId: number,
    private readonly tokens: TokenProvider,
    budget: HubSpotConnection['budget'],
  ) {
    super(config, budget);
  }

  override get crm() {
    this.useLatestToken();
    return super.crm;
  }

  override async apiRequest(options: RequestOptions = {}) {
    this.config.accessToken = await this.tokens.accessTokenFor(this.portalId);
    return super.apiRequest(options);
  }

  private useLatestToken(): void {
    const state = this.tokens.peek(this.portalId);
    if (state.kind === 'reinstall') throw state.error;
    if (state.kind === 'fresh') {
      if (state.accessToken !== this.config.accessToken) this.setAccessToken(state.accessToken);
      return;
    }
    // The current token still has the refresh margin to live: use it while the refresh runs.
    this.tokens.accessTokenFor(this.portalId).catch(() => undefined);
  }
}

export interface PortalClientsOptions {
  /** OAuth installations; without it every portal uses `fallback`. */
  readonly tokens?: TokenProvider;
  /** The private-app token or the sandbox, for the one portal it belongs to when that portal has no OAuth installation. */
  readonly fallback?: { readonly portalId: number; readonly connection: HubSpotConnection };
  /** HubSpot's API (default) or the sandbox, for OAuth portals. */
  readonly baseUrl?: string;
  /** The pace of the private-app token or sandbox client: its tier's burst. */
  readonly requestsPer10Seconds: number;
  /** Every process on this database draws on one budget per portal and HubSpot limit (`hubspot_call_budgets`). */
  readonly shared?: {
    readonly db: Database;
    readonly limits: LimitSettings;
    readonly sharedBy: 'process' | 'database';
  };
}

export interface PortalClients {
  /** The official client for a portal: its OAuth installation, else the private-app token or sandbox. */
  hubspotClientFor(portalId: number): Promise<Client>;
}

/** One client per portal, so its limiter paces every call to that portal (HubSpot's limit is per portal). */
export function createPortalClients(options: PortalClientsOptions): PortalClients {
  const clients = new Map<number, Client>();
  let fallbackClient: Client | undefined;
  const settings = (): LimitSettings => options.shared?.limits ?? { tier: 'starter', capacityPacks: 0 };
  // An OAuth installation's limits are the app's, not the account's tier: nothing to read from the portal.
  const budgetOf = (portalId: number, source: UsageSource | 'oauth'): HubSpotConnection['budget'] =>
    options.shared
      ? portalBudget(
          options.shared.db,
          portalId,
          () => (source === 'oauth' ? Promise.resolve(oauthAppLimits(settings())) : detectLimits(source, settings())),
          { sharedBy: options.shared.sharedBy },
        )
      : undefined;

  return {
    async hubspotClientFor(portalId) {
      if (options.tokens) {
        try {
          const tokens = options.tokens;
          // Asked every time (a memory hit while the token is fresh), so an uninstalled portal fails here, not mid-job.
          const accessToken = await tokens.accessTokenFor(portalId);
          const existing = clients.get(portalId);
          if (existing) return existing;
          const config = hubSpotClientConfig({
            accessToken,
            baseUrl: options.baseUrl,
            requestsPer10Seconds: oauthAppLimits(settings()).burst.max,
          });
          const budget = budgetOf(portalId, 'oauth');
          const client = new PortalTokenClient(config, portalId, tokens, budget);
          clients.set(portalId, client);
          return client;
        } catch (error) {
          if (!(error instanceof NotInstalledError) || options.fallback?.portalId !== portalId) throw error;
        }
      }
      // A private-app token reaches its own portal only: another portal id must not borrow it.
      if (options.fallback?.portalId !== portalId) throw new NotInstalledError(portalId);
      const connection = options.fallback.connection;
      fallbackClient ??= createHubSpotClient({
        ...connection,
        budget:
          connection.budget ??
          budgetOf(portalId, { baseUrl: connection.baseUrl, accessToken: () => connection.accessToken }),
      });
      return fallbackClient;
    },
  };
}
