// Configuration writes carry the etag of the XML they were computed from: a change made
// elsewhere meanwhile (virsh in another terminal) is a conflict, never overwritten; a write
// without one goes through; XML libvirt refuses comes back in words. On qemu:///system.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import type { DomainRef } from '../../../electron/common/api/domains.js';
import { ApiError } from '../../../electron/common/api/errors.js';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName } from '../native/support.js';
import { harness, type Harness } from './support.js';

const run = promisify(execFile);
const INACTIVE = libvirt.DomainXMLFlags.INACTIVE | libvirt.DomainXMLFlags.SECURE;
const isApiError = (code: string, message?: RegExp) => (e: unknown) => e instanceof ApiError && e.code === code && (!message || message.test(e.message));

describe('domains.defineXml with an etag (qemu:///system)', () => {
  let conn: libvirt.Connection;
  let h: Harness;
  let dom: libvirt.Domain;
  let ref: DomainRef;
  const name = uniqueName('define-xml');

  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    dom = await conn.defineXML(tinyDomainXML(name, { graphics: 'none' }));
    h = await harness();
    const { id } = await h.client.api.connections.add({ spec: { uri: SYSTEM_URI, autoconnect: false } });
    await h.client.api.connections.open({ id });
    ref = { connection: id, uuid: await dom.UUIDString() };
  });
  after(async () => {
    await h?.close();
    await purgeDomain(conn, name);
    await conn?.close();
  });

  const inactive = () => dom.XMLDesc(INACTIVE);

  it('reads the inactive XML with the sha256 of exactly that text', async () => {
    const read = await h.client.api.domains.xml({ ref });
    assert.equal(read.xml, await inactive());
    assert.equal(read.etag, createHash('sha256').update(read.xml).digest('hex'));
  });

  it('refuses with conflict when virsh changed the VM meanwhile, and changes nothing', async () => {
    const read = await h.client.api.domains.xml({ ref });
    await run('virsh', ['-c', SYSTEM_URI, 'desc', '--config', name, 'set from another terminal']);
    const theirs = await inactive();
    assert.notEqual(theirs, read.xml, 'virsh desc changed the inactive XML');
    const mine = read.xml.replace('<memory unit=', '<title>mine</title>\n  <memory unit=');
    await assert.rejects(h.client.api.domains.defineXml({ ref, xml: mine, etag: read.etag }), isApiError('conflict', /changed elsewhere since it was read/));
    assert.equal(await inactive(), theirs);
  });

  it('writes when nothing changed meanwhile and returns the new etag', async () => {
    const read = await h.client.api.domains.xml({ ref });
    const mine = read.xml
      .replace(/<memory unit='KiB'>\d+<\/memory>/, "<memory unit='KiB'>98304</memory>")
      .replace(/<currentMemory unit='KiB'>\d+<\/currentMemory>/, "<currentMemory unit='KiB'>98304</currentMemory>");
    assert.notEqual(mine, read.xml);
    const { etag } = await h.client.api.domains.defineXml({ ref, xml: mine, etag: read.etag });
    const now = await inactive();
    assert.match(now, /<memory unit='KiB'>98304<\/memory>/);
    assert.equal(etag, createHash('sha256').update(now).digest('hex'));
    assert.notEqual(etag, read.etag);
    // The old etag is stale now: a second write computed from the first read is a conflict.
    await assert.rejects(h.client.api.domains.defineXml({ ref, xml: read.xml, etag: read.etag }), isApiError('conflict'));
  });

  it('brings libvirt’s validation error back in words, and changes nothing', async () => {
    const read = await h.client.api.domains.xml({ ref });
    const bad = read.xml.replace('<devices>', '<devices>\n    <no-such-device/>');
    await assert.rejects(h.client.api.domains.defineXml({ ref, xml: bad, etag: read.etag }), (e: unknown) => {
      assert.ok(e instanceof ApiError, String(e));
      assert.equal(e.code, 'invalid-input');
      assert.match(e.message, /libvirt refused the configuration: .*\S/);
      assert.match(e.hint ?? '', /Nothing was changed/);
      return true;
    });
    assert.equal(await inactive(), read.xml);
  });

  it('refuses XML of another VM (another or no <uuid>)', async () => {
    const read = await h.client.api.domains.xml({ ref });
    const other = read.xml.replace(/<uuid>[^<]+<\/uuid>/, '<uuid>00000000-0000-4000-8000-000000000001</uuid>');
    await assert.rejects(h.client.api.domains.defineXml({ ref, xml: other, etag: read.etag }), isApiError('invalid-input', /names another VM/));
    const none = read.xml.replace(/<uuid>[^<]+<\/uuid>/, '');
    await assert.rejects(h.client.api.domains.defineXml({ ref, xml: none, etag: read.etag }), isApiError('invalid-input', /has no <uuid>/));
    assert.equal(await inactive(), read.xml);
    await assert.rejects(conn.lookupByUUIDString('00000000-0000-4000-8000-000000000001'));
  });

  it('previews the diff without writing; XML that is not well-formed is refused at its line and column', async () => {
    const read = await h.client.api.domains.xml({ ref });
    const mine = read.xml.replace('<on_reboot>', '<on_crash_x/>\n  <on_reboot>').replace('<on_crash_x/>\n  ', '').replace('</name>', '</name>\n  <title>previewed</title>');
    const { diff } = await h.client.api.domains.previewXml({ ref, xml: mine, etag: read.etag });
    assert.match(diff, /^\+\s*<title>previewed<\/title>$/m);
    assert.equal(await inactive(), read.xml, 'nothing written');
    const lines = read.xml.split('\n');
    const broken = [...lines.slice(0, 4), '  <title>unclosed', ...lines.slice(4)].join('\n');
    await assert.rejects(h.client.api.domains.previewXml({ ref, xml: broken, etag: read.etag }), (e: unknown) => {
      assert.ok(e instanceof ApiError && e.code === 'invalid-input', String(e));
      assert.equal(e.messageId, 'config.notXmlAt');
      assert.ok(Number(e.params['line']) >= 5, `the error is at or after line 5 (${JSON.stringify(e.params['line'])})`);
      return true;
    });
  });
});
