import type { Express } from 'express';
import type { Logger } from '../config/logger';
import type { Database } from '../db/client';
import type { PortalResolver } from './portal-resolver';

export interface ModuleContext {
  readonly db: Database;
  readonly logger: Logger;
  readonly portals: PortalResolver;
}

/** A feature's routes; `createApp` mounts each module between the common middleware and the error handlers. */
export type HttpModule = (app: Express, context: ModuleContext) => void;
