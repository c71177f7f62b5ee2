// A VM's persistent configuration as editors read and write it: the inactive XML with its etag
// (a hash of exactly that text), and a write that is refused when the configuration changed
// since the XML it was computed from was read, so a change made elsewhere (virsh, another
// window) is never silently overwritten.
import { createHash } from 'node:crypto';
import * as libvirt from 'virtdeck/native';
import type { DomainConfigXml } from '../../common/api/domains.js';
import { ApiError } from '../../common/api/errors.js';
import { parseDomain, str } from './domain-xml.js';

const E = libvirt.ErrorNumber;
// SECURE: the XML keeps the secrets (VNC passwords, …) so that writing it back keeps them too.
const CONFIG_FLAGS = libvirt.DomainXMLFlags.INACTIVE | libvirt.DomainXMLFlags.SECURE;

/** sha256 (hex) of the XML text as libvirt gave it. */
export const etagOf = (xml: string): string => createHash('sha256').update(xml).digest('hex');

export async function readConfigXml(dom: libvirt.Domain): Promise<DomainConfigXml> {
  const xml = await dom.XMLDesc(CONFIG_FLAGS);
  return { xml, etag: etagOf(xml) };
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
  let named: string | undefined;
  try {
    named = str(parseDomain(xml).uuid)?.trim().toLowerCase();
  } catch (err) {
    throw new ApiError('invalid-input', `The configuration is not well-formed XML: ${(err as Error).message.split('\n')[0]}`, 'Nothing was changed. Correct the XML and apply again.');
  }
  if (named !== uuid) {
    throw new ApiError(
      'invalid-input',
      named ? `The configuration names another VM (UUID ${named}, not ${uuid}).` : 'The configuration has no <uuid>, so it may not be this VM’s.',
      'Nothing was changed. Keep the VM’s own <uuid> in its XML.',
    );
  }
  const current = await readConfigXml(dom);
  if (current.etag !== etag) {
    throw new ApiError('conflict', 'The VM’s configuration was changed elsewhere since it was read.', 'Nothing was changed. Reload it and apply your change again.');
  }
  let defined: libvirt.Domain;
  try {
    defined = await conn.defineXML(xml, libvirt.DomainDefineFlags.VALIDATE);
  } catch (err) {
    if (err instanceof libvirt.LibvirtError && REFUSED_XML.has(err.code)) {
      throw new ApiError('invalid-input', `libvirt refused the configuration: ${err.message}`, 'Nothing was changed. Correct it and apply again.', err.code);
    }
    throw err;
  }
  return (await readConfigXml(defined)).etag;
}
