// The New VM's domain XML, golden-file tested for each install source and OS family, with
// every user string escaped and hostile names refused; and the host facts it is decided from.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ApiError } from '../../electron/common/api/errors.js';
import type { InstallSource, VmCreateSpec } from '../../electron/common/api/vm-create.js';
import { checkVmName, vmNameProblem } from '../../electron/common/api/vm-name.js';
import { api } from '../../electron/common/api/contract.js';
import { buildDomainXml } from '../../electron/node/create/domain-xml-builder.js';
import { finalConfig } from '../../electron/node/create/final-config.js';
import { planFirmware, planMachine, resourceWarnings } from '../../electron/node/create/domain-plan.js';
import { parseDomainCaps, parseHostCaps, type DomainCaps, type HostCaps } from '../../electron/node/create/host-capabilities.js';
import { GENERIC, GENERIC_LINUX, isWindows, type OsProfile } from '../../electron/node/create/os-profile.js';
import { root } from '../support/serve-process.js';

const GOLDEN = join(root, 'test', 'fixtures', 'create');
const update = process.env.UPDATE_GOLDEN === '1';

const host: HostCaps = {
  hostArch: 'x86_64',
  arches: [{ arch: 'x86_64', machines: ['pc', 'pc-i440fx-7.2', 'pc-q35-7.2', 'q35'], defaultMachine: 'pc', virtTypes: ['qemu', 'kvm'] }],
};
const tcgHost: HostCaps = { hostArch: 'x86_64', arches: [{ ...host.arches[0]!, virtTypes: ['qemu'] }] };
const rich: DomainCaps = { machine: 'pc-q35-7.2', efi: true, tpmEmulator: true, tpmModels: ['tpm-tis', 'tpm-crb'], diskBuses: ['sata', 'virtio'] };
const bare: DomainCaps = { machine: 'pc-q35-7.2', efi: false, tpmEmulator: false, tpmModels: ['tpm-tis'], diskBuses: ['sata', 'virtio'] };

const linuxUefi: OsProfile = {
  ...GENERIC_LINUX,
  id: 'http://example.org/linux-uefi',
  shortId: 'linux-uefi',
  name: 'A Linux that needs UEFI',
  efiRequired: true,
};
const win11: OsProfile = {
  id: 'http://microsoft.com/win/11',
  shortId: 'win11',
  name: 'Microsoft Windows 11',
  family: 'winnt',
  recommended: { memoryMiB: 4096, vcpus: 2, storageGiB: 64 },
  minimum: { memoryMiB: 4096, vcpus: 2, storageGiB: 64 },
  efiRequired: true,
  tpmRequired: true,
  efiSupported: true,
  devices: { virtioNet: false, virtioBlock: false, virtioRng: false, virtioBalloon: false, qemuGuestAgent: false, q35: true, usbTablet: true },
};

const FAMILIES: Record<string, OsProfile> = { 'linux-bios': GENERIC_LINUX, 'linux-uefi': linuxUefi, win11, generic: GENERIC };
const SOURCES: Record<string, InstallSource> = {
  iso: { kind: 'iso', path: '/var/lib/libvirt/images/install.iso' },
  cdrom: { kind: 'cdrom', device: '/dev/sr0' },
  import: { kind: 'import', path: '/var/lib/libvirt/images/existing.qcow2' },
  pxe: { kind: 'pxe' },
  kernel: { kind: 'kernel', kernel: '/srv/boot/vmlinuz', initrd: '/srv/boot/initrd.gz', cmdline: 'console=ttyS0 quiet' },
  url: { kind: 'url', url: 'https://deb.example.org/debian/dists/stable/main/installer-amd64/', kernel: 'linux', initrd: 'initrd.gz' },
  cloud: { kind: 'cloud', baseImage: '/var/lib/libvirt/images/base.qcow2', cloudInit: { user: 'alice', password: 'not in the XML' } },
};

function xmlFor(source: InstallSource, os: OsProfile, caps = rich, h = host, name = 'vm1'): string {
  const spec: Pick<VmCreateSpec, 'arch' | 'machine' | 'virtType'> = {};
  const machine = planMachine(spec, os, h);
  const disk = source.kind === 'import' ? { path: source.path, format: 'qcow2' } : { path: `/var/lib/libvirt/images/${name}.qcow2`, format: 'qcow2' };
  return buildDomainXml({
    name,
    os,
    source,
    memoryMiB: os.recommended.memoryMiB ?? 1024,
    vcpus: os.recommended.vcpus ?? 1,
    disk,
    network: { kind: 'network', name: 'default' },
    machine,
    firmware: planFirmware(os, caps),
    ...(source.kind === 'cloud' ? { seed: `/var/lib/libvirt/images/${name}-cidata.iso` } : {}),
    ...(source.kind === 'url' ? { fetched: { kernel: '/var/lib/libvirt/boot/vm1-kernel', initrd: '/var/lib/libvirt/boot/vm1-initrd' } } : {}),
  });
}

