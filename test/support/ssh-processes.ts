// The ssh processes this test started (directly or through a server it runs) and their TCP
// connections to an sshd port, read from /proc: every ssh handshake needs a TCP connection of
// its own, so counting them shows whether a console reused a master or signed in again.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { descendants } from './processes.js';

/** The `ssh` processes below this one, with their argv. */
export function sshDescendants(root = process.pid): { pid: number; argv: string[] }[] {
  return descendants(root)
    .filter((p) => p.comm === 'ssh')
    .flatMap((p) => {
      try {
        return [{ pid: p.pid, argv: readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').split('\0').filter(Boolean) }];
      } catch {
        return [];
      }
    });
}

/** Established TCP connections to 127.0.0.1:port held by processes below this one, as "pid:localport", sorted. */
export function connectionsTo(port: number, root = process.pid): string[] {
  const byInode = new Map<string, string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      const [, localAddr, remAddr, st] = f;
      if (st !== '01' || Number.parseInt(remAddr!.split(':')[1]!, 16) !== port) continue;
      byInode.set(f[9]!, String(Number.parseInt(localAddr!.split(':')[1]!, 16)));
    }
  }
  const held: string[] = [];
  for (const p of descendants(root)) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${p.pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${p.pid}/fd/${fd}`));
        const local = m ? byInode.get(m[1]!) : undefined;
        if (local) held.push(`${p.pid}:${local}`);
      } catch {
        // closed while we looked
      }
    }
  }
  return [...new Set(held)].sort();
}
