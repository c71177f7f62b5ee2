// Chooses which of libvirt's own test XMLs become the round-trip corpus
// (test/fixtures/libvirt-corpus/files.txt). Run by fetch-libvirt-corpus.sh --reselect with the
// unpacked source's tests/ folder; prints the chosen paths, one per line, relative to tests/.
//
// Domains: a greedy set cover over the features each file uses (element paths, attribute names
// on them, and the values of the attributes that pick a kind: type, model, bus, device, mode…),
// so every device kind and option libvirt's tests exercise is in, then the files with the most
// rare features up to DOMAIN_TARGET. The other kinds are small: all of them are kept, except
// the capabilities folders, of which a few representative files are.
// Features are read with a tag scanner, not an XML parser: this only ranks files, and the
// round trip of the chosen ones is what the tests check.
import { readdirSync, readFileSync, lstatSync } from 'node:fs';
import { join } from 'node:path';

const DOMAIN_TARGET = 360;
const KIND_ATTRS = new Set(['type', 'model', 'bus', 'device', 'mode', 'name', 'policy', 'placement', 'firmware', 'machine', 'arch', 'backend', 'protocol', 'driver']);

function features(xml: string): Set<string> {
  const out = new Set<string>();
  const stack: string[] = [];
  const body = xml.replace(/<!--[\s\S]*?-->/g, '');
  for (const m of body.matchAll(/<(\/?)([A-Za-z_][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g)) {
    const [, close, name, attrs, selfClose] = m as unknown as [string, string, string, string, string];
    if (close) {
      stack.pop();
      continue;
    }
    const path = [...stack.slice(-3), name].join('/');
    out.add(path);
    for (const a of attrs.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      const attr = a[1]!;
      out.add(`${path}@${attr}`);
      if (KIND_ATTRS.has(attr) && name !== 'name') out.add(`${path}@${attr}=${a[2] ?? a[3]}`);
    }
    if (!selfClose) stack.push(name);
  }
  return out;
}

function xmlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.xml') && !lstatSync(join(dir, f)).isSymbolicLink())
    .sort();
}

function selectDomains(tests: string): string[] {
  const dir = join(tests, 'qemuxml2argvdata');
  const files = xmlFiles(dir).map((f) => ({ f, feats: features(readFileSync(join(dir, f), 'utf8')) }));
  const freq = new Map<string, number>();
  for (const { feats } of files) for (const x of feats) freq.set(x, (freq.get(x) ?? 0) + 1);
  const covered = new Set<string>();
  const chosen: string[] = [];
  const left = new Set(files);
  for (;;) {
    let best: (typeof files)[number] | undefined;
    let bestGain = 0;
    for (const c of left) {
      let gain = 0;
      for (const x of c.feats) if (!covered.has(x)) gain++;
      // Ties go to the smaller file: the same coverage for fewer bytes.
      if (gain > bestGain || (gain === bestGain && gain > 0 && best && c.feats.size < best.feats.size)) {
        best = c;
        bestGain = gain;
      }
    }
    if (!best) break;
    chosen.push(best.f);
    left.delete(best);
    for (const x of best.feats) covered.add(x);
  }
  console.error(`select: ${chosen.length} domain files cover all ${covered.size} features`);
  const rarity = (c: (typeof files)[number]): number => [...c.feats].reduce((s, x) => s + 1 / freq.get(x)!, 0);
  const rest = [...left].sort((a, b) => rarity(b) - rarity(a) || a.f.localeCompare(b.f));
  for (const c of rest) {
    if (chosen.length >= DOMAIN_TARGET) break;
    chosen.push(c.f);
  }
  return chosen.sort().map((f) => `qemuxml2argvdata/${f}`);
}

function all(tests: string, folder: string): string[] {
  try {
    return xmlFiles(join(tests, folder)).map((f) => `${folder}/${f}`);
  } catch {
    return [];
  }
}

const tests = process.argv[2];
if (!tests) {
  console.error('usage: select-libvirt-corpus.ts LIBVIRT_SOURCE/tests');
  process.exit(2);
}
const domainCaps = all(tests, 'domaincapsdata').filter((f) => /qemu_7\.2\.0|qemu_6\.2\.0\.(aarch64|ppc64)|qemu_5\.2\.0\.s390x|empty|bhyve_uefi|libxl-xenfv/.test(f));
const hostCaps = [...all(tests, 'capabilityschemadata'), ...all(tests, 'vircaps2xmldata').filter((f) => /basic|caches|resctrl-cdp|dies/.test(f))];
const chosen = [
  ...selectDomains(tests),
  ...all(tests, 'networkxml2xmlin'),
  ...all(tests, 'storagepoolxml2xmlin'),
  ...all(tests, 'storagevolxml2xmlin'),
  ...all(tests, 'qemudomainsnapshotxml2xmlin'),
  ...all(tests, 'qemudomainsnapshotxml2xmlout'),
  ...hostCaps,
  ...domainCaps,
];
process.stdout.write(chosen.map((f) => `${f}\n`).join(''));
