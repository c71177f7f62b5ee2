// The persistent definition a VM keeps after its install, derived from the install XML as
// virt-install does: the install boots from the CD-ROM, the network or a fetched kernel, the
// installed VM boots from its disk. Derived from the XML (not rebuilt from the spec) so that
// edits made under "Customize configuration before install" carry over to the final config.
import type { InstallSource } from '../../common/api/vm-create.js';
import { Domain } from '../xml/domain.js';

export interface FinalOptions {
  source: InstallSource;
  /** Windows installs reboot into the media several times: its CD-ROM keeps the ISO (virt-install's rule). */
  windows: boolean;
  /** A cloud-init seed ISO (path on the host) to detach after the first boot. */
  removeSeed?: string;
  /** The defined domain's UUID: redefining without it would be a second VM of the same name. */
  uuid?: string;
}

function installMedia(source: InstallSource): string | undefined {
  return source.kind === 'iso' ? source.path : source.kind === 'cdrom' ? source.device : undefined;
}

/**
 * The final XML for `installXml`, or the same XML when the install config is the final one
 * (an import, a direct kernel boot, a cloud image whose seed stays). Edited in place through the
 * domain model: what the user wrote under "Customize" (comments, metadata, anything Virtdeck
 * does not model) carries over byte for byte.
 */
export function finalConfig(installXml: string, o: FinalOptions): string {
  const kind = o.source.kind;
  if (kind === 'import' || kind === 'kernel' || (kind === 'cloud' && !o.removeSeed)) return installXml;
  let domain: Domain;
  try {
    domain = Domain.parse(installXml);
  } catch (err) {
    throw new RangeError(`the install XML is not a domain: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (o.uuid && domain.uuid === undefined) domain.uuid = o.uuid;
  const disks = domain.devices('disk');
  if (kind !== 'cloud' && domain.find(['os'])) {
    // The install's kernel and boot devices go; the disk is what boots from now on. A
    // per-device <boot order> (an edit) is kept as the user set it.
    const perDevice = domain.devices().some((d) => d.el.element('boot'));
    domain.kernel = undefined;
    domain.initrd = undefined;
    domain.cmdline = undefined;
    domain.bootDevices = perDevice ? [] : ['hd'];
  }
  const media = installMedia(o.source);
  for (const d of disks) {
    const src = d.sourceFile ?? d.sourceDev;
    if (o.removeSeed && src === o.removeSeed) domain.removeDevice(d);
    // The drive stays (a later install or guest tools can use it); its media is ejected.
    else if (media && !o.windows && d.device === 'cdrom' && src === media) d.el.element('source')?.remove();
  }
  return domain.serialize();
}
