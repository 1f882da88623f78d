import { useEffect, useState } from 'react';

export const ROUTES = ['org', 'roles', 'customers', 'approvals', 'offboarding', 'retention', 'requests', 'incidents', 'audit', 'sync-issues', 'settings'] as const;
export type Route = (typeof ROUTES)[number];
export const DEFAULT_ROUTE: Route = 'org';

function parse(hash: string): Route {
  const path = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (ROUTES as readonly string[]).includes(path) ? (path as Route) : DEFAULT_ROUTE;
}

/** A tiny hash router: `#/org`, `#/settings`… (hash routing works from file:// in Electron). */
export function useHashRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(() => parse(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parse(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = (next: Route) => {
    if (parse(window.location.hash) !== next || !window.location.hash) window.location.hash = `#/${next}`;
    setRoute(next);
  };
  return [route, navigate];
}

/** The href of a route, for plain links (`<a href={routeHref('sync-issues')}>`). */
export function routeHref(route: Route): string {
  return `#/${route}`;
}
