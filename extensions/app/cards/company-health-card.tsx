import { hubspot } from '@hubspot/ui-extensions';
import { CompanyHealthCard } from './components/company-health-card';

hubspot.extend<'crm.record.tab'>(({ context, actions }) => <CompanyHealthCard context={context} actions={actions} />);
