// Guests without an OS for stats tests: a raw disk whose boot sector the BIOS runs. One reads
// its own first sector again and again (busy CPU, steady disk reads); one halts (idle).
import { writeFile } from 'node:fs/promises';

// xor ax,ax; mov es,ax; loop: mov ah,2; mov al,1; mov ch,0; mov cl,1; mov dh,0;
// mov bx,0x7e00; int 0x13 (read 1 sector to es:bx from the boot drive in dl); jmp loop
const READ_LOOP = [0x31, 0xc0, 0x8e, 0xc0, 0xb4, 0x02, 0xb0, 0x01, 0xb5, 0x00, 0xb1, 0x01, 0xb6, 0x00, 0xbb, 0x00, 0x7e, 0xcd, 0x13, 0xeb, 0xef];
// cli; hlt; jmp back to hlt
const HALT = [0xfa, 0xf4, 0xeb, 0xfd];

async function bootDisk(path: string, code: number[]): Promise<string> {
  const img = Buffer.alloc(64 * 1024);
  Buffer.from(code).copy(img, 0);
  img[510] = 0x55;
  img[511] = 0xaa;
  await writeFile(path, img);
  return path;
}

export const diskReadingGuest = (path: string) => bootDisk(path, READ_LOOP);
export const haltedGuest = (path: string) => bootDisk(path, HALT);

/**
 * A TCG domain booting the raw disk at `image`. `nic` adds an e1000 on a tap device of its own
 * (libvirt reports interface stats from the host side of a tap; user-mode NICs have none) and
 * boots from the network first, so iPXE keeps sending DHCP requests.
 */
export function bootSectorDomainXML(name: string, image: string, opts: { nic?: boolean } = {}): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/'/g, '&apos;');
  return `<domain type='qemu'>
  <name>${esc(name)}</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type>${opts.nic ? "<boot dev='network'/>" : ''}<boot dev='hd'/></os>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='${esc(image)}'/><target dev='hda' bus='ide'/></disk>
    ${opts.nic ? "<interface type='ethernet'><model type='e1000'/></interface>" : ''}
    <memballoon model='virtio'/>
  </devices>
</domain>`;
}