const parse = (xml: string) =>
  new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', trimValues: false, parseTagValue: false, parseAttributeValue: false, processEntities: false }).parse(xml) as {
    domain: Record<string, unknown>;
  };

describe('new VM domain XML (golden files)', () => {
  for (const [sourceName, source] of Object.entries(SOURCES)) {
    for (const [family, os] of Object.entries(FAMILIES)) {
      it(`${sourceName} × ${family}`, () => {
        const xml = xmlFor(source, os);
        assert.equal(XMLValidator.validate(xml), true);
        const file = join(GOLDEN, `${sourceName}-${family}.xml`);
        if (update || !existsSync(file)) writeFileSync(file, xml);
        assert.equal(xml, readFileSync(file, 'utf8'), `${file} differs (UPDATE_GOLDEN=1 rewrites it after review)`);
      });
    }
  }

  it('applies virt-install’s rules: virtio and q35 for Linux, UEFI+TPM for Windows 11, VNC on loopback, the agent channel', () => {
    const linux = xmlFor(SOURCES.iso!, GENERIC_LINUX);
    assert.match(linux, /<type arch='x86_64' machine='q35'>hvm<\/type>/);
    assert.match(linux, /<target dev='vda' bus='virtio'\/>/);
    assert.match(linux, /<model type='virtio'\/>/);
    assert.match(linux, /<memballoon model='virtio'\/>/);
    assert.match(linux, /<rng model='virtio'>/);
    assert.match(linux, /org\.qemu\.guest_agent\.0/);
    assert.match(linux, /<graphics type='vnc' port='-1' autoport='yes' listen='127\.0\.0\.1'>/);
    assert.doesNotMatch(linux, /firmware='efi'|<tpm/);
    const win = xmlFor(SOURCES.iso!, win11);
    assert.match(win, /<os firmware='efi'>/);
    assert.match(win, /<tpm model='tpm-crb'><backend type='emulator' version='2.0'\/><\/tpm>|<tpm model='tpm-crb'>\s*<backend type='emulator' version='2.0'\/>/);
    assert.match(win, /bus='sata'/);
    assert.match(win, /<clock offset='localtime'>/);
    const generic = xmlFor(SOURCES.iso!, GENERIC);
    assert.match(generic, /machine='pc'/);
    assert.match(generic, /<memballoon model='none'\/>/);
    assert.doesNotMatch(generic, /virtio/);
  });

  it('a cloud image boots its overlay disk with the seed as a CD-ROM, and no cloud-init secret is in the XML', () => {
    const xml = xmlFor(SOURCES.cloud!, GENERIC_LINUX);
    assert.match(xml, /<source file='\/var\/lib\/libvirt\/images\/vm1\.qcow2'\/>/);
    assert.match(xml, /<source file='\/var\/lib\/libvirt\/images\/vm1-cidata\.iso'\/>/);
    assert.match(xml, /<boot dev='hd'\/>/);
    assert.doesNotMatch(xml, /alice|not in the XML/);
  });

  it('says when the host lacks UEFI or a TPM the OS needs, instead of guessing a firmware path', () => {
    const plan = planFirmware(win11, bare);
    assert.equal(plan.firmware, 'bios');
    assert.equal(plan.tpm, false);
    assert.equal(plan.warnings.length, 2);
    assert.match(plan.warnings[0]!, /UEFI.*OVMF/);
    assert.match(plan.warnings[1]!, /TPM.*swtpm/);
    assert.doesNotMatch(xmlFor(SOURCES.iso!, win11, bare), /loader|nvram|OVMF/);
  });

  it('uses KVM where the host has it and TCG where it has not', () => {
    assert.equal(planMachine({}, GENERIC_LINUX, host).virtType, 'kvm');
    assert.match(xmlFor(SOURCES.iso!, GENERIC_LINUX), /<domain type='kvm'>[\s\S]*<cpu mode='host-passthrough'/);
    assert.equal(planMachine({}, GENERIC_LINUX, tcgHost).virtType, 'qemu');
    assert.doesNotMatch(xmlFor(SOURCES.iso!, GENERIC_LINUX, rich, tcgHost), /<cpu/);
    assert.throws(
      () => planMachine({ virtType: 'kvm' }, GENERIC_LINUX, tcgHost),
      (e) => e instanceof ApiError && /no KVM/.test(e.message),
    );
    assert.throws(
      () => planMachine({ machine: 'nonsense' }, GENERIC_LINUX, host),
      (e) => e instanceof ApiError && e.code === 'invalid-input',
    );
  });

  it('escapes every user string (paths, command lines, network names) so it stays one value', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('<', '>', '&', "'", '"', 'a', '/', ' ', ']]>', '<!--'), maxLength: 30 }), (s) => {
        const source: InstallSource = { kind: 'kernel', kernel: `/k${s}`, initrd: `/i${s}`, cmdline: s };
        const xml = buildDomainXml({
          name: 'vm1',
          os: GENERIC_LINUX,
          source,
          memoryMiB: 256,
          vcpus: 1,
          disk: { path: `/d${s}`, format: 'raw' },
          network: { kind: 'network', name: `n${s}` },
          machine: { arch: 'x86_64', machine: 'q35', virtType: 'qemu' },
          firmware: { firmware: 'bios', tpm: false, warnings: [] },
        });
        assert.equal(XMLValidator.validate(xml), true);
        const d = parse(xml).domain as { os: { kernel: string; cmdline?: string }; devices: { disk: { source: { file: string } }; interface: { source: { network: string } } } };
        const decode = (v: string) =>
          v
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&quot;/g, '"')
            .replace(/&apos;/g, "'")
            .replace(/&amp;/g, '&');
        assert.equal(decode(String(d.os.kernel)), `/k${s}`);
        assert.equal(decode(d.devices.disk.source.file), `/d${s}`);
        assert.equal(decode(d.devices.interface.source.network), `n${s}`);
      }),
    );
  });

  it('a macvtap choice is a direct interface on the host device in bridge mode (golden file), its name escaped', () => {
    const direct = (name: string) =>
      buildDomainXml({
        name: 'vm1',
        os: GENERIC_LINUX,
        source: SOURCES.pxe!,
        memoryMiB: 1024,
        vcpus: 1,
        network: { kind: 'direct', name },
        machine: planMachine({}, GENERIC_LINUX, host),
        firmware: planFirmware(GENERIC_LINUX, rich),
      });
    const xml = direct('eth0');
    assert.match(
      xml,
      /<interface type='direct'><source dev='eth0' mode='bridge'\/><model type='virtio'\/><\/interface>|<interface type='direct'>\s*<source dev='eth0' mode='bridge'\/>\s*<model type='virtio'\/>\s*<\/interface>/,
    );
    const file = join(GOLDEN, 'network-direct.xml');
    if (update || !existsSync(file)) writeFileSync(file, xml);
    assert.equal(xml, readFileSync(file, 'utf8'), `${file} differs (UPDATE_GOLDEN=1 rewrites it after review)`);
    const hostile = direct("e'/><x");
    assert.equal(XMLValidator.validate(hostile), true);
    assert.match(hostile, /dev='e&apos;\/&gt;&lt;x'/);
  });

  it('refuses control characters XML cannot carry', () => {
    assert.throws(() => xmlFor({ kind: 'kernel', kernel: '/boot/vmlinuz', cmdline: 'a\u0001b' }, GENERIC_LINUX), RangeError);
  });
});

