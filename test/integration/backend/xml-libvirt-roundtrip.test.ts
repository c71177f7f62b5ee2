// The domain model against the real libvirtd: each New VM definition that libvirt accepts is read
// back (dumpxml --inactive, libvirt's own formatting, once libvirt has completed it), edited
// through the model (title, memory, on_crash), defined again, and libvirt's next dumpxml is
// exactly what the model wrote: the edit is in libvirt's canonical form and nothing else moved.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { Domain } from '../../../electron/node/xml/domain.js';
import { openOrExplain, SYSTEM_URI, uniqueName } from '../native/support.js';
import { root } from '../../support/serve-process.js';

const FIXTURES = join(root, 'test', 'fixtures', 'create');
const INACTIVE = libvirt.DomainXMLFlags.INACTIVE;
const UNDEFINE = libvirt.DomainUndefineFlagsValues.NVRAM | libvirt.DomainUndefineFlagsValues.TPM;

describe('domain model edits on the real libvirtd (qemu:///system)', () => {
  let conn: libvirt.Connection;
  const made: libvirt.Domain[] = [];
  before(async () => {
    conn = await openOrExplain(SYSTEM_URI);
  });
  after(async () => {
    for (const d of made) await d.undefineFlags(UNDEFINE).catch(() => 0);
    await conn.close();
  });

  it('keeps libvirt’s own XML identical but for the edited properties', async (t) => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.xml') && !f.startsWith('final-'));
    let accepted = 0;
    const refused: string[] = [];
    for (const f of files) {
      const d = Domain.parse(readFileSync(join(FIXTURES, f), 'utf8'));
      d.name = uniqueName(`xmlrt-${f.replace(/\.xml$/, '')}`);
      d.type = 'qemu'; // TCG here
      if (d.cpuMode === 'host-passthrough') d.el.element('cpu')?.remove();
      let dom: libvirt.Domain;
      try {
        dom = await conn.defineXML(d.serialize());
      } catch (err) {
        refused.push(`${f}: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      made.push(dom);
      accepted++;
      // libvirt completes a new definition (addresses, spare q35 root ports) over the first
      // defines; the edit is made on the definition once libvirt leaves it as it is.
      let written = await dom.XMLDesc(INACTIVE);
      for (let i = 0; i < 3; i++) {
        await conn.defineXML(written);
        const again = await dom.XMLDesc(INACTIVE);
        if (again === written) break;
        written = again;
      }
      const edited = Domain.parse(written);
      assert.equal(edited.serialize(), written, `${f}: libvirt's XML round-trips`);
      edited.title = `edited & <checked> "${f}"`;
      edited.memory = (edited.memory ?? 0) + 1024;
      edited.onCrash = 'restart';
      const mine = edited.serialize();
      await conn.defineXML(mine);
      assert.equal(await dom.XMLDesc(INACTIVE), mine, `${f}: libvirt keeps what the model wrote`);
    }
    // Only what this host lacks (a TPM emulator, UEFI firmware) may be refused.
    assert.deepEqual(
      refused.filter((r) => !/unsupported configuration|firmware/i.test(r)),
      [],
    );
    t.diagnostic(`${accepted} of ${files.length} definitions accepted and edited; refused for the host: ${refused.length}`);
    assert.ok(accepted >= files.length / 2, `${accepted} of ${files.length} accepted`);
  });
});
