// The Host headers (and so the origins) browser mode answers to. A specific address is its own
// one; a wildcard (0.0.0.0, ::) stands for every address of this machine and its name, so a
// browser elsewhere can use any of them, while any other name (DNS rebinding) is still refused.
import { hostname, networkInterfaces } from 'node:os';

const bracket = (a: string) => (a.includes(':') ? `[${a}]` : a);

function machineAddresses(ipv6: boolean): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.family === 'IPv4' || (ipv6 && a.family === 'IPv6' && !a.address.startsWith('fe80:'))) out.push(a.address);
    }
  }
  return out;
}

export interface ServedHosts {
  /** Every `host:port` a request may name. */
  admitted: Set<string>;
  /** The host:port to print in the sign-in URL: one a browser can reach. */
  primary: string;
}

export function servedHosts(listen: string, boundAddress: string, port: number): ServedHosts {
  const wildcard = listen === '0.0.0.0' || listen === '::';
  if (!wildcard) {
    const primary = `${bracket(boundAddress)}:${port}`;
    const admitted = new Set([primary]);
    if (listen === 'localhost') admitted.add(`localhost:${port}`);
    return { admitted, primary };
  }
  const addresses = machineAddresses(listen === '::');
  const names = [hostname(), ...addresses].filter((n) => n !== '');
  const admitted = new Set(names.map((n) => `${bracket(n)}:${port}`));
  // A browser elsewhere needs an address of this machine that is not loopback.
  const outward = addresses.find((a) => !a.startsWith('127.') && a !== '::1' && !a.includes(':')) ?? addresses.find((a) => !a.startsWith('127.') && a !== '::1') ?? '127.0.0.1';
  admitted.add(`${bracket(outward)}:${port}`);
  return { admitted, primary: `${bracket(outward)}:${port}` };
}
