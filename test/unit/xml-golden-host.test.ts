// Golden pairs for the host-side XML models (test/fixtures/xml/{network,storage-pool,
// storage-volume,snapshot,capabilities,domain-capabilities}/): each -in file's edit, applied
// through the model, gives the -out file byte for byte; every bound property of every class of
// these models is set, changed and cleared by some pair (flags: set and cleared).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { propertyRegistry, type PropValue } from '../../electron/node/xml/binding.js';
import { DEVICE_CLASSES, Device } from '../../electron/node/xml/devices/index.js';
import { Domain } from '../../electron/node/xml/domain.js';
import { root } from '../support/serve-process.js';
import { EDIT, GOLDEN_KINDS, resolveTarget } from '../support/xml-golden-host.js';

interface Case {
  kind: string;
  name: string;
  className: string;
  prop: string;
  op: 'set' | 'change' | 'clear';
}

const cases: Case[] = [];

describe('host-side XML models: golden pairs', () => {
  for (const k of GOLDEN_KINDS) {
    it(`${k.kind}: each edit gives the -out file byte for byte, the rest untouched`, () => {
      const dir = join(root, 'test', 'fixtures', 'xml', k.kind);
      const names = readdirSync(dir)
        .filter((f) => f.endsWith('-in.xml'))
        .map((f) => f.slice(0, -'-in.xml'.length))
        .sort();
      assert.ok(names.length > 0, `${k.kind}: no pairs`);
      for (const name of names) {
        const input = readFileSync(join(dir, `${name}-in.xml`), 'utf8');
        const m = EDIT.exec(input);
        assert.ok(m, `${name}: the first line must be an edit comment`);
        const [, target, prop, json] = m as unknown as [string, string, string, string | undefined];
        const op = name.match(/-(set|change|clear)$/)?.[1] as Case['op'] | undefined;
        assert.ok(op, `${name}: the name must end in -set, -change or -clear`);
        const doc = k.parse(input);
        const obj = resolveTarget(doc, k.kind, target);
        assert.ok(obj, `${name}: no ${target} in the input`);
        const className = obj.constructor.name;
        const o = obj as unknown as Record<string, PropValue | undefined>;
        const def = propertyRegistry.get(className)?.find((d) => d.name === prop);
        assert.ok(def, `${name}: ${className} has no bound property ${prop}`);
        const absent = (v: unknown): boolean => v === undefined || (def.kind === 'flag' && v === false);
        const value = json === undefined ? undefined : (JSON.parse(json) as PropValue);
        if (op === 'set') assert.ok(absent(o[prop]), `${name}: a set case starts without the property`);
        else assert.ok(!absent(o[prop]), `${name}: a ${op} case starts with the property`);
        if (op === 'change') assert.notDeepEqual(value, o[prop], `${name}: a change case changes the value`);
        o[prop] = value;
        if (op === 'clear') assert.ok(absent(o[prop]), `${name}: reads ${String(o[prop])} after clearing`);
        else assert.deepEqual(o[prop], value, `${name}: reads back what was set`);
        const out = doc.doc.serialize();
        assert.equal(out, readFileSync(join(dir, `${name}-out.xml`), 'utf8'), name);
        assert.equal(k.parse(out).doc.serialize(), out, `${name}: the output parses back to itself`);
        cases.push({ kind: k.kind, name, className, prop, op });
      }
    });
  }

  it('sets, changes and clears every bound property of every host-side model class', () => {
    const seen = new Set(cases.map((c) => `${c.className}.${c.prop}.${c.op}`));
    const missing: string[] = [];
    for (const k of GOLDEN_KINDS) {
      for (const { cls } of k.classes) {
        const defs = propertyRegistry.get(cls.name);
        assert.ok(defs?.length, `${cls.name} has properties`);
        for (const def of defs) {
          for (const op of def.kind === 'flag' ? ['set', 'clear'] : ['set', 'change', 'clear']) {
            if (!seen.has(`${cls.name}.${def.name}.${op}`)) missing.push(`${cls.name}.${def.name}.${op}`);
          }
        }
      }
    }
    assert.deepEqual(missing, []);
  });

  it('every class with bound properties has golden pairs here or in the domain model’s (xml-golden.test.ts)', () => {
    // A class is covered through the classes that inherit its properties, too (Device, CharDevice).
    const covered = new Set<string>();
    for (const cls of [Domain, Device, ...Object.values(DEVICE_CLASSES), ...GOLDEN_KINDS.flatMap((k) => k.classes.map((c) => c.cls))]) {
      for (let c: unknown = cls; typeof c === 'function' && c.name; c = Object.getPrototypeOf(c)) covered.add(c.name);
    }
    assert.deepEqual(
      [...propertyRegistry.keys()].filter((name) => !covered.has(name)),
      [],
    );
  });
});

describe('host-side XML models: sizes and children', () => {
  it('reads sizes through their unit and writes bytes, so an old unit cannot rescale a new size', async () => {
    const { StorageVolume } = await import('../../electron/node/xml/storage-volume.js');
    const v = StorageVolume.parse("<volume>\n  <name>v</name>\n  <capacity unit='G'>10</capacity>\n</volume>\n");
    assert.equal(v.capacityBytes, 10 * 1024 ** 3);
    v.capacityBytes = 5 * 1024 ** 2;
    assert.equal(v.doc.serialize(), "<volume>\n  <name>v</name>\n  <capacity unit='bytes'>5242880</capacity>\n</volume>\n");
    v.capacityBytes = undefined;
    assert.equal(v.doc.serialize(), '<volume>\n  <name>v</name>\n</volume>\n');
  });

  it('adds and removes a network’s addresses, DHCP ranges and hosts, and DNS hosts in libvirt’s order', async () => {
    const { Network } = await import('../../electron/node/xml/network.js');
    const n = Network.create('n1');
    n.forwardMode = 'nat';
    n.bridgeName = 'virbr9';
    const ip = n.addIp({ address: '10.9.0.1', prefix: 24 });
    ip.addRange('10.9.0.100', '10.9.0.199');
    const h = ip.addHost({ mac: '52:54:00:00:00:09', name: 'a<b', ip: '10.9.0.9' });
    n.addDnsHost('10.9.0.9', ['a']);
    n.addIp({ family: 'ipv6', address: 'fd09::1', prefix: 64 });
    assert.equal(
      n.doc.serialize(),
      [
        '<network>',
        '  <name>n1</name>',
        "  <forward mode='nat'/>",
        "  <bridge name='virbr9'/>",
        '  <dns>',
        "    <host ip='10.9.0.9'>",
        '      <hostname>a</hostname>',
        '    </host>',
        '  </dns>',
        "  <ip address='10.9.0.1' prefix='24'>",
        '    <dhcp>',
        "      <range start='10.9.0.100' end='10.9.0.199'/>",
        "      <host mac='52:54:00:00:00:09' name='a&lt;b' ip='10.9.0.9'/>",
        '    </dhcp>',
        '  </ip>',
        "  <ip family='ipv6' address='fd09::1' prefix='64'/>",
        '</network>',
      ].join('\n'),
    );
    assert.deepEqual(
      n.ips.map((i) => i.isIpv6),
      [false, true],
    );
    ip.removeHost(h);
    ip.removeRange(ip.ranges[0]!);
    n.removeDnsHost(n.dnsHosts[0]!);
    n.removeIp(n.ips[1]!);
    assert.equal(n.doc.serialize(), "<network>\n  <name>n1</name>\n  <forward mode='nat'/>\n  <bridge name='virbr9'/>\n  <ip address='10.9.0.1' prefix='24'/>\n</network>");
  });
});
