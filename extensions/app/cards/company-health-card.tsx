import { hubspot } from '@hubspot/ui-extensions';
import { CompanyHealthCard } from './components/company-health-card';
import { cardDataUrls } from './shared/service-endpoints';

hubspot.extend<'crm.record.tab'>(({ context, actions }) => (
  <CompanyHealthCard
    companyId={String(context.crm.objectId)}
    fetchFromService={hubspot.fetch}
    dataUrl={cardDataUrls.company_health_card}
    refreshObjectProperties={actions.refreshObjectProperties}
  />
));
