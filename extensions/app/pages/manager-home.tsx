import { hubspot } from '@hubspot/ui-extensions';
import { ManagerHome } from './components/manager-home';
import { homeDataUrl } from './shared/service-endpoints';

hubspot.extend<'home'>(() => <ManagerHome fetchFromService={hubspot.fetch} dataUrl={homeDataUrl} />);
