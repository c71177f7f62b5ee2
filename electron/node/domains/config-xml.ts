// A VM's persistent configuration as editors read and write it: the inactive XML with its etag
// (a hash of exactly that text), and a write that is refused when the configuration changed
// since the XML it was computed from was read, so a change made elsewhere (virsh, another
// window) is never silently overwritten.
import { createHash } from 'node:crypto';
import * as libvirt from 'virtdeck/native';
import type { DomainConfigXml } from '../../common/api/domains.js';
import { ApiError } from '../../common/api/errors.js';
import { msg } from '../../common/messages/messages.js';
import { XmlParseError } from '../xml/document.js';
import { Domain } from '../xml/domain.js';
import { xmlDiff } from '../xml/text-diff.js';

const E = libvirt.ErrorNumber;
// SECURE: the XML keeps the secrets (VNC passwords, …) so that writing it back keeps them too.
const CONFIG_FLAGS = libvirt.DomainXMLFlags.INACTIVE | libvirt.DomainXMLFlags.SECURE;

/** sha256 (hex) of the XML text as libvirt gave it. */
export const etagOf = (xml: string): string => createHash('sha256').update(xml).digest('hex');

/**
 * The definition with its secrets where the connection may read them; else (a read-only
 * connection, a restricting ACL) without, marked so, for reading only: written back, it would
 * drop the secrets (see forWrite).
 */
export async function readConfigXml(dom: libvirt.Domain): Promise<DomainConfigXml> {
  try {
    const xml = await dom.XMLDesc(CONFIG_FLAGS);
    return { xml, etag: etagOf(xml) };
  } catch (err) {
    if (!(err instanceof libvirt.LibvirtError && err.code === E.OPERATION_DENIED)) throw err;
    const xml = await dom.XMLDesc(libvirt.DomainXMLFlags.INACTIVE);
    return { xml, etag: etagOf(xml), withoutSecrets: true };
  }
}

/** The running VM's XML, with its secrets where the connection may read them (a display password decides what can change live). */
export async function readLiveXml(dom: libvirt.Domain): Promise<string> {
  try {
    return await dom.XMLDesc(libvirt.DomainXMLFlags.SECURE);
  } catch (err) {
    if (!(err instanceof libvirt.LibvirtError && err.code === E.OPERATION_DENIED)) throw err;
    return dom.XMLDesc(0);
  }
}

/** The definition to compute a write from: refused where its secrets cannot be read (they would be lost). */
export async function readConfigForWrite(dom: libvirt.Domain): Promise<DomainConfigXml> {
  const config = await readConfigXml(dom);
  if (config.withoutSecrets) throw new ApiError('operation-failed', msg('config.noSecrets'));
  return config;
}

/** Line and column (from 1) of an offset in a text. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Refuses XML that is not well-formed (saying where) or that names another VM. */
export function checkOwnXml(xml: string, uuid: string): void {
  let named: string | undefined;
  try {
    named = Domain.parse(xml).uuid?.trim().toLowerCase();
  } catch (err) {
    if (err instanceof XmlParseError) {
      const detail = err.message.replace(/^XML is not well-formed at offset \d+: /, '');
      throw new ApiError('invalid-input', msg('config.notXmlAt', { ...lineColumn(xml, err.offset), detail }));
    }
    throw new ApiError('invalid-input', msg('config.notXml', { detail: (err as Error).message.split('\n')[0] ?? '' }));
  }
  if (named !== uuid.toLowerCase()) {
    throw new ApiError('invalid-input', named ? msg('config.otherUuid', { named, uuid }) : msg('config.noUuid'));
  }
}

/** The diff a new configuration would make, after the same checks as a write (nothing is written). */
export async function previewConfigXml(dom: libvirt.Domain, xml: string, etag: string): Promise<{ diff: string }> {
  checkOwnXml(xml, (await dom.UUIDString()).toLowerCase());
  const current = await readConfigXml(dom);
  if (current.etag !== etag) throw new ApiError('conflict', msg('config.conflict'));
  return { diff: xmlDiff(current.xml, xml) };
}

/** libvirt errors that mean "this XML is not acceptable", as opposed to a failing host. */
const REFUSED_XML = new Set<number>([E.XML_ERROR, E.XML_DETAIL, E.XML_INVALID_SCHEMA, E.CONFIG_UNSUPPORTED, E.INVALID_ARG]);

/**
 * Defines `xml` as `dom`'s new persistent configuration when its inactive XML still has
 * `etag`; resolves to the new etag. libvirt has no compare-and-swap for definitions, so the
 * re-read and the define are as close together as two calls can be.
 */
export async function defineConfigXml(conn: libvirt.Connection, dom: libvirt.Domain, xml: string, etag: string): Promise<string> {
  const uuid = (await dom.UUIDString()).toLowerCase();
  checkOwnXml(xml, uuid);
  const current = await readConfigForWrite(dom);
  if (current.etag !== etag) {
    throw new ApiError('conflict', msg('config.conflict'));
  }
  let defined: libvirt.Domain;
  try {
    defined = await conn.defineXML(xml, libvirt.DomainDefineFlags.VALIDATE);
  } catch (err) {
    if (err instanceof libvirt.LibvirtError && REFUSED_XML.has(err.code)) {
      throw new ApiError('invalid-input', msg('config.refused', { detail: err.message }), { libvirtCode: err.code });
    }
    throw err;
  }
  return (await readConfigXml(defined)).etag;
}
