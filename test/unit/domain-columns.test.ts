import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { addressesOf, xmlFacts } from '../../electron/node/domains/extras.js';
import { qemuPidDir } from '../../electron/node/domains/start-times.js';

// The renderer's i18n module is typed against the DOM, which this project's test tsconfig
// leaves out: import it untyped (it runs under Node: initI18n is given its language).
type I18n = { initI18n(lang: string): Promise<void>; formatUptime(ms: number, locale?: string): string };
const i18nPath: string = '../../renderer/src/i18n/index.js';
const { formatUptime, initI18n } = (await import(i18nPath)) as I18n;

describe('uptime text', () => {
  before(() => initI18n('en'));
  it('counts seconds in the first minute, then minutes, hours and minutes, days and hours', () => {
    assert.equal(formatUptime(0), '0 s');
    assert.equal(formatUptime(59_999), '59 s');
    assert.equal(formatUptime(3 * 60_000 + 5_000), '3 min');
    assert.equal(formatUptime((2 * 60 + 5) * 60_000), '2 h 5 min');
    assert.equal(formatUptime(((4 * 24 + 3) * 60 + 59) * 60_000), '4 d 3 h');
    assert.equal(formatUptime(-5000), '0 s', 'a clock a little behind the host never shows a negative uptime');
    assert.equal(formatUptime(1234 * 86_400_000, 'de'), '1.234 d 0 h', 'numbers in the locale’s format');
  });
});

describe('where QEMU pid files are', () => {
  it('knows the local QEMU URIs only', () => {
    assert.equal(qemuPidDir('qemu:///system'), '/run/libvirt/qemu');
    assert.equal(qemuPidDir('qemu+unix:///system'), '/run/libvirt/qemu');
    assert.equal(qemuPidDir('qemu:///session', { XDG_RUNTIME_DIR: '/run/user/1000' }, 1000), '/run/user/1000/libvirt/qemu/run');
    assert.equal(qemuPidDir('qemu:///session', { XDG_CACHE_HOME: '/home/u/.cache' }, 1000), '/home/u/.cache/libvirt/qemu/run');
    assert.equal(qemuPidDir('qemu:///session', {}, 0), '/run/libvirt/qemu', 'root: the privileged driver');
    for (const remote of ['qemu+ssh://root@h/system', 'qemu://h/system', 'test:///default', 'xen:///system', 'qemu:///embed?root=/x', 'nonsense']) {
      assert.equal(qemuPidDir(remote), undefined, remote);
    }
  });
});

describe('extras from the domain XML', () => {
  it('reads title, running, NICs and guest agent state', () => {
    const xml = `<domain type='kvm' id='7'><name>a</name><title>A &amp; B</title><devices>
      <interface type='network'><mac address='52:54:00:00:00:01'/></interface>
      <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0' state='connected'/></channel></devices></domain>`;
    assert.deepEqual(xmlFacts(xml), { title: 'A & B', active: true, interfaces: 1, agentConnected: true });
    assert.deepEqual(xmlFacts(`<domain type='kvm'><name>b</name><devices/></domain>`), { active: false, interfaces: 0, agentConnected: false });
  });
  it('keeps addresses worth showing, each once', () => {
    const addrs = addressesOf([
      { name: 'lo', hwaddr: null, addrs: [{ type: 0, addr: '127.0.0.1', prefix: 8 }] },
      {
        name: 'eth0',
        hwaddr: '52:54:00:00:00:01',
        addrs: [
          { type: 0, addr: '192.168.122.5', prefix: 24 },
          { type: 1, addr: 'fe80::1', prefix: 64 },
          { type: 1, addr: '2001:db8::5', prefix: 64 },
        ],
      },
      {
        name: null,
        hwaddr: null,
        addrs: [
          { type: 0, addr: '192.168.122.5', prefix: 24 },
          { type: 0, addr: null, prefix: 0 },
        ],
      },
    ]);
    assert.deepEqual(addrs, ['192.168.122.5', '2001:db8::5']);
  });
});
