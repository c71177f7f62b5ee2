// Where the main window is (which host, which view, which VM's details and tab) lives in the
// URL (see router/); this slice mirrors it into the store for the components that read it, and
// the actions below move by navigating, so Back/Forward and reload keep the place.
import type { ConnectionId } from '../../../electron/common/api/connections.js';
import type { DomainRef } from '../../../electron/common/api/domains.js';
import { currentPlace, navigate } from '../router/history.js';
import type { Place } from '../router/routes.js';

/** The right-hand pane: the selected host's VM list, overview, Performance page, networks or storage, or the Top view. */
export type MainView = 'list' | 'overview' | 'performance' | 'networks' | 'storage' | 'top';

export interface PlaceState {
  selectedConnection: ConnectionId | null;
  view: MainView;
  /** The VM whose details are open (over the view), if any, and the tab shown. */
  details: DomainRef | null;
  detailsTab: string;
}

export const DEFAULT_DETAILS_TAB = 'overview';

export const initialPlace: PlaceState = { selectedConnection: null, view: 'list', details: null, detailsTab: DEFAULT_DETAILS_TAB };

const HOST_VIEWS = {
  host: 'list',
  hostOverview: 'overview',
  hostPerformance: 'performance',
  hostNetworks: 'networks',
  hostStorage: 'storage',
} as const satisfies Partial<Record<Place['name'], MainView>>;
/** Each host view's route (the inverse of HOST_VIEWS). */
const VIEW_ROUTES = {
  list: 'host',
  overview: 'hostOverview',
  performance: 'hostPerformance',
  networks: 'hostNetworks',
  storage: 'hostStorage',
} as const satisfies Record<Exclude<MainView, 'top'>, keyof typeof HOST_VIEWS>;

/** The store's side of a place; the rest of the state stays as it is. */
export function placeState(place: Place, s: PlaceState): Partial<PlaceState> {
  switch (place.name) {
    case 'host':
    case 'hostOverview':
    case 'hostPerformance':
    case 'hostNetworks':
    case 'hostStorage':
      return { selectedConnection: place.host, view: HOST_VIEWS[place.name], details: null };
    case 'top':
      return { view: 'top', details: null };
    case 'vm': {
      const same = s.details && s.details.connection === place.host && s.details.uuid === place.uuid;
      return {
        selectedConnection: place.host,
        view: s.view === 'top' ? 'top' : s.view,
        details: same ? s.details : { connection: place.host, uuid: place.uuid },
        detailsTab: place.tab,
      };
    }
    default:
      return {};
  }
}

/** The place that shows a view of a host (the Top view has none). */
export function viewPlace(view: MainView, host: ConnectionId | null): Place {
  if (view === 'top') return { name: 'top' };
  if (!host) return { name: 'home' };
  return { name: VIEW_ROUTES[view], host };
}

/** Where a VM's details' Back goes: the place the details were opened from, else the host's list. */
let openedFrom: Place | null = null;

export function goToDetails(ref: DomainRef, tab: string): void {
  const here = currentPlace();
  if (here.name !== 'vm') openedFrom = here;
  navigate({ name: 'vm', host: ref.connection, uuid: ref.uuid, tab });
}

export function leaveDetails(s: PlaceState): void {
  const back = openedFrom ?? viewPlace(s.view, s.details?.connection ?? s.selectedConnection);
  openedFrom = null;
  navigate(back.name === 'vm' ? viewPlace('list', back.host) : back);
}
