// A hash router in 40 lines: '#/details/0-3' -> the details screen with
// { id: '0-3' }. location.hash and the hashchange event work the same in
// browsers and under `reel run` (history in memory), so Back (history.back())
// and reloads behave as users expect.
import type { Screen } from './ui';

export type Params = Record<string, string>;
export type Route = { path: string; screen: (params: Params) => Screen };

export function navigate(path: string): void {
  location.hash = '#' + path;
}

export function back(): void {
  history.back();
}

/** The current path ('/' when the hash is empty). */
export function currentPath(): string {
  return location.hash.replace(/^#/, '') || '/';
}

/** Params when `pattern` ('/details/:id') matches `path`, else null. */
export function match(pattern: string, path: string): Params | null {
  const a = pattern.split('/');
  const b = path.split('/');
  if (a.length !== b.length) return null;
  const params: Params = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i].startsWith(':')) params[a[i].slice(1)] = decodeURIComponent(b[i]);
    else if (a[i] !== b[i]) return null;
  }
  return params;
}

/** Calls show(route, params) now and on every hash change. */
export function startRouter(routes: Route[], show: (route: Route, params: Params) => void): void {
  const render = () => {
    const path = currentPath();
    for (const route of routes) {
      const params = match(route.path, path);
      if (params) return show(route, params);
    }
    navigate('/'); // unknown path: home
  };
  window.addEventListener('hashchange', render);
  render();
}
