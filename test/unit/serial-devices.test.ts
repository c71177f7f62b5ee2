// Text console devices read from domain XML, named as libvirt's openConsole finds them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serialDevicesOf } from '../../electron/node/consoles/serial-devices.js';

const domain = (devices: string) => `<domain type='qemu'><name>x</name><devices>${devices}<disk type='file' device='disk'><serial>000123</serial></disk></devices></domain>`;

describe('serial devices', () => {
  it('derives libvirt’s aliases for a defined VM, and lists a console that mirrors serial0 once', () => {
    const xml = domain(`
      <serial type='pty'><target type='isa-serial' port='0'><model name='isa-serial'/></target></serial>
      <serial type='file'><source path='/var/log/x.log'/><target type='isa-serial' port='1'/></serial>
      <console type='pty'><target type='serial' port='0'/></console>
      <console type='pty'><target type='virtio' port='1'/></console>`);
    assert.deepEqual(serialDevicesOf(xml), [
      { name: 'serial0', kind: 'serial', targetType: 'isa-serial', port: 0, sourceType: 'pty', openable: true },
      { name: 'serial1', kind: 'serial', targetType: 'isa-serial', port: 1, sourceType: 'file', openable: false },
      { name: 'console1', kind: 'console', targetType: 'virtio', port: 1, sourceType: 'pty', openable: true },
    ]);
  });

  it('takes aliases from the live XML, user aliases included', () => {
    const xml = domain(`
      <console type='pty' tty='/dev/pts/4'><source path='/dev/pts/4'/><target type='virtio' port='0'/><alias name='ua-my-con'/></console>`);
    assert.deepEqual(serialDevicesOf(xml), [{ name: 'ua-my-con', kind: 'console', targetType: 'virtio', port: 0, sourceType: 'pty', openable: true }]);
  });

  it('names a lone virtio console console0, and finds nothing in a VM without any', () => {
    assert.deepEqual(
      serialDevicesOf(domain(`<console type='pty'><target type='virtio' port='0'/></console>`)).map((d) => d.name),
      ['console0'],
    );
    assert.deepEqual(serialDevicesOf(domain('')), []);
  });
});
