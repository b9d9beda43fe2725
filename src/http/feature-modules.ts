import type { Client } from '@hubspot/api-client';
import type { HubSpotConnection } from '../hubspot/client';
import type { JobQueue } from '../jobs/job-queue';
import type { HttpModule } from './http-module';
import { cardModule } from './routes/card-routes';
import { cohortModule } from './routes/cohort-routes';
import { customerSuccessModule } from './routes/customer-success-routes';
import { kpiModule } from './routes/kpi-routes';
import { managerExportModule } from './routes/manager-export-routes';
import { managerModule } from './routes/manager-routes';
import { oauthModule, type OAuthModuleOptions } from './routes/oauth-routes';
import { previewModule } from './routes/preview-routes';
import { settingsModule } from './routes/settings-routes';
import { riskModule } from './routes/risk-routes';
import { playbookModule } from './routes/playbook-routes';
import { digestModule } from './routes/digest-routes';
import type { SuggestedDealSettings } from '../domain/deals/suggested-deal-placement';
import type { IngestionSettingsInput } from '../domain/usage/ingestion-settings';
import { ingestionModule } from './routes/usage-module';
import { webhookModule } from './routes/webhook-routes';

export interface FeatureOptions {
  /** The sandbox's or the private app's portal; absent when portals arrive only through OAuth installs. */
  readonly hubspotConnection?: HubSpotConnection;
  /** The client acting for each portal (OAuth installs and the connection above). */
  readonly hubspotClientFor?: (portalId: number) => Promise<Client>;
  /** The app's client secret; without it the HubSpot card endpoint is not mounted (nothing could sign for it). */
  readonly clientSecret?: string;
  /** The URL HubSpot calls the service at (app.json `service.publicUrl`, or PUBLIC_URL). */
  readonly publicUrl?: string;
  /** The unsigned local preview: on for the sandbox, off for a real portal unless asked for. */
  readonly preview: boolean;
  /** The durable queue; HubSpot's webhooks are accepted only with it (and the client secret that signs them). */
  readonly jobs?: JobQueue;
  /** The OAuth install routes (/oauth/install, /oauth/callback), when HUBSPOT_CLIENT_ID is configured. */
  readonly oauth?: OAuthModuleOptions;
  /** Ingestion settings other than their defaults (from the environment). */
  readonly ingestion?: IngestionSettingsInput;
  /** Where the card's suggested deals go; unset: the first open stage of the default pipeline. */
  readonly suggestedDeal?: SuggestedDealSettings;
}

/** Every feature's routes in mounting order: the one place that decides what the service exposes. */
export function featureModules(options: FeatureOptions): HttpModule[] {
  const modules: HttpModule[] = [
    ingestionModule(options.ingestion, options.jobs),
    kpiModule(),
    cohortModule(),
    settingsModule({ jobs: options.jobs }),
    customerSuccessModule(),
    riskModule(),
    playbookModule(options.hubspotClientFor),
    digestModule(),
  ];
  if (options.oauth) modules.push(oauthModule(options.oauth));
  if (options.clientSecret) {
    modules.push(
      cardModule({
        clientSecret: options.clientSecret,
        publicUrl: options.publicUrl,
        ...(options.hubspotConnection ? { hubspotConnection: options.hubspotConnection } : {}),
        ...(options.hubspotClientFor ? { hubspotClientFor: options.hubspotClientFor } : {}),
        ...(options.suggestedDeal ? { suggestedDeal: options.suggestedDeal } : {}),
      }),
    );
    if (options.jobs)
      modules.push(
        webhookModule({ clientSecret: options.clientSecret, publicUrl: options.publicUrl, jobs: options.jobs }),
      );
  }
  modules.push(
    managerModule({ clientSecret: options.clientSecret, publicUrl: options.publicUrl, preview: options.preview }),
  );
  modules.push(managerExportModule());
  modules.push(
    previewModule({
      enabled: options.preview,
      hubspotConnection: options.hubspotConnection,
      ...(options.suggestedDeal ? { suggestedDeal: options.suggestedDeal } : {}),
    }),
  );
  return modules;
}
