import { useEffect, useState } from 'react';

export const ROUTES = ['org', 'offboarding', 'retention', 'requests', 'audit', 'settings'] as const;
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
