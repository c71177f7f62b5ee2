// What the Overview says of a VM's hypervisor, firmware and guest agent, from the properties
// domains.hardware reads (pure: i18n keys with their parameters, worded by the tab).
import type { DomainHardware } from '../../../../../electron/common/api/domain-edits.js';
import type { UiLabelKey } from '../../../i18n/resources.js';

/** libvirt's domain type as users know it: KVM, or QEMU's emulation (TCG), else as libvirt names it. */
export function hypervisorWords(type: string | undefined): { key: UiLabelKey } | { text: string } {
  if (type === 'kvm') return { key: 'details2.ov.hv_kvm' };
  if (type === 'qemu') return { key: 'details2.ov.hv_qemu' };
  return { text: type ?? '' };
}

/**
 * BIOS or UEFI, and secure boot. UEFI: the definition asks for EFI firmware (`<os firmware='efi'>`)
 * or loads a pflash loader (an OVMF image); secure boot: the loader says `secure='yes'`.
 */
export function firmwareKey(domain: DomainHardware['domain']): UiLabelKey {
  const efi = domain['osFirmware'] === 'efi' || domain['loaderType'] === 'pflash' || (typeof domain['loader'] === 'string' && /ovmf|edk2|aavmf|uefi/i.test(domain['loader']));
  if (!efi) return 'details2.ov.fw_bios';
  return domain['loaderSecure'] === true ? 'details2.ov.fw_uefiSecure' : 'details2.ov.fw_uefi';
}

export const AGENT_WORDS: Record<DomainHardware['agent'], UiLabelKey> = {
  none: 'details2.ov.agent_none',
  configured: 'details2.ov.agent_configured',
  connected: 'details2.ov.agent_connected',
  disconnected: 'details2.ov.agent_disconnected',
};

/** A domain property as text ('' when the definition does not set it). */
export function textProp(domain: DomainHardware['domain'], name: string): string {
  const v = domain[name];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

/**
 * What to search osinfo-db for to find an OS by its id: the words of the id's path
 * (`http://debian.org/debian/11` → `debian 11`), which its name or short id holds; the caller
 * picks the entry with the id from the results.
 */
export function osinfoSearchText(id: string): string {
  const path = id.replace(/^[a-z]+:\/\/[^/]+\/?/i, '');
  return path.split('/').filter(Boolean).join(' ');
}
