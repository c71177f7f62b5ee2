// The host's PCI or USB devices for passthrough (hosts.devices): each with its address, vendor
// and product, the host driver bound to it and its IOMMU group; the chosen one's group peers are
// named, since passing it through takes the whole group from the host.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionId } from '../../../../../electron/common/api/connections.js';
import type { HardwareDevice } from '../../../../../electron/common/api/domain-edits.js';
import type { HostDevice } from '../../../../../electron/common/api/hosts.js';
import { ErrorNotice } from '../../../components/ErrorNotice.js';
import { api } from '../../../store/store.js';
import { text } from './props.js';

/** A PCI address as libvirt's hostdev source takes it: 0000:00:1f.2 → 0x0000, 0x00, 0x1f, 0x2. */
export function pciParts(address: string): { pciDomain: string; pciBus: string; pciSlot: string; pciFunction: string } | null {
  const m = /^([0-9a-f]{4}):([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$/i.exec(address);
  return m ? { pciDomain: `0x${m[1]!}`, pciBus: `0x${m[2]!}`, pciSlot: `0x${m[3]!}`, pciFunction: `0x${m[4]!}` } : null;
}

const collator = new Intl.Collator(undefined, { numeric: true });
const hexNum = (v: string | undefined) => (v === undefined ? NaN : Number.parseInt(v, v.startsWith('0x') ? 16 : 10));

/** Whether the VM has this host device already (same PCI address; same USB vendor and product, or bus and device). */
function attached(d: HostDevice, vmDevices: readonly HardwareDevice[]): boolean {
  return vmDevices.some((x) => {
    if (x.kind !== 'hostdev' || text(x.props, 'type') !== d.kind) return false;
    if (d.kind === 'pci') {
      const p = pciParts(d.address);
      return !!p && (['pciDomain', 'pciBus', 'pciSlot', 'pciFunction'] as const).every((k) => hexNum(text(x.props, k)) === hexNum(p[k]));
    }
    const [bus, dev] = d.address.split(':');
    if (text(x.props, 'usbBus') !== undefined) return hexNum(text(x.props, 'usbBus')) === Number(bus) && hexNum(text(x.props, 'usbDevice')) === Number(dev);
    return !!d.vendorId && hexNum(text(x.props, 'vendorId')) === hexNum(d.vendorId) && hexNum(text(x.props, 'productId')) === hexNum(d.productId);
  });
}

export function useHostDevices(connection: ConnectionId, kind: 'pci' | 'usb'): { devices: HostDevice[] | null; error: unknown } {
  const [state, setState] = useState<{ devices: HostDevice[] | null; error: unknown }>({ devices: null, error: null });
  useEffect(() => {
    let live = true;
    setState({ devices: null, error: null });
    api()
      .hosts.devices({ connection, kind })
      .then((devices) => live && setState({ devices, error: null }))
      .catch((error: unknown) => live && setState({ devices: null, error }));
    return () => {
      live = false;
    };
  }, [connection, kind]);
  return state;
}

export function HostDevicePicker(props: {
  devices: HostDevice[] | null;
  error: unknown;
  vmDevices: readonly HardwareDevice[];
  value: string;
  onChange(name: string): void;
  problem?: string | undefined;
}) {
  const { t } = useTranslation();
  const id = useId();
  const { devices } = props;
  if (props.error !== null) return <ErrorNotice error={props.error} title={t('hardware2.add.devicesFailed')} />;
  if (!devices) return <p className="muted">{t('hardware2.add.devicesLoading')}</p>;
  if (!devices.length) return <p className="muted">{t('hardware2.add.noDevices')}</p>;
  const sorted = [...devices].sort((a, b) => collator.compare(a.address, b.address));
  const chosen = devices.find((d) => d.name === props.value);
  const nameOf = (address: string) => {
    const d = devices.find((x) => x.address === address);
    return d?.product ? `${address} (${d.product})` : address;
  };
  return (
    <>
      <fieldset className="hw-hostdevs" aria-describedby={props.problem ? `${id}-problem` : undefined} data-testid="host-devices">
        <legend>{t('hardware2.add.hostDevice')}</legend>
        <div className="hw-hostdev-list">
          {sorted.map((d) => {
            const taken = attached(d, props.vmDevices);
            return (
              <label key={d.name} className={`hw-hostdev${taken ? ' taken' : ''}`}>
                <input type="radio" name={`${id}-device`} value={d.name} checked={props.value === d.name} disabled={taken} onChange={() => props.onChange(d.name)} />
                <span className="hw-hostdev-text">
                  <span className="hw-hostdev-name">
                    <code>{d.address}</code> {[d.vendor, d.product].filter(Boolean).join(' ') || t('hardware2.add.unknownDevice')}
                  </span>
                  <span className="hw-hostdev-meta muted">
                    {[
                      d.vendorId && d.productId ? `${d.vendorId.replace(/^0x/, '')}:${d.productId.replace(/^0x/, '')}` : '',
                      d.driver ? t('hardware2.add.deviceDriver', { driver: d.driver }) : t('hardware2.add.deviceNoDriver'),
                      d.iommuGroup !== undefined ? t('hardware2.add.deviceGroup', { group: d.iommuGroup }) : '',
                      taken ? t('hardware2.add.deviceAttached') : '',
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                </span>
              </label>
            );
          })}
        </div>
      </fieldset>
      {props.problem && (
        <p className="field-problem" id={`${id}-problem`}>
          {props.problem}
        </p>
      )}
      {chosen?.groupPeers?.length ? (
        <p className="hw-warning" role="alert" data-testid="iommu-warning">
          {t('hardware2.add.groupWarning', { peers: chosen.groupPeers.map(nameOf).join(', ') })}
        </p>
      ) : chosen?.iommuGroup !== undefined ? (
        <p className="muted hw-hint">{t('hardware2.add.groupClean')}</p>
      ) : null}
      {chosen?.kind === 'pci' && chosen.driver && chosen.driver !== 'vfio-pci' && <p className="muted hw-hint">{t('hardware2.add.vfioHint', { driver: chosen.driver })}</p>}
    </>
  );
}
