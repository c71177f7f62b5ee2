// Shared by the native integration tests: the hosts the test support starts, and waiting
// for conditions (never for fixed times).
import assert from 'node:assert/strict';
import * as libvirt from 'virtdeck/native';
import { processes } from '../../support/processes.js';

export const SYSTEM_URI = 'qemu:///system';
/** The loopback sshd that test/support/host-setup.sh starts, with root's key and known_hosts set up. */
export const SSH_URI = process.env.VIRTDECK_TEST_SSH_URI ?? 'qemu+ssh://root@127.0.0.1:2222/system';

/** Opens a connection, failing with a pointer to the setup script when the host is not prepared. */
export async function openOrExplain(uri: string, options?: libvirt.OpenOptions): Promise<libvirt.Connection> {
  try {
    return await libvirt.open(uri, options);
  } catch (err) {
    throw new Error(`cannot open ${uri}: ${(err as Error).message}. Run test/support/host-setup.sh first.`, { cause: err });
  }
}

/** Polls cond until it returns a truthy value; fails with `what` after timeoutMs. */
export async function waitFor<T>(what: string, cond: () => T | Promise<T>, timeoutMs = 30_000, everyMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await cond();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function xmlUnescape(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);
}

/** A predicate for assert.rejects: a LibvirtError with this code, from this libvirt call. */
export function libvirtError(code: number, call?: string, message?: RegExp) {
  return (e: unknown): true => {
    assert.ok(e instanceof libvirt.LibvirtError, `expected a LibvirtError, got ${String(e)}`);
    assert.equal(e.name, 'LibvirtError');
    assert.equal(e.code, code, `code ${e.code} (${e.message})`);
    assert.ok(e.call.length > 0, 'the error names the libvirt call');
    if (call !== undefined) assert.equal(e.call, call);
    assert.ok(e.message.length > 0);
    if (message) assert.match(e.message, message);
    return true;
  };
}

/**
 * Wraps every public method of the binding's object classes so a test can prove at its end
 * that each one was called at least once ("Class.method" names).
 */
export function trackMethodCalls(): { expected: ReadonlySet<string>; called: ReadonlySet<string> } {
  const classes = {
    Connection: libvirt.Connection,
    Domain: libvirt.Domain,
    Network: libvirt.Network,
    StoragePool: libvirt.StoragePool,
    StorageVolume: libvirt.StorageVolume,
    NodeDevice: libvirt.NodeDevice,
    Interface: libvirt.Interface,
    DomainSnapshot: libvirt.DomainSnapshot,
  };
  const expected = new Set<string>();
  const called = new Set<string>();
  for (const [cls, ctor] of Object.entries(classes)) {
    const proto = ctor.prototype as unknown as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const desc = Object.getOwnPropertyDescriptor(proto, name);
      if (name === 'constructor' || !desc || typeof desc.value !== 'function') continue;
      const label = `${cls}.${name}`;
      expected.add(label);
      const original = desc.value as (...a: unknown[]) => unknown;
      Object.defineProperty(proto, name, {
        ...desc,
        value(this: unknown, ...args: unknown[]): unknown {
          called.add(label);
          return original.apply(this, args);
        },
      });
    }
  }
  return { expected, called };
}

/** A unique name per test run, so parallel or aborted runs never collide. */
export function uniqueName(base: string): string {
  return `vdtest-${base}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * A small TCG guest with no disk: VNC on loopback, SeaBIOS on the serial console.
 * `graphics: 'vnc+spice'` gives it both displays (VNC first), and SPICE comes with a qxl video;
 * `devices` is XML added to its <devices> (a disk, a NIC).
 */
export function tinyDomainXML(name: string, opts: { graphics?: 'vnc' | 'spice' | 'vnc+spice' | 'none'; devices?: string } = {}): string {
  const graphics = opts.graphics ?? 'vnc';
  const kinds = graphics === 'none' ? [] : graphics === 'vnc+spice' ? ['vnc', 'spice'] : [graphics];
  const video = kinds.includes('spice') ? 'qxl' : 'vga';
  return `<domain type='qemu'>
  <name>${xmlEscape(name)}</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><bios useserial='yes'/></os>
  <on_reboot>restart</on_reboot>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
    ${kinds.map((k) => `<graphics type='${k}' autoport='yes' listen='127.0.0.1'/>`).join('\n    ')}
    ${kinds.length === 0 ? '' : `<video><model type='${video}'/></video>`}
    ${opts.devices ?? ''}
  </devices>
</domain>`;
}

/** Removes a domain whatever its state; ignores "no such domain". */
export async function purgeDomain(conn: libvirt.Connection, name: string): Promise<void> {
  let dom: libvirt.Domain;
  try {
    dom = await conn.lookupByName(name);
  } catch {
    return;
  }
  if (await dom.isActive().catch(() => false)) await dom.destroy().catch(() => 0);
  await dom.undefineFlags(libvirt.DomainUndefineFlagsValues.MANAGED_SAVE | libvirt.DomainUndefineFlagsValues.SNAPSHOTS_METADATA).catch(() => 0);
}

/** Child processes of this process whose command is `comm` (e.g. the ssh libvirt spawned). */
export function childProcesses(comm: string): number[] {
  return processes()
    .filter((p) => p.comm === comm && p.ppid === process.pid)
    .map((p) => p.pid);
}

export function rssBytes(): number {
  return process.memoryUsage().rss;
}
