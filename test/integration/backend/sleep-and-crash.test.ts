// A guest that suspends itself (pmsuspended) and one that panics (crashed, held by
// on_crash=preserve), made for real by the tiny Linux guest under QEMU TCG: the actions the UI
// offers for each state are the ones libvirt accepts, Wake Up wakes, and bulk Force Off stops a
// crashed VM. The rules are the renderer's own table (actions.ts), checked against libvirtd.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import type { DomainRef, DomainSummary } from '../../../electron/common/api/domains.js';
import { ACTIONS, run as runAction, type ActionId } from '../../../renderer/src/features/domains/actions.js';
import { purgeDomain, SYSTEM_URI, uniqueName } from '../native/support.js';
import { guestShell } from '../../support/guest-shell.js';
import { tinyGuest, tinyGuestDomainXML } from '../../support/tiny-guest.js';
import { harness, waitFor, type Harness } from './support.js';

const run = promisify(execFile);
const allowed = (d: DomainSummary): ActionId[] => ACTIONS.filter((a) => a.allowed(d)).map((a) => a.id);

describe('pmsuspended and crashed VMs follow libvirt’s state machine (real QEMU, tiny guest)', () => {
  let h: Harness;
  let conn: libvirt.Connection;
  let id: string;
  const name = uniqueName('sleep-crash');

  const summary = async (ref: DomainRef) => (await h.client.api.domains.list({ connection: id })).find((d) => d.ref.uuid === ref.uuid)!;
  const waitState = (ref: DomainRef, state: DomainSummary['state'], timeoutMs = 60_000) =>
    waitFor(`${name} ${state}`, async () => ((await summary(ref)).state === state ? summary(ref) : null), timeoutMs, 250);

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    h = await harness();
    id = (await h.client.api.connections.add({ spec: { uri: SYSTEM_URI, autoconnect: true } })).id;
    await waitFor('connected', async () => (await h.client.api.connections.list({}))[0]!.state === 'connected');
  });
  after(async () => {
    await purgeDomain(conn, name);
    await h.close();
    await conn.close();
  });

  it('a guest that suspends itself offers Wake Up (not Start or Pause), and Wake Up runs it again', async () => {
    const dom = await conn.defineXML(tinyGuestDomainXML(name, await tinyGuest(), { graphics: 'none', sleepAndPanic: true }));
    await dom.create();
    const ref = { connection: id, uuid: await dom.UUIDString() };
    const shell = await guestShell(dom, conn);
    shell.type('echo mem > /sys/power/state');
    const asleep = await waitState(ref, 'pmsuspended');
    shell.close();
    // libvirt saves a sleeping guest too (managed save), so Save stays on offer.
    assert.deepEqual(allowed(asleep), ['forceOff', 'forceReset', 'wakeup', 'save']);
    // What is not offered is what libvirt refuses in this state.
    await assert.rejects(h.client.api.domains.start({ ref }), /already running|active/i);
    await runAction(h.client.api, 'wakeup', ref);
    const awake = await waitState(ref, 'running');
    assert.equal(awake.reason, 'wakeup');
  });

  it('a guest that panics is held crashed: Start is not offered (libvirt refuses it), bulk Force Off stops it', async () => {
    const dom = await conn.lookupByName(name);
    const ref = { connection: id, uuid: await dom.UUIDString() };
    // What the kernel's pvpanic driver does on a panic: write "panicked" (1) to the ISA pvpanic
    // port 0x505. The tiny guest's kernel has neither /dev/port nor the pvpanic module loaded,
    // so QEMU's monitor does the port write; QEMU's device, its GUEST_PANICKED event and
    // libvirt's on_crash handling are the real ones.
    await run('virsh', ['-c', SYSTEM_URI, 'qemu-monitor-command', '--hmp', name, 'o /b 0x505 1']);
    const crashed = await waitState(ref, 'crashed');
    assert.equal(crashed.reason, 'panicked');
    assert.deepEqual(allowed(crashed), ['forceOff', 'forceReset']);
    await assert.rejects(h.client.api.domains.start({ ref }), /already running|active/i);
    // Bulk: the toolbar runs an action on the selected VMs its rule allows.
    const forceOff = ACTIONS.find((a) => a.id === 'forceOff')!;
    const selected = [crashed].filter(forceOff.allowed);
    assert.equal(selected.length, 1, 'Force Off applies to the crashed VM');
    await Promise.all(selected.map((d) => runAction(h.client.api, 'forceOff', d.ref)));
    const off = await waitState(ref, 'shutoff');
    assert.deepEqual(allowed(off), ['start', 'delete']);
  });
});
