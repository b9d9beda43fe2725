export { createSandbox, type Sandbox, type SandboxOptions, type RunningSandbox } from './server';
export { loadFixtureFile, loadFixture, FixtureError } from './load-fixture';
export type { CallCounts } from './call-counter';
export type { FaultSpec } from './fault-injection';
export type { StoreChange } from './store-events';
export { SandboxStore } from './store';
export { createOAuthSandbox, type OAuthSandbox, type OAuthSandboxOptions } from './oauth-sandbox';
