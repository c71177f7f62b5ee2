// A tiny real Linux guest for console tests, built once and cached: the kernel of Debian's
// linux-image-cloud-amd64 and a busybox initramfs giving a root shell on the serial port, on
// the VGA text console (tty1) and on a virtio console (hvc0). Ctrl+Alt+Del makes it print a
// line instead of rebooting, so a test can see that the keys arrived.
import { execFile as execFileCb } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { xmlEscape } from '../integration/native/support.js';

const execFile = promisify(execFileCb);

export const CACHE_DIR = process.env.VIRTDECK_TEST_CACHE ?? '/var/cache/virtdeck-test';
/** What the guest prints when it is ready, and when it gets Ctrl+Alt+Del. */
export const READY_LINE = 'virtdeck-tiny-guest: ready';
export const CTRL_ALT_DEL_LINE = 'virtdeck-tiny-guest: ctrl-alt-del';
export const PROMPT = 'tiny# ';

export interface TinyGuest {
  kernel: string;
  initrd: string;
}

// Loaded in order at boot (virtio is modular in the cloud kernel): hvc0, and the virtio disks,
// NICs, balloon and SCSI CD-ROMs that the hardware editors' tests plug in and watch.
const MODULES = [
  'virtio_ring',
  'virtio',
  'virtio_pci_legacy_dev',
  'virtio_pci_modern_dev',
  'virtio_pci',
  'virtio_console',
  'virtio_blk',
  'failover',
  'net_failover',
  'virtio_net',
  'virtio_balloon',
  'scsi_common',
  'scsi_mod',
  'virtio_scsi',
  'cdrom',
  'sr_mod',
];

const INIT = `#!/bin/busybox sh
/bin/busybox --install -s /bin
mkdir -p /proc /sys /dev /tmp /etc
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in ${MODULES.join(' ')}; do insmod /lib/modules/$m.ko 2>/dev/null; done
exec /bin/init
`;

const RC = `#!/bin/sh
echo 0 > /proc/sys/kernel/printk
hostname tiny
for t in /dev/ttyS0 /dev/tty1 /dev/hvc0; do [ -e $t ] && echo '${READY_LINE}' > $t; done
`;

const CAD = `#!/bin/sh
for t in /dev/ttyS0 /dev/tty1; do echo '${CTRL_ALT_DEL_LINE}' > $t; done
`;

// busybox init: a respawning root shell on each terminal; Ctrl+Alt+Del runs the script above.
const INITTAB = `::sysinit:/etc/rcS
ttyS0::respawn:-/bin/sh
tty1::respawn:-/bin/sh
hvc0::respawn:-/bin/sh
::ctrlaltdel:/etc/cad
`;

const PROFILE = `export PS1='${PROMPT}'\nexport PATH=/bin\n`;

async function kernelPackage(): Promise<string> {
  const { stdout } = await execFile('apt-cache', ['depends', 'linux-image-cloud-amd64']);
  const pkg = /Depends: (linux-image-[\w.-]+-cloud-amd64)/.exec(stdout)?.[1];
  if (!pkg) throw new Error('apt-cache names no kernel for linux-image-cloud-amd64 (run apt-get update)');
  return pkg;
}

