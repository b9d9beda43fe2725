import { hubspot } from '@hubspot/ui-extensions';
import { ManagerPages } from './components/manager-pages';
import { portfolioDataUrl } from './shared/service-endpoints';

hubspot.extend<'pages'>(() => <ManagerPages fetchFromService={hubspot.fetch} dataUrl={portfolioDataUrl} />);
