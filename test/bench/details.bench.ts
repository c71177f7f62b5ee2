// `npm run bench -- details`: what opening a VM's Hardware tab costs over a link with latency.
// A shut-off VM with about 50 devices on qemu:///system, reached through the bench's own delay
// proxy in front of libvirtd's socket (10 ms each way: 20 ms round trip); the backend is the
// real one, called through the contract. Measured in the same run: reading the VM's XML alone
// over the same link (the floor any editor pays), and domains.hardware (what the tab asks for),
// with the libvirt calls it makes counted at the proxy. Goal: at most 2 round trips and a time
// at most 1.5 × the XML alone. Medians over BENCH_RUNS (default 15); the last line is JSON.
import { join } from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as libvirt from 'virtdeck/native';
import { harness } from '../integration/backend/support.js';
import { purgeDomain, SYSTEM_URI, uniqueName, xmlEscape } from '../integration/native/support.js';
import { startDelayProxy } from './libvirt-delay-proxy.js';
import { median, printResult, round } from './stats.js';

const ONE_WAY_MS = 10;
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 15));
const CONFIG = libvirt.DomainXMLFlags.INACTIVE | libvirt.DomainXMLFlags.SECURE;

/** A VM with many devices of many kinds (about 50, with the controllers libvirt adds). */
function manyDevicesXml(name: string): string {
  const devices: string[] = [];
  const letters = 'abcdefgh';
  for (let i = 0; i < 8; i++) {
    devices.push(
      `<disk type='file' device='disk'><driver name='qemu' type='qcow2' cache='none'/><source file='/var/lib/libvirt/images/${xmlEscape(name)}-${i}.qcow2'/><target dev='vd${letters[i]}' bus='virtio'/></disk>`,
    );
  }
  devices.push("<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><target dev='sda' bus='sata'/><readonly/></disk>");
  for (let i = 0; i < 8; i++) devices.push(`<interface type='user'><mac address='52:54:00:be:00:${String(i).padStart(2, '0')}'/><model type='virtio'/></interface>`);
  for (let i = 0; i < 8; i++) devices.push(`<channel type='unix'><target type='virtio' name='org.virtdeck.bench.${i}'/></channel>`);
  devices.push("<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>");
  for (let i = 0; i < 4; i++) devices.push(`<redirdev bus='usb' type='tcp'><source mode='connect' host='127.0.0.1' service='${4000 + i}'/></redirdev>`);
  devices.push("<serial type='pty'><target port='0'/></serial>", "<console type='pty'><target type='serial' port='0'/></console>");
  devices.push("<input type='tablet' bus='usb'/>", "<graphics type='vnc' autoport='yes' listen='127.0.0.1'/>", "<video><model type='virtio'/></video>");
  devices.push(
    "<sound model='ich9'/>",
    "<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>",
    "<watchdog model='i6300esb' action='reset'/>",
    "<panic model='isa'/>",
  );
  devices.push("<controller type='scsi' model='virtio-scsi'/>", "<controller type='usb' model='qemu-xhci'/>");
  return `<domain type='qemu'>
  <name>${xmlEscape(name)}</name>
  <memory unit='MiB'>256</memory>
  <vcpu>2</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    ${devices.join('\n    ')}
  </devices>
</domain>`;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export default async function bench(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-bench-details-'));
  const proxy = await startDelayProxy(join(dir, 'libvirt-sock'), ONE_WAY_MS);
  const proxyUri = `qemu+unix:///system?socket=${proxy.path}`;
  const name = uniqueName('bench-details');
  const admin = await libvirt.open(SYSTEM_URI);
  // The backend's connection to qemu:///system goes through the proxy (its URI is checked as
  // usual; only the socket it reaches differs).
  const h = await harness({ open: (_uri, o) => libvirt.open(proxyUri, o) });
  const direct = await libvirt.open(proxyUri);
  try {
    const defined = await admin.defineXML(manyDevicesXml(name));
    const uuid = await defined.UUIDString();
    const { id: connection } = await h.client.api.connections.add({ spec: { uri: SYSTEM_URI, autoconnect: false } });
    await h.client.api.connections.open({ id: connection });
    await h.client.api.domains.list({ connection });
    const ref = { connection, uuid };
    const dom = await direct.lookupByUUIDString(uuid);

    // The first opening also looks the VM up; later ones reuse the registry's handle.
    let before = proxy.requests;
    const firstMs = await timed(() => h.client.api.domains.hardware({ ref }));
    const firstCalls = proxy.requests - before;
    const devices = (await h.client.api.domains.hardware({ ref })).devices.length;

    const xmlMs: number[] = [];
    const hardwareMs: number[] = [];
    const calls: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      xmlMs.push(await timed(() => dom.XMLDesc(CONFIG)));
      before = proxy.requests;
      hardwareMs.push(await timed(() => h.client.api.domains.hardware({ ref })));
      calls.push(proxy.requests - before);
    }
    const ratio = median(hardwareMs) / median(xmlMs);
    const result = {
      bench: 'details',
      devices,
      roundTripMs: 2 * ONE_WAY_MS,
      runs: RUNS,
      xmlAloneMs: round(median(xmlMs), 1),
      hardwareMs: round(median(hardwareMs), 1),
      ratio: round(ratio, 2),
      ratioWithinGoal: ratio <= 1.5 ? 'yes' : 'no',
      libvirtCalls: median(calls),
      callsWithinGoal: median(calls) <= 2 ? 'yes' : 'no',
      libvirtCallsMax: Math.max(...calls),
      firstOpenMs: round(firstMs, 1),
      firstOpenCalls: firstCalls,
    };
    printResult(result, {
      devices: 'in the VM’s definition, as the Hardware tab lists them',
      xmlAloneMs: 'virDomainGetXMLDesc (inactive, secure) over the same link (median)',
      hardwareMs: 'domains.hardware through the contract (median)',
      ratio: 'hardware ÷ XML alone (goal ≤ 1.5)',
      libvirtCalls: 'libvirt calls per opening, counted at the proxy (median; goal ≤ 2)',
      libvirtCallsMax: 'the most in one opening: calls of the backend’s own meanwhile count too (another VM’s event)',
      firstOpenMs: 'the first opening, which also looks the VM up',
      firstOpenCalls: 'calls at the proxy meanwhile (the lookup, and what else the backend did then)',
    });
  } finally {
    await h.close();
    await direct.close().catch(() => undefined);
    await purgeDomain(admin, name);
    await admin.close();
    await proxy.close();
    await rm(dir, { recursive: true, force: true });
  }
}
