// What the New VM tests share: cleaning up the VMs they made with their disks and seeds (named
// after the VM), and an install tree of their own served over HTTP, laid out as Debian's, whose
// kernel and initrd are the tiny guest's.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type * as libvirt from 'virtdeck/native';
import { purgeDomain } from '../integration/native/support.js';
import { tinyGuest } from './tiny-guest.js';

/** Removes the named VMs and the volumes of the default pool named after them. */
export async function purgeCreated(conn: libvirt.Connection, names: readonly string[]): Promise<void> {
  for (const n of names) await purgeDomain(conn, n);
  const pool = await conn.storagePoolLookupByName('default');
  await pool.refresh();
  for (const v of await pool.listAllVolumes()) {
    const vol = await v.name();
    if (names.some((n) => vol.startsWith(`${n}.`) || vol.startsWith(`${n}-`))) await v.delete().catch(() => undefined);
  }
}

export interface InstallTree {
  /** http://127.0.0.1:PORT; the tree is under /debian/. */
  base: string;
  /** Every path asked for, in order. */
  requests: string[];
  close(): void;
}

export async function serveInstallTree(): Promise<InstallTree> {
  const guest = await tinyGuest();
  const files: Record<string, Buffer> = { '/debian/install.amd/vmlinuz': await readFile(guest.kernel), '/debian/install.amd/initrd.gz': await readFile(guest.initrd) };
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body = files[req.url ?? ''];
    res.writeHead(body ? 200 : 404, body ? { 'content-length': body.length } : {}).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close: () => server.close() };
}
