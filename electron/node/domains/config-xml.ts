// A VM's persistent configuration as editors read and write it: the inactive XML with its etag
// (a hash of exactly that text), and a write that is refused when the configuration changed
// since the XML it was computed from was read, so a change made elsewhere (virsh, another
// window) is never silently overwritten.
import { createHash } from 'node:crypto';
import * as libvirt from 'virtdeck/native';
import type { DomainConfigXml } from '../../common/api/domains.js';
import { ApiError } from '../../common/api/errors.js';
import { msg } from '../../common/messages/messages.js';
import { Domain } from '../xml/domain.js';

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
    named = Domain.parse(xml).uuid?.trim().toLowerCase();
  } catch (err) {
    throw new ApiError('invalid-input', msg('config.notXml', { detail: (err as Error).message.split('\n')[0] ?? '' }));
  }
  if (named !== uuid) {
    throw new ApiError('invalid-input', named ? msg('config.otherUuid', { named, uuid }) : msg('config.noUuid'));
  }
  const current = await readConfigXml(dom);
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
