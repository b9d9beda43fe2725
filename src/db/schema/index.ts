export * from './foundation';
export * from './usage';
