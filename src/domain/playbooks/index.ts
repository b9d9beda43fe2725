export * from './company-signals';
export * from './default-playbooks';
export * from './evaluate-trigger';
export * from './holdout';
export * from './outcome-statistics';
export * from './playbook-schema';
export * from './step-template';
