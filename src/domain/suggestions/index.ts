export * from './cross-sell';
export * from './owned-plan';
export * from './plan-upgrade';
export * from './seat-expansion';
export * from './suggest';
export * from './suggestion';
export * from './suggestion-inputs';
export * from './suggestion-settings';
