// OS knowledge from the system's osinfo-db (Debian's 2022 package): detection from ISO images
// that xorriso writes with the volume descriptors of real install media, search as a user
// types it, and what derived OSes inherit.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_OSINFO_DIR, loadOsDb, readIsoFileHeader, type OsDb } from '../../electron/node/osinfo/index.js';

const OS_DIR = join(DEFAULT_OSINFO_DIR, 'os');
let tmp: string;
let db: OsDb;

/** An ISO image written by xorriso with the given Primary Volume Descriptor fields. */
function makeIso(name: string, ids: { volume: string; system?: string; publisher?: string; application?: string }): string {
  const src = join(tmp, `${name}-src`);
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'README.TXT'), `${name}\n`);
  const out = join(tmp, `${name}.iso`);
  const args = ['-as', 'mkisofs', '-quiet', '-V', ids.volume, '-o', out];
  if (ids.system !== undefined) args.push('-sysid', ids.system);
  if (ids.publisher !== undefined) args.push('-publisher', ids.publisher);
  if (ids.application !== undefined) args.push('-A', ids.application);
  execFileSync('xorriso', [...args, src], { stdio: ['ignore', 'ignore', 'pipe'] });
  return out;
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'virtdeck-osinfo-'));
  const t0 = performance.now();
  db = await loadOsDb();
  // Reported, not asserted: wall-clock limits fail on a loaded 2-core machine.
  console.log(`osinfo-db: ${db.size} OSes loaded in ${(performance.now() - t0).toFixed(0)} ms`);
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('osinfo-db: loading', () => {
  it('reads every OS file once per directory and hands out the same DB again', async () => {
    assert.ok(db.size > 700, `expected the full DB, got ${db.size}`);
    assert.equal(await loadOsDb(), db);
  });

  it('finds OSes by full id and by every short id', () => {
    const d11 = db.get('http://debian.org/debian/11');
    assert.ok(d11);
    assert.equal(d11.shortId, 'debian11');
    assert.equal(db.get('debian11'), d11);
    assert.equal(db.get('debianbullseye'), d11, 'a second short id');
    assert.equal(d11.name, 'Debian 11', 'the default-language name, not a translation');
    assert.equal(d11.family, 'linux');
    assert.equal(d11.distro, 'debian');
    assert.equal(d11.releaseDate, '2021-08-14');
    assert.deepEqual(d11.installTree, {
      kernel: 'current/images/netboot/debian-installer/amd64/linux',
      initrd: 'current/images/netboot/debian-installer/amd64/initrd.gz',
    });
    assert.equal(d11.cloudImage, true);
    assert.equal(db.get('no-such-os'), undefined);
  });

  it('says what to install when the DB is missing, and keeps no failed load', async () => {
    const missing = join(tmp, 'no-osinfo-here');
    await assert.rejects(loadOsDb(missing), /Cannot read the OS database in .*no-osinfo-here.*apt-get install osinfo-db/);
    await assert.rejects(loadOsDb(missing), /Cannot read/);
  });

  it('skips a media rule JavaScript cannot compile and still detects by the others', async () => {
    const dir = join(tmp, 'tiny-db');
    mkdirSync(join(dir, 'os', 'example.org'), { recursive: true });
    const os = (id: string, volume: string, extra = '') => `<?xml version="1.0"?>
<libosinfo version="0.0.1">
  <os id="http://example.org/${id}">
    <short-id>${id}</short-id>
    <name>Example &amp; ${id}</name>
    <name xml:lang="de">Beispiel ${id}</name>
    <family>linux</family>
    <release-date>2022-02-02</release-date>
    ${extra}
    <media arch="x86_64"><iso><volume-id>${volume}</volume-id></iso></media>
  </os>
</libosinfo>`;
    // a++ is PCRE's possessive quantifier: a SyntaxError in JavaScript.
    writeFileSync(join(dir, 'os', 'example.org', 'bad.xml'), os('bad', 'EX a++ BAD'));
    writeFileSync(join(dir, 'os', 'example.org', 'good.xml'), os('good', '^EXAMPLE-\\d+$'));
    writeFileSync(join(dir, 'os', 'example.org', 'broken.xml'), '<libosinfo><os id="x"><name>unclosed');
    const tiny = await loadOsDb(dir);
    assert.equal(tiny.get('good')?.name, 'Example & good', 'entities decoded, translations ignored');
    const pvd = { systemId: '', volumeId: 'EXAMPLE-42', publisherId: '', applicationId: '', volumeSize: 0 };
    assert.equal(tiny.detectIsoHeader(pvd)?.shortId, 'good');
    assert.equal(tiny.detectIsoHeader({ ...pvd, volumeId: 'EXAMPLE-42x' }), null, 'anchors in the rule are honoured');
    // No libosinfo generic entry: the newest Linux stands in.
    assert.ok(['good', 'bad'].includes(tiny.genericLinux().shortId));
  });
});

