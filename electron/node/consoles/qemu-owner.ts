// A local display is bridged only when the VM's own QEMU process serves it: the TCP port or
// unix socket the VM's XML names must be a listening socket among that process's open files.
// libvirt knows the pid (its pid file beside the domain's state); /proc says which sockets the
// process holds (socket inodes in /proc/PID/fd) and where they listen (/proc/PID/net/tcp{,6}
// and /proc/PID/net/unix). Anything else on the machine (sshd, libvirtd's own sockets, another
// address) is refused in words.
import { readdir, readFile, readlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ApiError } from '../../common/api/errors.js';
import { msg } from '../../common/messages/messages.js';
import type { GraphicsTarget } from './graphics-target.js';

/** Where libvirt's QEMU driver keeps a running domain's pid file, system first. */
function pidFiles(name: string): string[] {
  const session = join(process.env.XDG_RUNTIME_DIR ?? join(homedir(), '.cache'), 'libvirt', 'qemu', 'run');
  return ['/run/libvirt/qemu', '/var/run/libvirt/qemu', session].map((d) => join(d, `${name}.pid`));
}

function refuse(detail: string): never {
  throw new ApiError('invalid-input', msg('console.notServedByQemu', { detail }));
}

/** The pid of the QEMU process running the domain `name`, or null when libvirt recorded none here. */
export async function qemuPid(name: string): Promise<number | null> {
  if (!/^[^/\0]{1,255}$/.test(name) || name === '.' || name === '..') return null;
  for (const f of pidFiles(name)) {
    const pid = Number((await readFile(f, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(pid) && pid > 1) return pid;
  }
  return null;
}

async function socketInodes(pid: number): Promise<Set<string>> {
  const inodes = new Set<string>();
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
  for (const fd of fds) {
    const m = /^socket:\[(\d+)\]$/.exec(await readlink(`/proc/${pid}/fd/${fd}`).catch(() => ''));
    if (m) inodes.add(m[1]!);
  }
  return inodes;
}

/** /proc's hex address (little-endian words) as text: "0100007F" → 127.0.0.1. */
function hexAddress(hex: string): string {
  if (hex.length === 8) return [3, 2, 1, 0].map((i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join('.');
  const words = hex.match(/.{8}/g)!.map((w) => w.match(/../g)!.reverse().join(''));
  const groups = words
    .join('')
    .match(/.{4}/g)!
    .map((g) => parseInt(g, 16).toString(16));
  const v6 = groups.join(':');
  // IPv4-mapped and the wildcard read as their usual forms.
  if (/^0:0:0:0:0:ffff:/.test(v6)) {
    const [a, b] = groups.slice(6).map((g) => parseInt(g, 16));
    return `${a! >> 8}.${a! & 255}.${b! >> 8}.${b! & 255}`;
  }
  return v6 === '0:0:0:0:0:0:0:0' ? '::' : v6 === '0:0:0:0:0:0:0:1' ? '::1' : v6;
}

async function tcpListeners(pid: number, inodes: Set<string>): Promise<{ address: string; port: number }[]> {
  const out: { address: string; port: number }[] = [];
  for (const table of ['tcp', 'tcp6']) {
    const text = await readFile(`/proc/${pid}/net/${table}`, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== '0A' || !inodes.has(f[9]!)) continue; // 0A: LISTEN
      const [addr, port] = f[1]!.split(':') as [string, string];
      out.push({ address: hexAddress(addr), port: parseInt(port, 16) });
    }
  }
  return out;
}

async function unixListeners(pid: number, inodes: Set<string>): Promise<string[]> {
  const text = await readFile(`/proc/${pid}/net/unix`, 'utf8').catch(() => '');
  const out: string[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    // Num RefCount Protocol Flags Type St Inode Path; flags 00010000 = listening.
    if (f.length >= 8 && f[3] === '00010000' && inodes.has(f[6]!)) out.push(f[7]!);
  }
  return out;
}

/** Resolves when the VM `name`'s QEMU process listens where `target` points; throws ApiError in words otherwise. */
export async function checkServedByQemu(name: string, target: GraphicsTarget): Promise<void> {
  const pid = await qemuPid(name);
  const where = 'socket' in target ? target.socket : `${target.host}:${target.port}`;
  if (pid === null) refuse(`Virtdeck cannot tell which process runs this VM, so it will not connect to its display at ${where}.`);
  const inodes = await socketInodes(pid);
  if ('socket' in target) {
    if (!(await unixListeners(pid, inodes)).includes(target.socket))
      refuse(`The display socket ${JSON.stringify(target.socket)} is not one this VM’s QEMU listens on; Virtdeck will not connect to it.`);
    return;
  }
  const wildcard = (a: string) => a === '0.0.0.0' || a === '::';
  const ok = (await tcpListeners(pid, inodes)).some((l) => l.port === target.port && (l.address === target.host || wildcard(l.address)));
  if (!ok) refuse(`${where} is not a display this VM’s QEMU listens on; Virtdeck will not connect to it.`);
}