describe('the final configuration after the install (golden files)', () => {
  const seed = '/var/lib/libvirt/images/vm1-cidata.iso';
  const finalFor = (source: InstallSource, os: OsProfile, removeSeed = true) =>
    finalConfig(xmlFor(source, os), { source, windows: isWindows(os), ...(removeSeed ? { removeSeed: seed } : {}) });

  for (const [sourceName, source] of Object.entries(SOURCES)) {
    for (const [family, os] of Object.entries(FAMILIES)) {
      it(`${sourceName} × ${family}`, () => {
        const install = xmlFor(source, os);
        const xml = finalFor(source, os);
        if (sourceName === 'import' || sourceName === 'kernel') {
          assert.equal(xml, install, 'an import and a direct kernel boot keep their config');
          return;
        }
        assert.equal(XMLValidator.validate(xml), true);
        const file = join(GOLDEN, `final-${sourceName}-${family}.xml`);
        if (update || !existsSync(file)) writeFileSync(file, xml);
        assert.equal(xml, readFileSync(file, 'utf8'), `${file} differs (UPDATE_GOLDEN=1 rewrites it after review)`);
      });
    }
  }

  it('boots from the disk without the install kernel, and ejects the install media except for Windows', () => {
    const url = finalFor(SOURCES.url!, GENERIC_LINUX);
    assert.doesNotMatch(url, /<kernel>|<initrd>|<cmdline>|inst\.repo/);
    assert.match(url, /<os>\s*<type arch='x86_64' machine='q35'>hvm<\/type>\s*<boot dev='hd'\/>\s*<\/os>/);
    const iso = finalFor(SOURCES.iso!, GENERIC_LINUX);
    assert.doesNotMatch(iso, /install\.iso|<boot dev='cdrom'\/>/);
    assert.match(iso, /<disk type='file' device='cdrom'>\s*<driver name='qemu' type='raw'\/>\s*<target dev='sda' bus='sata'\/>/, 'the drive stays, empty');
    assert.match(finalFor(SOURCES.iso!, win11), /<source file='\/var\/lib\/libvirt\/images\/install\.iso'\/>/, 'Windows keeps its media for the next stages');
    assert.match(finalFor(SOURCES.pxe!, GENERIC_LINUX), /<boot dev='hd'\/>/);
    assert.doesNotMatch(finalFor(SOURCES.pxe!, GENERIC_LINUX), /<boot dev='network'\/>/);
  });

  it('detaches a cloud image’s seed only when asked, and keeps the overlay disk', () => {
    const cloud = xmlFor(SOURCES.cloud!, GENERIC_LINUX);
    assert.equal(finalFor(SOURCES.cloud!, GENERIC_LINUX, false), cloud);
    const removed = finalFor(SOURCES.cloud!, GENERIC_LINUX);
    assert.doesNotMatch(removed, /cidata|device='cdrom'/);
    assert.match(removed, /<source file='\/var\/lib\/libvirt\/images\/vm1\.qcow2'\/>/);
  });

  it('keeps edits and escaping: a customized install XML carries over, per-device boot order is left alone', () => {
    const edited = xmlFor(SOURCES.iso!, GENERIC_LINUX)
      .replace('</devices>', "  <watchdog model='i6300esb' action='reset'/>\n  </devices>")
      .replace('<name>vm1</name>', "<name>vm1</name>\n  <!-- the user's note -->\n  <description>a &amp; b &lt;c&gt; &#39;d&#39;</description>");
    const xml = finalConfig(edited, { source: SOURCES.iso!, windows: false });
    assert.match(xml, /<watchdog model='i6300esb' action='reset'\/>/);
    // The edit is kept as the user wrote it (references, comments), not re-escaped.
    assert.match(xml, /<!-- the user's note -->\n {2}<description>a &amp; b &lt;c&gt; &#39;d&#39;<\/description>/);
    const final = finalConfig(xmlFor(SOURCES.iso!, GENERIC_LINUX), { source: SOURCES.iso!, windows: false });
    assert.equal(
      xml,
      final
        .replace('<name>vm1</name>', "<name>vm1</name>\n  <!-- the user's note -->\n  <description>a &amp; b &lt;c&gt; &#39;d&#39;</description>")
        .replace('</devices>', "  <watchdog model='i6300esb' action='reset'/>\n  </devices>"),
    );
    const perDevice = xmlFor(SOURCES.iso!, GENERIC_LINUX)
      .replace(/<boot dev='(cdrom|hd)'\/>\s*/g, '')
      .replace("<target dev='vda' bus='virtio'/>", "<target dev='vda' bus='virtio'/><boot order='1'/>");
    assert.doesNotMatch(finalConfig(perDevice, { source: SOURCES.iso!, windows: false }), /<boot dev=/);
    assert.throws(() => finalConfig('<network/>', { source: SOURCES.pxe!, windows: false }), RangeError);
  });
});

describe('VM names', () => {
  it('accepts what users type and refuses hostile names with a reason', () => {
    for (const ok of ['debian12', 'web-01', 'a.b_c+d:e', 'X']) assert.equal(vmNameProblem(ok), null, ok);
    for (const bad of ['', '-rf', '../etc', 'a/b', 'a b', "x'/><evil", 'a\nb', '$(reboot)', 'é', 'x'.repeat(65)]) {
      assert.ok(vmNameProblem(bad), JSON.stringify(bad));
      assert.throws(
        () => checkVmName(bad),
        (e) => e instanceof ApiError && e.code === 'invalid-input' && Boolean(e.hint),
      );
    }
  });

  it('the contract refuses unknown source kinds, relative paths and impossible interface names', () => {
    const spec = { connection: 'c1', name: 'vm', os: 'generic', memoryMiB: 256, vcpus: 1, storage: { kind: 'none' }, network: { kind: 'none' } };
    assert.equal(api.vmCreate.preview.params.safeParse({ spec: { ...spec, source: { kind: 'pxe' } } }).success, true);
    assert.equal(api.vmCreate.preview.params.safeParse({ spec: { ...spec, source: { kind: 'iso', path: 'relative.iso' } } }).success, false);
    assert.equal(api.vmCreate.preview.params.safeParse({ spec: { ...spec, source: { kind: 'shell', cmd: 'x' } } }).success, false);
    assert.equal(api.vmCreate.preview.params.safeParse({ spec: { ...spec, source: { kind: 'pxe' }, extra: 1 } }).success, false);
    const net = (network: unknown) => api.vmCreate.preview.params.safeParse({ spec: { ...spec, source: { kind: 'pxe' }, network } }).success;
    assert.equal(net({ kind: 'direct', name: 'enp0s31f6' }), true);
    for (const bad of ['', 'a/b', 'eth0 x', 'x'.repeat(16), "e'/><x", 'a:b']) assert.equal(net({ kind: 'direct', name: bad }), false, JSON.stringify(bad));
  });
});

describe('host capabilities', () => {
  it('reads arches, machines and virt types from capabilities XML', () => {
    const caps = parseHostCaps(`<capabilities><host><cpu><arch>x86_64</arch></cpu></host>
      <guest><os_type>hvm</os_type><arch name='x86_64'><machine>pc-i440fx-7.2</machine><machine canonical='pc-i440fx-7.2'>pc</machine><machine canonical='pc-q35-7.2'>q35</machine><domain type='qemu'/></arch></guest>
      <guest><os_type>hvm</os_type><arch name='i686'><machine canonical='pc-i440fx-7.2'>pc</machine><domain type='qemu'/><domain type='kvm'/></arch></guest></capabilities>`);
    assert.equal(caps.hostArch, 'x86_64');
    assert.equal(caps.arches[0]!.arch, 'x86_64');
    assert.deepEqual(caps.arches[0]!.machines, ['pc', 'pc-i440fx-7.2', 'q35']);
    assert.equal(caps.arches[0]!.defaultMachine, 'pc');
    assert.deepEqual(caps.arches[0]!.virtTypes, ['qemu']);
    assert.deepEqual(caps.arches[1]!.virtTypes, ['qemu', 'kvm']);
  });

  it('reads UEFI from the firmware enum and the TPM emulator from the backend models', () => {
    const dc = (firmware: string, backends: string) => `<domainCapabilities><machine>pc-q35-7.2</machine><os supported='yes'><enum name='firmware'>${firmware}</enum></os>
      <devices><disk supported='yes'><enum name='bus'><value>sata</value><value>virtio</value></enum></disk>
      <tpm supported='yes'><enum name='model'><value>tpm-tis</value><value>tpm-crb</value></enum><enum name='backendModel'>${backends}</enum></tpm></devices></domainCapabilities>`;
    assert.deepEqual(parseDomainCaps(dc('<value>bios</value><value>efi</value>', '<value>passthrough</value><value>emulator</value>')), {
      machine: 'pc-q35-7.2',
      efi: true,
      tpmEmulator: true,
      tpmModels: ['tpm-tis', 'tpm-crb'],
      diskBuses: ['sata', 'virtio'],
    });
    const none = parseDomainCaps(dc('', '<value>passthrough</value>'));
    assert.equal(none.efi, false);
    assert.equal(none.tpmEmulator, false);
  });

  it('warns below the OS minimum and above the host', () => {
    assert.deepEqual(resourceWarnings({ memoryMiB: 1024, vcpus: 1 }, GENERIC_LINUX, { memoryMiB: 4096, cpus: 2 }), []);
    assert.equal(resourceWarnings({ memoryMiB: 128, vcpus: 4 }, GENERIC_LINUX, { memoryMiB: 4096, cpus: 2 }).length, 2);
    assert.equal(resourceWarnings({ memoryMiB: 8192, vcpus: 1 }, GENERIC_LINUX, { memoryMiB: 4096, cpus: 2 }).length, 1);
  });
});