describe('osinfo-db: detection from ISO volume descriptors', () => {
  it("detects a Debian 11 netinst ISO by the DB's own rule", async () => {
    const rule = readFileSync(join(OS_DIR, 'debian.org', 'debian-11.xml'), 'utf8');
    assert.ok(rule.includes('<volume-id>Debian 11.\\d+.\\d+ amd64 n</volume-id>'), 'the rule this test relies on is in the DB');
    const iso = makeIso('debian11', { volume: 'Debian 11.5.0 amd64 n', system: 'LINUX', publisher: 'Debian', application: 'Debian' });
    const pvd = await readIsoFileHeader(iso);
    assert.ok(pvd);
    assert.equal(pvd.volumeId, 'Debian 11.5.0 amd64 n');
    assert.equal(pvd.systemId, 'LINUX');
    assert.equal(pvd.publisherId, 'DEBIAN', 'ISO9660 a-characters are upper case');
    assert.ok(pvd.volumeSize > 0 && pvd.volumeSize % 2048 === 0);
    const media = db.detectIsoMedia(pvd);
    assert.equal(media?.os.shortId, 'debian11');
    assert.equal(media.arch, 'x86_64');
    assert.equal(media.kernel, 'install.amd/vmlinuz');
    assert.equal(media.initrd, 'install.amd/initrd.gz');
    assert.equal(db.detectIsoHeader(pvd, 'x86_64')?.shortId, 'debian11');
    assert.equal(db.detectIsoHeader(pvd, 'aarch64'), null, 'an amd64 disc is not an arm64 install medium');
  });

  it('detects the Debian 11 DVD (a different rule of the same OS)', async () => {
    const pvd = await readIsoFileHeader(makeIso('debian11dvd', { volume: 'Debian 11.5.0 amd64 1' }));
    assert.equal(db.detectIsoHeader(pvd!)?.shortId, 'debian11');
  });

  it('detects a Fedora 36 Server ISO (volume id and system id)', async () => {
    const rule = readFileSync(join(OS_DIR, 'fedoraproject.org', 'fedora-36.xml'), 'utf8');
    assert.ok(rule.includes('<volume-id>Fedora-S-dvd-x86_64-36</volume-id>'));
    const pvd = await readIsoFileHeader(makeIso('fedora36', { volume: 'Fedora-S-dvd-x86_64-36', system: 'LINUX' }));
    const media = db.detectIsoMedia(pvd!);
    assert.equal(media?.os.shortId, 'fedora36');
    assert.equal(media.kernel, 'isolinux/vmlinuz');
    assert.equal(db.detectIsoHeader({ ...pvd!, volumeId: 'Fedora-S-dvd-x86_64-35' })?.shortId, 'fedora35');
  });

  it('detects Windows 11 by volume id and publisher, and not without the publisher', async () => {
    const pvd = await readIsoFileHeader(makeIso('win11', { volume: 'CCCOMA_X64FRE_EN-US_DV9', publisher: 'MICROSOFT CORPORATION' }));
    const win = db.detectIsoHeader(pvd!);
    assert.equal(win?.shortId, 'win11');
    assert.equal(win.tpmRequired, true);
    assert.notEqual(db.detectIsoHeader({ ...pvd!, publisherId: 'SOMEONE ELSE' })?.shortId, 'win11');
  });

  it('matches nothing for an unknown disc, and generic Linux defaults stand in', async () => {
    const pvd = await readIsoFileHeader(makeIso('unknown', { volume: 'VIRTDECK_TEST_DISC', system: 'LINUX', publisher: 'NOBODY' }));
    assert.ok(pvd);
    assert.equal(db.detectIsoHeader(pvd), null);
    const generic = db.genericLinux();
    assert.equal(generic.id, 'http://libosinfo.org/linux/2022', 'the newest generic entry of the 2022 DB');
    assert.equal(generic.family, 'linux');
    assert.ok(generic.devices.virtioNet && generic.devices.virtioBlock && generic.devices.virtioRng && generic.devices.virtioBalloon);
    assert.ok(generic.resources.recommended?.ramBytes);
  });

  it('answers null, never a throw, for files that are not ISO images', async () => {
    const empty = join(tmp, 'empty.bin');
    writeFileSync(empty, '');
    const short = join(tmp, 'short.bin');
    writeFileSync(short, Buffer.alloc(20_000, 1));
    const noise = join(tmp, 'noise.bin');
    writeFileSync(noise, Buffer.alloc(64 * 1024, 0x43));
    const qcow = join(tmp, 'disk.qcow2');
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', qcow, '1M']);
    for (const f of [empty, short, noise, qcow]) assert.equal(await readIsoFileHeader(f), null, f);
    await assert.rejects(readIsoFileHeader(join(tmp, 'missing.iso')), /ENOENT/, 'a missing file is an error, not "no ISO"');
  });
});

