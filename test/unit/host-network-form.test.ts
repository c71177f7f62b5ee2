// The Create Network form as data (renderer/src/features/host/network-form.ts): the DHCP range
// that follows the address until the user sets one, the problems it finds per field, and the
// spec it sends for each mode.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { networkSpec } from '../../electron/common/api/networks.js';
import {
  dhcpHostProblems,
  initialNetworkForm,
  networkFormProblems,
  networkSpecOf,
  suggestedRange,
  withAddress,
  type NetworkForm,
} from '../../renderer/src/features/host/network-form.js';

const form = (change: Partial<NetworkForm> = {}): NetworkForm => ({ ...initialNetworkForm(), name: 'lab', ...change });

describe('the Create Network form', () => {
  it('suggests the upper half of the subnet for DHCP, and follows the address until the range is typed', () => {
    assert.deepEqual(suggestedRange('192.168.100.1', 24), { start: '192.168.100.128', end: '192.168.100.254' });
    assert.deepEqual(suggestedRange('10.1.2.129', 25), { start: '10.1.2.192', end: '10.1.2.254' });
    assert.deepEqual(suggestedRange('10.1.2.1', 30), { start: '10.1.2.2', end: '10.1.2.2' });
    assert.equal(suggestedRange('10.1.2', 24), null);
    const f = initialNetworkForm();
    assert.equal(f.ipv4.dhcpStart, '192.168.100.128');
    const moved = withAddress(f.ipv4, { address: '10.150.7.1' });
    assert.deepEqual([moved.dhcpStart, moved.dhcpEnd], ['10.150.7.128', '10.150.7.254']);
    const typed = withAddress({ ...moved, dhcpStart: '10.150.7.50', rangeEdited: true }, { prefix: '16' });
    assert.deepEqual([typed.dhcpStart, typed.dhcpEnd], ['10.150.7.50', '10.150.7.254'], 'a typed range stays');
  });

  it('finds each field’s problem', () => {
    assert.deepEqual(networkFormProblems(form()), {});
    assert.equal(networkFormProblems(form({ name: '' }))['name']?.key, 'host.networks.problem_nameEmpty');
    assert.equal(networkFormProblems(form({ name: '-x' }))['name']?.key, 'host.networks.problem_name');
    assert.equal(networkFormProblems(form({ mode: 'bridge' }))['bridge']?.key, 'host.networks.problem_bridgeNeeded');
    assert.equal(networkFormProblems(form({ mode: 'macvtap' }))['device']?.key, 'host.networks.problem_deviceNeeded');
    assert.equal(networkFormProblems(form({ bridge: 'a-bridge-name-too-long' }))['bridge']?.key, 'host.networks.problem_ifname');
    const ipv4 = initialNetworkForm().ipv4;
    assert.equal(networkFormProblems(form({ ipv4: { ...ipv4, address: '10.0.0.256' } }))['ipv4.address']?.key, 'host.networks.problem_ipv4');
    assert.equal(networkFormProblems(form({ ipv4: { ...ipv4, address: '192.168.100.0' } }))['ipv4.address']?.key, 'host.networks.problem_addressReserved');
    assert.deepEqual(networkFormProblems(form({ ipv4: { ...ipv4, prefix: '31' } }))['ipv4.prefix'], { key: 'host.networks.problem_prefix', params: { min: 8, max: 30 } });
    assert.equal(
      networkFormProblems(form({ ipv4: { ...ipv4, dhcpStart: '192.168.100.200', dhcpEnd: '192.168.100.100' } }))['ipv4.dhcpEnd']?.key,
      'host.networks.problem_rangeBackwards',
    );
    const hosts = [
      { mac: '52:54:00:00:00:01', ip: '192.168.100.10', name: 'a' },
      { mac: '52:54:00:00:00:01', ip: '192.168.100.11', name: 'b_' },
      { mac: '52:54:00:00:0', ip: '192.168.100', name: '' },
    ];
    const p = networkFormProblems(form({ ipv4: { ...ipv4, hosts } }));
    assert.deepEqual(Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.key])), {
      'ipv4.hosts.1.mac': 'host.networks.problem_macTwice',
      'ipv4.hosts.1.name': 'host.networks.problem_hostName',
      'ipv4.hosts.2.mac': 'host.networks.problem_mac',
      'ipv4.hosts.2.ip': 'host.networks.problem_ipv4',
    });
    // A host bridge or macvtap has no addresses of its own: the address fields are not checked.
    assert.deepEqual(networkFormProblems(form({ mode: 'bridge', bridge: 'br0', ipv4: { ...ipv4, address: 'nonsense' } })), {});
    assert.equal(networkFormProblems(form({ ipv6: { ...initialNetworkForm().ipv6, enabled: true, address: '10.0.0.1' } }))['ipv6.address']?.key, 'host.networks.problem_ipv6');
  });

  it('sends what the mode takes, and the contract accepts it', () => {
    const ipv4 = { ...initialNetworkForm().ipv4, hosts: [{ mac: '52:54:00:AA:00:01', ip: '192.168.100.10', name: '' }] };
    const nat = networkSpecOf('c1', form({ bridge: 'virbr9', ipv4, domainName: 'lab.test' }));
    assert.deepEqual(nat, {
      connection: 'c1',
      name: 'lab',
      mode: 'nat',
      bridge: 'virbr9',
      ipv4: { address: '192.168.100.1', prefix: 24, dhcp: { start: '192.168.100.128', end: '192.168.100.254' }, hosts: [{ mac: '52:54:00:aa:00:01', ip: '192.168.100.10' }] },
      domainName: 'lab.test',
      autostart: true,
      start: true,
    });
    const macvtap = networkSpecOf('c1', form({ mode: 'macvtap', device: 'eth0', bridge: 'stale', ipv4 }));
    assert.deepEqual(macvtap, { connection: 'c1', name: 'lab', mode: 'macvtap', device: 'eth0', autostart: true, start: true });
    const isolatedNoDhcp = networkSpecOf('c1', form({ mode: 'isolated', device: 'eth0', ipv4: { ...initialNetworkForm().ipv4, dhcp: false }, start: false }));
    assert.deepEqual(isolatedNoDhcp.ipv4, { address: '192.168.100.1', prefix: 24 });
    assert.equal(isolatedNoDhcp.device, undefined, 'only routed and macvtap networks name a device');
    assert.equal(isolatedNoDhcp.start, false);
    for (const spec of [nat, macvtap, isolatedNoDhcp]) assert.ok(networkSpec.safeParse(spec).success, JSON.stringify(spec));
  });

  it('checks a DHCP host added to an existing network against the address’s family', () => {
    assert.deepEqual(dhcpHostProblems({ mac: '52:54:00:00:00:01', ip: '10.0.0.5', name: '' }, 'ipv4'), {});
    assert.deepEqual(Object.keys(dhcpHostProblems({ mac: 'nope', ip: '10.0.0.5', name: 'ok' }, 'ipv6')), ['mac', 'ip']);
  });
});
