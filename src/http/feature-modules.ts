import type { HubSpotConnection } from '../hubspot/client';
import type { HttpModule } from './http-module';
import { cardModule } from './routes/card-routes';
import { customerSuccessModule } from './routes/customer-success-routes';
import { kpiModule } from './routes/kpi-routes';
import { previewModule } from './routes/preview-routes';
import { ingestionModule } from './routes/usage-module';

export interface FeatureOptions {
  readonly hubspotConnection: HubSpotConnection;
  /** The app's client secret; without it the HubSpot card endpoint is not mounted (nothing could sign for it). */
  readonly clientSecret?: string;
  /** The URL HubSpot calls the service at (app.json `service.publicUrl`, or PUBLIC_URL). */
  readonly publicUrl?: string;
  /** The unsigned local preview: on for the sandbox, off for a real portal unless asked for. */
  readonly preview: boolean;
}

/** Every feature's routes in mounting order: the one place that decides what the service exposes. */
export function featureModules(options: FeatureOptions): HttpModule[] {
  const modules: HttpModule[] = [ingestionModule(), kpiModule(), customerSuccessModule()];
  if (options.clientSecret) {
    modules.push(cardModule({ clientSecret: options.clientSecret, publicUrl: options.publicUrl, hubspotConnection: options.hubspotConnection }));
  }
  modules.push(previewModule({ enabled: options.preview, hubspotConnection: options.hubspotConnection }));
  return modules;
}
