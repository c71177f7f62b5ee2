// A bootable install-media ISO made from the tiny guest: isolinux (Debian's isolinux and
// syslinux-common) boots its kernel and initrd from the CD-ROM. Its volume id is a Debian 11
// netinst's, so osinfo-db's media rules detect it as Debian 11. Built once, cached.
import { execFile as execFileCb } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { CACHE_DIR, tinyGuest } from './tiny-guest.js';

const execFile = promisify(execFileCb);

/** A volume id osinfo-db's Debian 11 netinst media rule matches. */
export const TINY_ISO_VOLUME_ID = 'Debian 11.6.0 amd64 n';

const CFG = `SERIAL 0 115200
DEFAULT tiny
PROMPT 0
TIMEOUT 1
LABEL tiny
  KERNEL /boot/vmlinuz
  APPEND initrd=/boot/initrd.gz console=tty1 console=ttyS0 quiet panic=-1
`;

let cached: Promise<string> | undefined;

/** The ISO's path (in CACHE_DIR). */
export function tinyIso(): Promise<string> {
  cached ??= (async () => {
    const guest = await tinyGuest();
    // The guest's own cache dir names its kernel: a new kernel makes a new ISO.
    const iso = join(CACHE_DIR, `${basename(dirname(guest.kernel))}-isolinux-v1.iso`);
    if (existsSync(iso)) return iso;
    const work = await mkdtemp(join(tmpdir(), 'tiny-iso-'));
    try {
      const tree = join(work, 'tree');
      await mkdir(join(tree, 'isolinux'), { recursive: true });
      await mkdir(join(tree, 'boot'), { recursive: true });
      await copyFile('/usr/lib/ISOLINUX/isolinux.bin', join(tree, 'isolinux', 'isolinux.bin'));
      await copyFile('/usr/lib/syslinux/modules/bios/ldlinux.c32', join(tree, 'isolinux', 'ldlinux.c32'));
      await writeFile(join(tree, 'isolinux', 'isolinux.cfg'), CFG);
      await copyFile(guest.kernel, join(tree, 'boot', 'vmlinuz'));
      await copyFile(guest.initrd, join(tree, 'boot', 'initrd.gz'));
      const out = join(work, 'tiny.iso');
      await execFile('xorriso', [
        '-as',
        'mkisofs',
        '-quiet',
        '-o',
        out,
        '-V',
        TINY_ISO_VOLUME_ID,
        '-b',
        'isolinux/isolinux.bin',
        '-c',
        'isolinux/boot.cat',
        '-no-emul-boot',
        '-boot-load-size',
        '4',
        '-boot-info-table',
        tree,
      ]);
      const staging = `${iso}.tmp-${process.pid}`;
      await copyFile(out, staging);
      await rename(staging, iso);
      return iso;
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  })();
  return cached;
}
