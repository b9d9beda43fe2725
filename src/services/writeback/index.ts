export { pushCompanyWriteBack, type WriteBackDependencies, type WriteBackResult } from './company-writeback';
export { ensureCustomerSuccessProperties, type EnsurePropertiesResult } from '../../hubspot/writeback/ensure-properties';
