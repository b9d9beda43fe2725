export * from './foundation';
export * from './usage';
export * from './customer-success';
export * from './card-actions';
export * from './ingestion';
