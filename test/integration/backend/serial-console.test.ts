// Text consoles end to end below the page: browser mode's server, real libvirtd, a real tiny
// Linux guest under QEMU, and the same through qemu+ssh to the loopback sshd. Devices come from
// the domain XML; safe mode refuses a second client in words; Force takes the console over and
// the first client learns why; the shell in the guest answers through the bridge; the stream
// says when the VM stopped.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import type WebSocket from 'ws';
import { SERIAL_CLOSE, type SerialDevice, type SerialTicket } from '../../../electron/common/api/consoles.js';
import { tinyGuest, tinyGuestDomainXML } from '../../support/tiny-guest.js';
import { purgeDomain, SSH_URI, SYSTEM_URI, uniqueName, waitFor } from '../native/support.js';
import { openSocket, startSignedInServe, type SignedInServe } from '../../support/ws-client.js';

/** A bridged text console as a test drives it: what arrived so far, and how it closed. */
interface Terminal {
  ws: WebSocket;
  text(): string;
  closed: Promise<{ code: number; reason: string }>;
  type(s: string): void;
}

function terminal(ws: WebSocket): Terminal {
  let text = '';
  ws.on('message', (d: Buffer) => {
    text += d.toString('utf8');
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  return { ws, text: () => text, closed, type: (s) => ws.send(Buffer.from(s, 'utf8')) };
}

/** Types the command until the guest's shell answered (it may still be booting at first). */
async function ask(term: Terminal, command: string, answer: RegExp, timeoutMs = 120_000): Promise<void> {
  let last = 0;
  await waitFor(
    `${answer} on the console`,
    () => {
      if (answer.test(term.text())) return true;
      if (Date.now() - last > 3000) {
        last = Date.now();
        term.type(`${command}\r`);
      }
      return false;
    },
    timeoutMs,
    100,
  );
}

describe('text consoles through browser mode (real QEMU, tiny Linux guest)', () => {
  let serve: SignedInServe;
  let conn: libvirt.Connection;
  let call: SignedInServe['call'];
  let origin: string;
  let headers: Record<string, string>;
  let local: { connection: string; uuid: string };
  let off: { connection: string; uuid: string };
  const name = uniqueName('serial');
  const stopped = uniqueName('serial-off');

  before(async () => {
    const guest = await tinyGuest();
    conn = await libvirt.open(SYSTEM_URI);
    const dom = await conn.defineXML(tinyGuestDomainXML(name, guest, { graphics: 'none', virtioConsole: true }));
    await dom.create();
    const offDom = await conn.defineXML(tinyGuestDomainXML(stopped, guest, { graphics: 'none', virtioConsole: true }));
    serve = await startSignedInServe([
      { id: 'local', uri: SYSTEM_URI },
      { id: 'remote', uri: SSH_URI },
    ]);
    ({ origin, headers, call } = serve);
    local = { connection: 'local', uuid: await dom.UUIDString() };
    off = { connection: 'local', uuid: await offDom.UUIDString() };
  });
  after(async () => {
    try {
      await serve?.close();
    } finally {
      await purgeDomain(conn, name);
      await purgeDomain(conn, stopped);
      await conn.close();
    }
  });

  const open = async (ref: typeof local, device: string, force?: boolean): Promise<Terminal> => {
    const r = await call('consoles.openSerial', { ref, device, ...(force === undefined ? {} : { force }) });
    assert.ok(r.ok, JSON.stringify(r.error));
    const t = r.value as SerialTicket;
    assert.equal(t.device, device);
    return terminal(await openSocket(`${origin.replace('http', 'ws')}${t.path}`, t.protocols, headers));
  };

  /** Opens in safe mode as soon as the last client's release reached libvirt. */
  const attach = async (ref: typeof local, device: string): Promise<Terminal> => {
    const t = await waitFor(
      `${device} free`,
      async () => {
        const r = await call('consoles.openSerial', { ref, device });
        if (!r.ok && r.error?.code !== 'in-use') throw new Error(JSON.stringify(r.error));
        return r.ok ? (r.value as SerialTicket) : null;
      },
      30_000,
      200,
    );
    return terminal(await openSocket(`${origin.replace('http', 'ws')}${t.path}`, t.protocols, headers));
  };

  it('lists the serial port and the virtio console by libvirt alias, running or not', async () => {
    const expected: SerialDevice[] = [
      { name: 'serial0', kind: 'serial', targetType: 'isa-serial', port: 0, sourceType: 'pty', openable: true },
      { name: 'console1', kind: 'console', targetType: 'virtio', port: 1, sourceType: 'pty', openable: true },
    ];
    const live = await call('consoles.serialDevices', { ref: local });
    assert.ok(live.ok, JSON.stringify(live.error));
    assert.deepEqual(live.value, expected, 'from the live XML (aliases); the serial-type console0 is serial0 itself');
    const defined = await call('consoles.serialDevices', { ref: off });
    assert.deepEqual(defined.value, expected, 'from the defined XML, named as libvirt will name them');
  });

  it('carries bytes both ways: the guest’s shell answers on serial0', async () => {
    const term = await open(local, 'serial0');
    await ask(term, 'echo hello-$((6*7))', /hello-42/);
    term.ws.close();
    await term.closed;
  });

  it('refuses a second client in safe mode, in words, and Force takes the console over', async () => {
    const first = await open(local, 'serial0');
    const second = await call('consoles.openSerial', { ref: local, device: 'serial0' });
    assert.equal(second.ok, false);
    assert.equal(second.error?.code, 'in-use');
    assert.match(second.error.message, /^serial0 of vdtest-serial-\S+ is in use by another client \(virsh console or another Virtdeck window\)\.$/);
    assert.match(second.error.hint ?? '', /Force takes it over/);

    const forced = await open(local, 'serial0', true);
    const end = await first.closed;
    assert.equal(end.code, SERIAL_CLOSE.takenOver, `first client closed with ${end.code} ${end.reason}`);
    await ask(forced, 'echo forced-$((40+2))', /forced-42/);
    forced.ws.close();
    await forced.closed;
    // Closing the page's socket frees the console for the next client.
    const next = await attach(local, 'serial0');
    next.ws.close();
    await next.closed;
  });

  it('attaches to the virtio console (console1, hvc0 in the guest)', async () => {
    const term = await open(local, 'console1');
    await ask(term, 'echo hvc-$((6*7))', /hvc-42/);
    term.ws.close();
    await term.closed;
  });

  it('says why it cannot attach: VM not running, no such device', async () => {
    const notRunning = await call('consoles.openSerial', { ref: off, device: 'serial0' });
    assert.equal(notRunning.error?.code, 'invalid-input');
    assert.match(notRunning.error.message, /is not running/);
    const gone = await call('consoles.openSerial', { ref: local, device: 'serial7' });
    assert.equal(gone.error?.code, 'not-found');
    assert.match(gone.error.message, /has no text console called serial7/);
    const bad = await call('consoles.openSerial', { ref: local, device: '../x y' });
    assert.equal(bad.ok, false, 'a device name that is no alias is refused at the edge');
  });

  it('works the same through qemu+ssh (the stream travels over libvirt, no tunnel)', async () => {
    const remote = { connection: 'remote', uuid: local.uuid };
    const devices = await call('consoles.serialDevices', { ref: remote });
    assert.deepEqual(
      (devices.value as SerialDevice[]).map((d) => d.name),
      ['serial0', 'console1'],
    );
    const t = await attach(remote, 'serial0');
    await ask(t, 'echo remote-$((6*7))', /remote-42/);
    t.ws.close();
    await t.closed;
  });

  it('closes saying the VM stopped when it stops', async () => {
    const t = await attach(local, 'serial0');
    await ask(t, 'echo before-stop-$((6*7))', /before-stop-42/);
    await (await conn.lookupByName(name)).destroy();
    const end = await t.closed;
    assert.equal(end.code, SERIAL_CLOSE.vmStopped, `closed with ${end.code} ${end.reason}`);
  });
});
