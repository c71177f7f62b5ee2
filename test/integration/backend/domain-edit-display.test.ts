// A display's password on a running VM (qemu:///system, TCG): QEMU changes it live only where the
// display started with one; elsewhere the change waits for the next boot, and says so.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName } from '../native/support.js';
import { harness, openConnection, type Harness } from './support.js';

describe('display password on a running VM', () => {
  let conn: libvirt.Connection;
  let h: Harness;
  let connection: string;
  const names: string[] = [];

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    h = await harness();
    connection = await openConnection(h, SYSTEM_URI);
  });
  after(async () => {
    await h?.close();
    for (const n of names) await purgeDomain(conn, n);
    await conn?.close();
  });

  async function running(withPassword: boolean) {
    const name = uniqueName(withPassword ? 'pw-on' : 'pw-off');
    names.push(name);
    const xml = tinyDomainXML(name).replace("<graphics type='vnc'", withPassword ? "<graphics type='vnc' passwd='old12345'" : "<graphics type='vnc'");
    const dom = await conn.defineXML(xml);
    await dom.create();
    const ref = { connection, uuid: await dom.UUIDString() };
    const hw = await h.client.api.domains.hardware({ ref });
    const display = hw.devices.find((d) => d.kind === 'graphics');
    assert.ok(display);
    return { dom, ref, hw, id: display.id };
  }

  it('changes it now where the display started with one', async () => {
    const { dom, ref, hw, id } = await running(true);
    const r = await h.client.api.domains.applyEdit({ ref, etag: hw.etag, changes: [{ kind: 'device', id, set: { passwd: 'new12345' } }] });
    assert.deepEqual(
      r.outcomes.map((o) => [o.part, o.effect]),
      [['passwd', 'now']],
    );
    assert.match(await dom.XMLDesc(libvirt.DomainXMLFlags.SECURE), /passwd='new12345'/);
  });

  it('waits for the next boot where it started without one (QEMU would refuse)', async () => {
    const { dom, ref, hw, id } = await running(false);
    const r = await h.client.api.domains.applyEdit({ ref, etag: hw.etag, changes: [{ kind: 'device', id, set: { passwd: 'new12345' } }] });
    assert.deepEqual(
      r.outcomes.map((o) => [o.part, o.effect]),
      [['passwd', 'next-boot']],
    );
    assert.doesNotMatch(await dom.XMLDesc(libvirt.DomainXMLFlags.SECURE), /passwd=/, 'the running display is unchanged');
    assert.match(await dom.XMLDesc(libvirt.DomainXMLFlags.SECURE | libvirt.DomainXMLFlags.INACTIVE), /passwd='new12345'/);
  });
});
