// Console plumbing without a VM: which display a domain's XML names (and which it may not),
// and tickets that work once and expire.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ApiError } from '../../electron/common/api/errors.js';
import { ConsoleTickets } from '../../electron/node/consoles/console-tickets.js';
import { graphicsTarget, videoModelOf } from '../../electron/node/consoles/graphics-target.js';
import { FakeTimers } from '../support/fake-timers.js';

const xml = (graphics: string) => `<domain type='qemu'><name>x</name><devices>${graphics}</devices></domain>`;
const refused = (re: RegExp) => (e: unknown) => e instanceof ApiError && re.test(e.message);

describe('graphics targets', () => {
  it('reads VNC and SPICE listen addresses, ports, sockets and passwords', () => {
    assert.deepEqual(graphicsTarget(xml("<graphics type='vnc' port='5901' autoport='yes' listen='127.0.0.1'><listen type='address' address='127.0.0.1'/></graphics>")), {
      type: 'vnc',
      host: '127.0.0.1',
      port: 5901,
      passwordRequired: false,
    });
    const both = xml("<graphics type='vnc' port='5900' listen='::1'/><graphics type='spice' port='5930' passwd='s3cret'><listen type='address' address='0.0.0.0'/></graphics>");
    assert.deepEqual(graphicsTarget(both, 'spice'), { type: 'spice', host: '127.0.0.1', port: 5930, passwordRequired: true });
    assert.equal((graphicsTarget(both) as { host: string }).host, '::1');
    assert.deepEqual(graphicsTarget(xml("<graphics type='vnc'><listen type='socket' socket='/run/libvirt/qemu/vnc-1.sock'/></graphics>")), {
      type: 'vnc',
      socket: '/run/libvirt/qemu/vnc-1.sock',
      passwordRequired: false,
    });
  });

  it('refuses what is not an address or a socket libvirt made, without running anything', () => {
    const marker = `/tmp/virtdeck-console-${process.pid}`;
    for (const listen of [`127.0.0.1;touch ${marker}`, '$(touch /tmp/x)', 'localhost', '-oProxyCommand=x']) {
      assert.throws(
        () => graphicsTarget(xml(`<graphics type='vnc' port='5900'><listen type='address' address='${listen.replace(/'/g, '&apos;')}'/></graphics>`)),
        refused(/not an IP address/),
        listen,
      );
    }
    assert.equal(existsSync(marker), false);
    assert.throws(() => graphicsTarget(xml("<graphics type='vnc'><listen type='socket' socket='/etc/../run/libvirt/x'/></graphics>")), refused(/socket path/));
    assert.throws(() => graphicsTarget(xml("<graphics type='vnc'><listen type='socket' socket='/home/me/evil.sock'/></graphics>")), refused(/socket path/));
    assert.throws(() => graphicsTarget(xml("<graphics type='vnc' port='-1' autoport='yes'/>")), refused(/no port yet/));
    assert.throws(() => graphicsTarget(xml("<graphics type='vnc' port='70000'/>")), refused(/no port yet/));
    assert.throws(() => graphicsTarget(xml("<graphics type='rdp' port='3389'/>")), refused(/no graphical display/));
    assert.throws(() => graphicsTarget(xml("<graphics type='vnc' port='5900'/>"), 'spice'), refused(/no SPICE display/));
  });
});

describe('console tickets', () => {
  const t = { kind: 'graphics' as const, ref: { connection: 'c', uuid: 'u' }, target: { type: 'vnc' as const, host: '127.0.0.1', port: 5900, passwordRequired: false } };
  it('work once, and not after they expire', () => {
    const timers = new FakeTimers();
    const tickets = new ConsoleTickets(timers, 30_000);
    const a = tickets.issue(t);
    assert.match(a, /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(tickets.take(a), t);
    assert.equal(tickets.take(a), null, 'used');
    const b = tickets.issue(t);
    timers.advance(30_000);
    assert.equal(tickets.take(b), null, 'expired');
    assert.equal(tickets.take('nope'), null);
  });
});

describe('Send Key combinations', () => {
  it('map to Linux keycodes, and nothing else is accepted', async () => {
    const { keycodesOf } = await import('../../electron/node/domains/key-combos.js');
    const { KEY_COMBOS } = await import('../../electron/common/api/keys.js');
    const { api } = await import('../../electron/common/api/contract.js');
    assert.deepEqual(keycodesOf('ctrl-alt-del'), [29, 56, 111]);
    assert.deepEqual(keycodesOf('ctrl-alt-f1'), [29, 56, 59]);
    assert.deepEqual(keycodesOf('ctrl-alt-f12'), [29, 56, 88]);
    assert.deepEqual(keycodesOf('alt-sysrq'), [56, 99]);
    for (const c of KEY_COMBOS)
      assert.ok(
        keycodesOf(c).every((k) => Number.isInteger(k) && k > 0),
        c,
      );
    const ref = { connection: 'c', uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f' };
    assert.ok(api.domains.sendKeys.params.safeParse({ ref, combo: 'ctrl-alt-f2' }).success);
    for (const combo of ['ctrl-alt-f13', 'rm -rf /', '', 'CTRL-ALT-DEL']) assert.equal(api.domains.sendKeys.params.safeParse({ ref, combo }).success, false, combo);
  });
});

it('videoModelOf: the primary video model, one <video> or several, or null', () => {
  assert.equal(videoModelOf("<domain><devices><video><model type='vga' primary='yes'/></video></devices></domain>"), 'vga');
  assert.equal(videoModelOf("<domain><devices><video><model type='qxl'/></video><video><model type='virtio' primary='yes'/></video></devices></domain>"), 'virtio');
  assert.equal(videoModelOf('<domain><devices/></domain>'), null);
});
