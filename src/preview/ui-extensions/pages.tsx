import {
  Children,
  createContext,
  isValidElement,
  useContext,
  useMemo,
  type ComponentType,
  type ReactElement,
  type ReactNode,
} from 'react';
import type {
  IndexRouteProps,
  MatchedPageRoute,
  PageBreadcrumbsCurrentProps,
  PageBreadcrumbsPageLinkProps,
  PageBreadcrumbsProps,
  PageLinkProps,
  PageRoutesProps,
  PageTitleProps,
  RouteProps,
} from '@hubspot/ui-extensions/pages';
import { testIdAttribute } from './class-names';

// The preview's stand-in for `@hubspot/ui-extensions/pages`: the same routes as in HubSpot, matched against
// the browser's path below the preview's base (`/manager`); links are plain links to those paths.

let basePath = '';

/** Where the app's pages live in the preview: `/manager` makes `/manager/portfolio/tier` the route `/portfolio/tier`. */
export function setPagesBasePath(path: string): void {
  basePath = path.replace(/\/$/, '');
}

function pageHref(to: string, params: Record<string, string> | undefined): string {
  const query = params === undefined ? '' : new URLSearchParams(params).toString();
  return `${basePath}${to === '/' ? '' : to}${query === '' ? '' : `?${query}`}` || '/';
}

interface RouteEntry {
  readonly segments: readonly string[] | null; // null: any path
  readonly component: ComponentType;
  readonly id: string | undefined;
  readonly layouts: readonly ComponentType<{ children: ReactNode }>[];
}

export function PageRoutes(_props: PageRoutesProps): null {
  return null;
}
PageRoutes.IndexRoute = function IndexRoute(_props: IndexRouteProps): null {
  return null;
};
PageRoutes.Route = function Route(_props: RouteProps): null {
  return null;
};
PageRoutes.AnyRoute = function AnyRoute(_props: IndexRouteProps): null {
  return null;
};

const splitPath = (path: string) => path.split('/').filter((segment) => segment !== '');

function collectRoutes(
  element: ReactElement<PageRoutesProps>,
  prefix: string,
  layouts: RouteEntry['layouts'],
  into: RouteEntry[],
): void {
  const path = prefix + (element.props.path ?? '');
  const nestedLayouts = element.props.layoutComponent ? [...layouts, element.props.layoutComponent] : layouts;
  Children.forEach(element.props.children, (child) => {
    if (!isValidElement<RouteProps & PageRoutesProps>(child)) return;
    if (child.type === PageRoutes) collectRoutes(child, path, nestedLayouts, into);
    else if (child.type === PageRoutes.IndexRoute)
      into.push({
        segments: splitPath(path),
        component: child.props.component,
        id: child.props.id,
        layouts: nestedLayouts,
      });
    else if (child.type === PageRoutes.Route)
      into.push({
        segments: splitPath(path + child.props.path),
        component: child.props.component,
        id: child.props.id,
        layouts: nestedLayouts,
      });
    else if (child.type === PageRoutes.AnyRoute)
      into.push({ segments: null, component: child.props.component, id: child.props.id, layouts: nestedLayouts });
  });
}

function match(route: RouteEntry, segments: readonly string[]): Record<string, string> | null {
  if (route.segments === null) return {};
  if (route.segments.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (const [index, pattern] of route.segments.entries()) {
    const segment = segments[index] ?? '';
    if (pattern.startsWith(':')) params[pattern.slice(1)] = decodeURIComponent(segment);
    else if (pattern !== segment) return null;
  }
  return params;
}

const PageRouteContext = createContext<MatchedPageRoute>({ path: '/', params: {} });

export function usePageRoute(): MatchedPageRoute {
  return useContext(PageRouteContext);
}

export function createPageRouter(routes: ReactElement<PageRoutesProps>): ComponentType {
  const entries: RouteEntry[] = [];
  collectRoutes(routes, '', [], entries);
  // Exact routes before the catch-all, whatever order they were written in.
  entries.sort((left, right) => Number(left.segments === null) - Number(right.segments === null));
  return function PageRouter() {
    const path = window.location.pathname.slice(basePath.length) || '/';
    const query = window.location.search;
    const found = useMemo(() => {
      for (const route of entries) {
        const params = match(route, splitPath(path));
        if (params !== null) return { route, params: { ...params, ...Object.fromEntries(new URLSearchParams(query)) } };
      }
      return null;
    }, [path, query]);
    if (found === null) return <p className="muted">This app page does not exist.</p>;
    const Component = found.route.component;
    const page = found.route.layouts.reduceRight<ReactNode>((inner, Layout) => <Layout>{inner}</Layout>, <Component />);
    return (
      <PageRouteContext.Provider value={{ routeId: found.route.id, path, params: found.params }}>
        {page}
      </PageRouteContext.Provider>
    );
  };
}

export function PageLink({ to, params, children, testId }: PageLinkProps) {
  return (
    <a className="hs-link" href={pageHref(to, params)} {...testIdAttribute(testId)}>
      {children}
    </a>
  );
}

export function PageTitle({ children, testId }: PageTitleProps) {
  return (
    <h2 className="hs-page-title" {...testIdAttribute(testId)}>
      {children}
    </h2>
  );
}

export function PageBreadcrumbs({ children, testId }: PageBreadcrumbsProps) {
  return (
    <nav className="hs-breadcrumbs" aria-label="Breadcrumbs" {...testIdAttribute(testId)}>
      {children}
    </nav>
  );
}
PageBreadcrumbs.PageLink = function BreadcrumbLink({ to, params, children }: PageBreadcrumbsPageLinkProps) {
  return <a href={pageHref(to, params)}>{children}</a>;
};
PageBreadcrumbs.Current = function BreadcrumbCurrent({ children }: PageBreadcrumbsCurrentProps) {
  return <span aria-current="page"> › {children}</span>;
};