describe('osinfo-db: search', () => {
  it('"debian" lists Debian 11, then Debian 10, end-of-life releases after supported ones', () => {
    const hits = db.search('debian', 50);
    assert.deepEqual(
      hits.slice(0, 2).map((e) => e.shortId),
      ['debian11', 'debian10'],
    );
    const today = new Date().toISOString().slice(0, 10);
    const eol = hits.map((e) => e.eolDate !== undefined && e.eolDate <= today);
    assert.ok(eol.includes(true), 'old Debian releases are in the list');
    assert.equal(
      eol.indexOf(true),
      eol.findIndex((x, i) => x && eol.slice(i).every(Boolean)),
      'no supported release after an EOL one',
    );
    assert.ok(hits.every((e) => /debian/i.test(e.name) || e.shortIds.some((s) => s.includes('debian'))));
  });

  for (const q of ['win 11', 'windows 11', 'Windows 11', 'win11']) {
    it(`"${q}" finds Windows 11, which requires UEFI and a TPM`, () => {
      const [win] = db.search(q);
      assert.equal(win?.shortId, 'win11');
      assert.equal(win.family, 'winnt');
      assert.equal(win.tpmRequired, true);
      assert.deepEqual(win.firmware, { efiSupported: true, efiRequired: true });
    });
  }

  it('puts an exact short id first and respects the limit', () => {
    assert.equal(db.search('fedora36')[0]?.shortId, 'fedora36');
    assert.equal(db.search('fedora', 3).length, 3);
    assert.deepEqual(db.search('no such operating system'), []);
  });
});

describe('osinfo-db: inheritance through derives-from and clones', () => {
  it("Generic Linux 2022 inherits Ubuntu 22.04's resources and devices, but keeps its own virtio-gpu", () => {
    const own = readFileSync(join(OS_DIR, 'libosinfo.org', 'linux-2022.xml'), 'utf8');
    assert.ok(own.includes('<derives-from id="http://ubuntu.com/ubuntu/22.04"/>'));
    assert.ok(own.includes('<resources arch="all" inherit="true"/>') && !own.includes('<ram>'), 'states no resources itself');
    assert.ok(!own.includes('1af4/1041') && !own.includes('1af4/1000'), 'states no virtio-net itself');
    const generic = db.get('linux2022')!;
    const ubuntu = db.get('ubuntu22.04')!;
    assert.deepEqual(generic.resources, ubuntu.resources);
    assert.equal(generic.resources.minimum?.ramBytes, ubuntu.resources.minimum?.ramBytes);
    assert.ok(generic.devices.virtioNet && generic.devices.virtioBlock && generic.devices.q35);
    assert.equal(ubuntu.devices.virtioGpu, false, 'Ubuntu 22.04 switches virtio-gpu off');
    assert.equal(generic.devices.virtioGpu, true, 'the nearer statement wins');
    assert.equal(generic.ancestors[0], 'http://ubuntu.com/ubuntu/22.04');
  });

  it('Windows 11 inherits its devices from Windows 10 and never recommends less than its minimum', () => {
    const own = readFileSync(join(OS_DIR, 'microsoft.com', 'win-11.xml'), 'utf8');
    assert.ok(!own.includes('<devices>'), 'Windows 11 states no devices itself');
    const win11 = db.get('win11')!;
    const win10 = db.get('win10')!;
    assert.deepEqual(win11.devices, win10.devices);
    assert.equal(win11.devices.usbTablet, true);
    assert.equal(win11.devices.virtioNet, false, 'Windows needs separate drivers for virtio');
    assert.equal(win11.resources.minimum?.ramBytes, 4 * 2 ** 30);
    assert.equal(win11.resources.minimum?.cpus, 2);
    assert.ok(win11.resources.recommended!.ramBytes! >= win11.resources.minimum.ramBytes);
    assert.equal(win10.tpmRequired, false);
    assert.equal(win10.firmware.efiRequired, false);
  });

  it('a clone (Rocky Linux 9 clones RHEL 9) inherits the devices it does not state', () => {
    const own = readFileSync(join(OS_DIR, 'rockylinux.org', 'rocky-9.xml'), 'utf8');
    assert.ok(own.includes('<clones id="http://redhat.com/rhel/9.0"/>'));
    const rocky = db.get('rocky9')!;
    const rhel = db.get('rhel9.0')!;
    assert.ok(rocky.ancestors.includes('http://redhat.com/rhel/9.0'));
    assert.equal(rocky.devices.virtioNet, rhel.devices.virtioNet);
    assert.equal(rocky.devices.virtioNet, true);
  });
});
