// The app's places as typed routes, written in the URL's hash (`#/host/ID/vm/UUID/performance`).
// The hash, not history paths: it survives a reload under app://virtdeck and under browser
// mode's server alike, neither of which has to know the routes. Pure: no DOM, unit-tested.
//
// Why not a router library: the app needs eight fixed patterns, typed params and the hash;
// wouter (the smallest well-kept one) would bring path matching we don't use and still leave
// the typed table and the store binding to us.

/** Each route's pattern; `:name` is a parameter (one path segment, URI-encoded). */
export const ROUTES = {
  host: 'host/:host',
  hostOverview: 'host/:host/overview',
  hostPerformance: 'host/:host/performance',
  hostNetworks: 'host/:host/networks',
  hostStorage: 'host/:host/storage',
  vm: 'host/:host/vm/:uuid/:tab',
  top: 'top',
  /** A detached console window (the desktop app's main process admits exactly this shape). */
  console: 'console/:host/:uuid',
} as const;

export type RouteName = keyof typeof ROUTES;
type ParamsOf<P extends string> = P extends `${infer Head}/${infer Rest}` ? ParamsOf<Head> | ParamsOf<Rest> : P extends `:${infer Name}` ? Name : never;
export type Route = { [N in RouteName]: { name: N } & { [K in ParamsOf<(typeof ROUTES)[N]>]: string } }[RouteName];
export type RouteOf<N extends RouteName> = Extract<Route, { name: N }>;
/** Where the app starts when the hash names no place. */
export const HOME = { name: 'home' } as const;
export type Place = Route | typeof HOME;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TAB = /^[a-z][a-z0-9-]{0,31}$/;

/** Checks a parameter beyond its shape in the pattern: VM UUIDs and tab names. */
function valid(name: string, value: string): boolean {
  if (name === 'uuid') return UUID.test(value);
  if (name === 'tab') return TAB.test(value);
  return value !== '';
}

const compiled = (Object.entries(ROUTES) as [RouteName, string][]).map(([name, pattern]) => ({ name, parts: pattern.split('/') }));

/** The place a hash names (`#/top`, `#/host/ID`), HOME for an empty or unknown one. */
export function parseHash(hash: string): Place {
  const path = hash.replace(/^#\/?/, '').replace(/\/$/, '');
  if (path === '') return HOME;
  const segments = path.split('/');
  for (const { name, parts } of compiled) {
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const part = parts[i]!;
      let seg: string;
      try {
        seg = decodeURIComponent(segments[i]!);
      } catch {
        ok = false;
        break;
      }
      if (part.startsWith(':')) {
        const key = part.slice(1);
        ok = valid(key, seg);
        params[key] = key === 'uuid' ? seg.toLowerCase() : seg;
      } else ok = part === seg;
    }
    if (ok) return { name, ...params } as Route;
  }
  return HOME;
}

/** The hash for a place (`#/host/ID/vm/UUID/overview`); parameters are URI-encoded. */
export function formatHash(place: Place): string {
  if (place.name === 'home') return '#/';
  const values = place as unknown as Record<string, string>;
  return `#/${ROUTES[place.name]
    .split('/')
    .map((p) => (p.startsWith(':') ? encodeURIComponent(values[p.slice(1)] ?? '') : p))
    .join('/')}`;
}

export function samePlace(a: Place, b: Place): boolean {
  return formatHash(a) === formatHash(b);
}
