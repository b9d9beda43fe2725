export * from './catalog-queries';
export * from './catalog-settings';
export * from './pricing';
