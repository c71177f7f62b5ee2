// The NoCloud seed image written in Node, read back by independent readers: xorriso (its
// Joliet tree and its plain ISO9660 tree), blkid (how cloud-init finds the seed by its label)
// and our own volume descriptor reader.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { CloudInitInputError, metaData, userData, writeSeedIso } from '../../electron/node/cloud-init/index.js';
import { readIsoFileHeader } from '../../electron/node/osinfo/index.js';

let tmp: string;
let n = 0;

function save(image: Buffer): string {
  const file = join(tmp, `seed-${++n}.iso`);
  writeFileSync(file, image);
  return file;
}

/** File paths and sizes xorriso lists; mode 'nojoliet' reads the plain ISO9660 tree. */
function list(iso: string, mode = 'any'): string[] {
  const out = execFileSync('xorriso', ['-read_fs', mode, '-indev', iso, '-find', '/', '-type', 'f', '-exec', 'lsdl'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  }).toString();
  return out
    .split('\n')
    .filter((l) => l.startsWith('-'))
    .map((l) => {
      const m = /\s(\d+)\s+\w{3}\s+\d+\s+[\d:]+\s+'(.*)'$/.exec(l);
      assert.ok(m, l);
      return `${m[2]} ${m[1]}`;
    })
    .sort();
}

/** Extracts the whole image with xorriso and returns the files it wrote. */
function extract(iso: string): Record<string, Buffer> {
  const dir = join(tmp, `x-${++n}`);
  execFileSync('xorriso', ['-osirrox', 'on', '-indev', iso, '-extract', '/', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))]));
}

function pvdInfo(iso: string): string {
  return execFileSync('xorriso', ['-indev', iso, '-pvd_info'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'virtdeck-seed-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('cloud-init seed ISO', () => {
  it('holds exactly user-data and meta-data with their content, labelled cidata', async () => {
    const ud = userData({ user: 'alice', password: 'pw', hostname: 'vm-1', extraYaml: 'packages: [htop]\n' });
    const md = metaData({ instanceId: 'iid-virtdeck-1', hostname: 'vm-1' });
    const iso = save(writeSeedIso({ 'user-data': ud, 'meta-data': md }));

    assert.deepEqual(list(iso), [`/meta-data ${Buffer.byteLength(md)}`, `/user-data ${Buffer.byteLength(ud)}`]);
    const files = extract(iso);
    assert.deepEqual(Object.keys(files).sort(), ['meta-data', 'user-data']);
    assert.equal(files['user-data']!.toString('utf8'), ud);
    assert.equal(files['meta-data']!.toString('utf8'), md);
    assert.equal((parse(files['user-data']!.toString('utf8')) as { users: { name: string }[] }).users[0]!.name, 'alice');

    assert.match(pvdInfo(iso), /Volume Id\s*:\s*cidata\s*$/m);
    assert.equal((await readIsoFileHeader(iso))?.volumeId, 'cidata');
    // cloud-init's NoCloud source finds its seed with blkid by TYPE=iso9660 and LABEL=cidata.
    const probe = execFileSync('blkid', ['-p', '-o', 'export', iso]).toString();
    assert.match(probe, /^TYPE=iso9660$/m);
    assert.match(probe, /^LABEL=cidata$/m);
    assert.match(probe, /Joliet/);
  });

  it('has a valid plain ISO9660 tree too (8.3 names for readers without Joliet)', () => {
    const iso = save(writeSeedIso({ 'user-data': 'a', 'meta-data': 'bb', 'network-config': 'ccc', 'vendor-data': '' }));
    assert.deepEqual(list(iso, 'nojoliet'), ['/META_DAT 2', '/NETWORK_ 3', '/USER_DAT 1', '/VENDOR_D 0']);
    assert.deepEqual(list(iso), ['/meta-data 2', '/network-config 3', '/user-data 1', '/vendor-data 0']);
  });

  it('keeps names that clash in 8.3 apart, and file contents of any size intact', () => {
    const big = Buffer.alloc(3 * 2048 + 5);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 0xff;
    const exact = Buffer.alloc(4096, 0x5a);
    const iso = save(writeSeedIso({ 'user-data-one': big, 'user-data-two': exact, 'ünïcødé name.txt': 'u' }));
    const files = extract(iso);
    assert.ok(files['user-data-one']!.equals(big));
    assert.ok(files['user-data-two']!.equals(exact));
    assert.equal(files['ünïcødé name.txt']!.toString(), 'u');
    const plain = list(iso, 'nojoliet').map((l) => l.split(' ')[0]);
    assert.equal(new Set(plain).size, 3, `8.3 names are unique: ${plain.join(', ')}`);
  });

  it('writes the same bytes for the same input and date', () => {
    const date = new Date('2024-05-06T07:08:09Z');
    const a = writeSeedIso({ 'user-data': 'x', 'meta-data': 'y' }, 'cidata', { date });
    const b = writeSeedIso({ 'meta-data': 'y', 'user-data': 'x' }, 'cidata', { date });
    assert.equal(a.length % 2048, 0);
    assert.ok(a.length < 64 * 1024, 'a seed is a few sectors');
    assert.equal(a.subarray(0, 25 * 2048).equals(b.subarray(0, 25 * 2048)), false, 'file order decides data placement');
    assert.ok(a.equals(writeSeedIso({ 'user-data': 'x', 'meta-data': 'y' }, 'cidata', { date })));
    assert.match(pvdInfo(save(a)), /Creation Time\s*:\s*2024050607080900/);
  });

  it('refuses names and labels it cannot store', () => {
    const bad = (id: string) => (e: unknown) => e instanceof CloudInitInputError && e.code === 'invalid-input' && e.messageId === id;
    for (const name of ['', 'a/b', '../x', 'x;1', 'a\\b', 'a\nb', '.', '..', 'x'.repeat(65), 'a:b']) {
      assert.throws(() => writeSeedIso({ [name]: 'x' }), bad('cloudInit.seed.fileName'), JSON.stringify(name));
    }
    for (const label of ['', 'has space', 'x'.repeat(17), 'a/b', 'é']) {
      assert.throws(() => writeSeedIso({ 'user-data': 'x' }, label), bad('cloudInit.seed.volumeId'), label);
    }
  });
});
