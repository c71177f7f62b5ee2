// Which display (VNC or SPICE) the user chose for each VM where it has both: kept for the
// page's session, so reopening that VM's console shows the same one.
import type { ConsoleType } from '../../../../electron/common/api/consoles.js';
import type { DomainRef } from '../../../../electron/common/api/domains.js';

const chosen = new Map<string, ConsoleType>();
const key = (ref: DomainRef) => `${ref.connection}\n${ref.uuid}`;

export function chosenDisplay(ref: DomainRef): ConsoleType | undefined {
  return chosen.get(key(ref));
}

export function chooseDisplay(ref: DomainRef, type: ConsoleType | undefined): void {
  if (type) chosen.set(key(ref), type);
  else chosen.delete(key(ref));
}
