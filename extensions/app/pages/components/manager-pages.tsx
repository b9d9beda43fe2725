import { createContext, useContext } from 'react';
import { EmptyState, Text } from '@hubspot/ui-extensions';
import {
  PageBreadcrumbs,
  PageLink,
  PageRoutes,
  PageTitle,
  createPageRouter,
  usePageRoute,
} from '@hubspot/ui-extensions/pages';
import { managerCutSchema } from '../shared/manager-payload';
import type { ManagerFetch } from './manager-api';
import { ManagerHome } from './manager-home';
import { PlaybooksPage } from './playbooks-page';
import { RenewalsPage } from './renewals-page';

export interface ManagerServices {
  readonly fetchFromService: ManagerFetch;
  /** The portfolio data URL (generated from app.json's `pages.dataPath`). */
  readonly dataUrl: string;
}

// Route components take no props (createPageRouter renders them), so the fetch reaches them through context.
const ManagerServicesContext = createContext<ManagerServices | null>(null);

function useManagerServices(): ManagerServices {
  const services = useContext(ManagerServicesContext);
  if (services === null) throw new Error('ManagerPages must wrap the app pages');
  return services;
}

/** The paths of the app's pages, for deep links: `/portfolio/tier` opens the portfolio cut by tier. */
export const managerPagePaths = {
  portfolio: '/',
  portfolioByCut: '/portfolio/:cut',
  renewals: '/renewals',
  playbooks: '/playbooks',
} as const;

function PortfolioPage() {
  const services = useManagerServices();
  const cut = managerCutSchema.safeParse(usePageRoute().params.cut);
  return (
    <>
      <PageTitle>Portfolio</PageTitle>
      <PageLink to={managerPagePaths.renewals}>Renewals and forecast</PageLink>
      <PageLink to={managerPagePaths.playbooks}>Playbooks and their outcomes</PageLink>
      <ManagerHome
        fetchFromService={services.fetchFromService}
        dataUrl={services.dataUrl}
        initialCut={cut.success ? cut.data : undefined}
      />
    </>
  );
}

function RenewalsRoute() {
  const services = useManagerServices();
  return (
    <>
      <PageBreadcrumbs>
        <PageBreadcrumbs.PageLink to={managerPagePaths.portfolio}>Portfolio</PageBreadcrumbs.PageLink>
        <PageBreadcrumbs.Current>Renewals</PageBreadcrumbs.Current>
      </PageBreadcrumbs>
      <PageTitle>Renewals</PageTitle>
      <RenewalsPage fetchFromService={services.fetchFromService} dataUrl={services.dataUrl} />
    </>
  );
}

function PlaybooksRoute() {
  const services = useManagerServices();
  return (
    <>
      <PageBreadcrumbs>
        <PageBreadcrumbs.PageLink to={managerPagePaths.portfolio}>Portfolio</PageBreadcrumbs.PageLink>
        <PageBreadcrumbs.Current>Playbooks</PageBreadcrumbs.Current>
      </PageBreadcrumbs>
      <PageTitle>Playbooks</PageTitle>
      <PlaybooksPage fetchFromService={services.fetchFromService} dataUrl={services.dataUrl} />
    </>
  );
}

function NotFoundPage() {
  return (
    <>
      <PageBreadcrumbs>
        <PageBreadcrumbs.PageLink to={managerPagePaths.portfolio}>Portfolio</PageBreadcrumbs.PageLink>
        <PageBreadcrumbs.Current>Page not found</PageBreadcrumbs.Current>
      </PageBreadcrumbs>
      <EmptyState title="This page does not exist" layout="vertical" testId="manager-not-found">
        <Text>The link may be from an older version of the app.</Text>
        <PageLink to={managerPagePaths.portfolio}>Open the portfolio</PageLink>
      </EmptyState>
    </>
  );
}

const ManagerPageRouter = createPageRouter(
  <PageRoutes>
    <PageRoutes.IndexRoute id="portfolio" component={PortfolioPage} />
    <PageRoutes.Route id="portfolio-by-cut" path={managerPagePaths.portfolioByCut} component={PortfolioPage} />
    <PageRoutes.Route id="renewals" path={managerPagePaths.renewals} component={RenewalsRoute} />
    <PageRoutes.Route id="playbooks" path={managerPagePaths.playbooks} component={PlaybooksRoute} />
    <PageRoutes.AnyRoute id="not-found" component={NotFoundPage} />
  </PageRoutes>,
);

/** The app's pages in HubSpot (and under `/manager` in the local preview): the portfolio now, more pages later. */
export function ManagerPages({ fetchFromService, dataUrl }: ManagerServices) {
  return (
    <ManagerServicesContext.Provider value={{ fetchFromService, dataUrl }}>
      <ManagerPageRouter />
    </ManagerServicesContext.Provider>
  );
}
