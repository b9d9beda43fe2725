export { pushCompanyWriteBack, type WriteBackDependencies, type WriteBackResult } from './company-writeback';
export { ensureCustomerSuccessProperties, type EnsurePropertiesResult } from '../../hubspot/properties/ensure-properties';