async function build(dir: string, pkg: string): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'tiny-guest-'));
  try {
    await execFile('apt-get', ['download', pkg], { cwd: work });
    const deb = (await readdir(work)).find((f) => f.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download ${pkg} wrote no .deb`);
    const root = join(work, 'pkg');
    await execFile('dpkg-deb', ['-x', join(work, deb), root]);
    const vmlinuz = (await readdir(join(root, 'boot'))).find((f) => f.startsWith('vmlinuz-'));
    if (!vmlinuz) throw new Error(`${pkg} holds no vmlinuz`);
    const release = vmlinuz.slice('vmlinuz-'.length);
    const moddir = join(root, 'lib', 'modules', release, 'kernel');

    const initramfs = join(work, 'initramfs');
    for (const d of ['bin', 'etc', 'lib/modules', 'proc', 'sys', 'dev', 'tmp', 'root']) await mkdir(join(initramfs, d), { recursive: true });
    await copyFile('/bin/busybox', join(initramfs, 'bin', 'busybox'));
    await symlink('busybox', join(initramfs, 'bin', 'sh'));
    await symlink('busybox', join(initramfs, 'bin', 'init'));
    const { stdout: found } = await execFile('find', [moddir, '-name', '*.ko']);
    for (const m of MODULES) {
      const path = found.split('\n').find((p) => p.endsWith(`/${m}.ko`));
      if (path) await copyFile(path, join(initramfs, 'lib', 'modules', `${m}.ko`));
    }
    const files: [string, string, number][] = [
      ['init', INIT, 0o755],
      ['etc/rcS', RC, 0o755],
      ['etc/cad', CAD, 0o755],
      ['etc/inittab', INITTAB, 0o644],
      ['etc/profile', PROFILE, 0o644],
    ];
    for (const [path, text, mode] of files) {
      await writeFile(join(initramfs, path), text);
      await chmod(join(initramfs, path), mode);
    }
    const staging = `${dir}.tmp-${process.pid}`;
    await mkdir(staging, { recursive: true });
    await copyFile(join(root, 'boot', vmlinuz), join(staging, 'vmlinuz'));
    // newc cpio, gzip-compressed: what the kernel unpacks as its initramfs.
    await execFile('sh', ['-c', 'find . | cpio -o -H newc --quiet | gzip -1 > "$0"', join(staging, 'initrd.gz')], { cwd: initramfs });
    await writeFile(join(staging, 'kernel-package'), `${pkg}\n`);
    // Another test process may have finished first: either copy is good.
    await rename(staging, dir).catch(async () => rm(staging, { recursive: true, force: true }));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

let cached: Promise<TinyGuest> | undefined;

/** The guest's kernel and initrd, built on first use and kept in CACHE_DIR. */
export function tinyGuest(): Promise<TinyGuest> {
  cached ??= (async () => {
    const pkg = await kernelPackage();
    // The build's recipe version is in the name, so a changed recipe builds afresh.
    const dir = join(CACHE_DIR, `tiny-guest-${pkg}-v3`);
    if (!existsSync(join(dir, 'initrd.gz'))) {
      await mkdir(CACHE_DIR, { recursive: true });
      await build(dir, pkg);
    }
    return { kernel: join(dir, 'vmlinuz'), initrd: join(dir, 'initrd.gz') };
  })();
  return cached;
}

export interface TinyGuestOptions {
  /** The display: VNC (default), SPICE with QXL, both, or none. */
  graphics?: 'vnc' | 'spice' | 'both' | 'none';
  /** A virtio console (console1, hvc0 in the guest) besides the serial port. */
  virtioConsole?: boolean;
  /** A file that receives everything the guest writes to its serial port. */
  serialLog?: string;
  /** Extra devices, as XML. */
  extraDevices?: string;
  /**
   * The guest may sleep and crash as real ones do: ACPI with S3 (`echo mem > /sys/power/state`
   * makes it pmsuspended), and an ISA pvpanic device with on_crash=preserve (the guest writing 1
   * to port 0x505, as the pvpanic driver does on a kernel panic, leaves it crashed).
   */
  sleepAndPanic?: boolean;
  /** ACPI, so that PCI devices can be plugged in and out while it runs (i440fx hotplug is ACPI's). */
  acpi?: boolean;
}

export function tinyGuestDomainXML(name: string, guest: TinyGuest, opts: TinyGuestOptions = {}): string {
  const graphics = opts.graphics ?? 'vnc';
  const vnc = graphics === 'vnc' || graphics === 'both' ? "<graphics type='vnc' autoport='yes' listen='127.0.0.1'/>" : '';
  const spice = graphics === 'spice' || graphics === 'both' ? "<graphics type='spice' autoport='yes' listen='127.0.0.1'/>" : '';
  const video = graphics === 'none' ? '' : `<video><model type='${graphics === 'vnc' ? 'vga' : 'qxl'}'/></video>`;
  const log = opts.serialLog ? `<log file='${xmlEscape(opts.serialLog)}' append='off'/>` : '';
  return `<domain type='qemu'>
  <name>${xmlEscape(name)}</name>
  <memory unit='MiB'>192</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>${xmlEscape(guest.kernel)}</kernel>
    <initrd>${xmlEscape(guest.initrd)}</initrd>
    <cmdline>console=tty1 console=ttyS0 quiet panic=-1</cmdline>
  </os>
  ${opts.sleepAndPanic || opts.acpi ? '<features><acpi/></features>' : ''}
  <on_reboot>restart</on_reboot>
  ${opts.sleepAndPanic ? "<on_crash>preserve</on_crash><pm><suspend-to-mem enabled='yes'/></pm>" : ''}
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <serial type='pty'>${log}<target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
    ${opts.virtioConsole ? "<console type='pty'><target type='virtio' port='1'/></console>" : ''}
    ${vnc}${spice}${video}
    ${opts.extraDevices ?? ''}
    ${opts.sleepAndPanic ? "<panic model='isa'/>" : ''}
  </devices>
</domain>`;
}
