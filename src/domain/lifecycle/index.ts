export * from './lifecycle-settings';
export * from './onboarding';
export * from './stage';
export * from './time-to-value';
export * from './touch-model';
