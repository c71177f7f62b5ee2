// Add Hardware: a disk (an image file or device path typed in, or a volume chosen from a storage
// pool; or a CD-ROM), a NIC, a host PCI or USB device, a virtiofs filesystem share, an emulated
// TPM, an RNG, a watchdog, a panic notifier, or, in one click, the QEMU guest agent's channel.
// The new device goes through the same preview and apply as every change (a running VM takes
// what QEMU can hot-plug now, the rest at the next boot).
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainChange } from '../../../../../electron/common/api/domain-edits.js';
import { Dialog } from '../../../components/Dialog.js';
import type { FieldProblem } from '../../../components/form/form-state.js';
import type { UiLabelKey } from '../../../i18n/resources.js';
import { api } from '../../../store/store.js';
import type { EditorContext } from './editor-context.js';
import { DISK_BUSES, DISK_FORMATS, GUEST_AGENT_CHANNEL, NIC_MODELS } from './enums.js';
import { Choice, Row } from './fields.js';
import { HostDevicePicker, pciParts, useHostDevices } from './HostDevicePicker.js';
import { macProblem } from './NicEditor.js';
import { NicSource, nicSourceMissing, nicSourceProps, type NicSourceValues } from './NicSource.js';
import { text } from './props.js';
import { useNetworks } from './use-networks.js';
import { driverFormat, VolumeDialog, type PickedVolume } from './VolumeDialog.js';

/** The kinds the form offers, with their words (the guest agent's channel has its own button). */
const FORM_KINDS = {
  disk: 'hardware.add.kind_disk',
  interface: 'hardware.add.kind_interface',
  hostPci: 'hardware2.add.kind_hostPci',
  hostUsb: 'hardware2.add.kind_hostUsb',
  filesystem: 'hardware2.add.kind_filesystem',
  tpm: 'hardware2.add.kind_tpm',
  rng: 'hardware2.add.kind_rng',
  watchdog: 'hardware2.add.kind_watchdog',
  panic: 'hardware2.add.kind_panic',
} as const satisfies Record<string, UiLabelKey>;
type Kind = keyof typeof FORM_KINDS;
const KINDS = Object.keys(FORM_KINDS) as Kind[];

/** Kinds a VM has one of (libvirt refuses a second TPM; a second watchdog or panic notifier of a model is of no use). */
const ONE_PER_VM: Partial<Record<Kind, string>> = { tpm: 'tpm', watchdog: 'watchdog', panic: 'panic' };

const DISK_DEVICE_LABEL = { disk: 'hardware.disk.device_disk', cdrom: 'hardware.disk.device_cdrom' } as const satisfies Record<string, UiLabelKey>;
const DISK_DEVICES = ['disk', 'cdrom'] as const satisfies readonly (keyof typeof DISK_DEVICE_LABEL)[];

/** What was asked for: the change, the kind of device to select once it is there, and its words. */
export interface NewDevice {
  /** The element under <devices> (disk, interface, hostdev, …). */
  kind: string;
  label: UiLabelKey;
  change: DomainChange;
}

/** The panic notifier's model for the VM's architecture (QEMU's pvpanic on x86 is the ISA one). */
function panicModel(arch: string | undefined): string {
  if (arch?.startsWith('ppc')) return 'pseries';
  if (arch?.startsWith('s390')) return 's390';
  if (arch === 'aarch64' || arch?.startsWith('arm') || arch?.startsWith('riscv')) return 'pvpanic';
  return 'isa';
}

/** The TPM model for the VM's architecture: CRB on x86 (what Windows 11 expects), TIS elsewhere, spapr on POWER. */
function tpmModel(arch: string | undefined): string {
  if (arch?.startsWith('ppc')) return 'tpm-spapr';
  return arch === 'x86_64' || arch === 'i686' || arch === undefined ? 'tpm-crb' : 'tpm-tis';
}

export function guestAgentChange(): DomainChange {
  return { kind: 'addDevice', device: 'channel', attributes: { type: 'unix' }, set: { targetType: 'virtio', targetName: GUEST_AGENT_CHANNEL } };
}

export function AddHardwareDialog(props: { ctx: EditorContext; onClose(): void; onAdd(device: NewDevice): void }) {
  const { t } = useTranslation();
  const { ctx } = props;
  const connection = ctx.target.connection;
  const arch = text(ctx.hw.domain, 'osArch');
  const networks = useNetworks(connection);
  const formId = useId();
  const [kind, setKind] = useState<Kind>('disk');
  const [disk, setDisk] = useState<{ device: string; path: string; bus: string; format: string; volume: PickedVolume | null }>({
    device: 'disk',
    path: '',
    bus: 'virtio',
    format: '',
    volume: null,
  });
  const [choosing, setChoosing] = useState(false);
  const [nic, setNic] = useState<NicSourceValues & { model: string; mac: string }>({
    type: 'network',
    network: 'default',
    bridge: '',
    dev: '',
    mode: '',
    model: 'virtio',
    mac: '',
  });
  const [hostdev, setHostdev] = useState('');
  const [fs, setFs] = useState({ source: '', target: '' });
  const [tpmEmulator, setTpmEmulator] = useState<boolean | null>(null);
  const [tried, setTried] = useState(false);
  const hostKind = kind === 'hostUsb' ? 'usb' : 'pci';
  const hostDevices = useHostDevices(connection, hostKind);
  const hasAgent = ctx.hw.devices.some((d) => d.kind === 'channel' && text(d.props, 'targetName') === GUEST_AGENT_CHANNEL);
  const network = nic.type === 'network' && !networks.some((n) => n.kind === 'network' && n.name === nic.network) ? { ...nic, network: '' } : nic;
  const sharedMemory = text(ctx.hw.domain, 'memoryAccess') === 'shared';
  const present = (k: Kind) => ONE_PER_VM[k] !== undefined && ctx.hw.devices.some((d) => d.kind === ONE_PER_VM[k]);

  // Whether the host can emulate a TPM (swtpm), asked only once TPM is chosen.
  useEffect(() => {
    if (kind !== 'tpm' || tpmEmulator !== null) return;
    let live = true;
    api()
      .hosts.capabilities({ connection })
      .then((c) => live && setTpmEmulator(c.tpm))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [kind, tpmEmulator, connection]);

  const diskProblem: FieldProblem | undefined = disk.device === 'disk' && !disk.volume && !disk.path.trim() ? { key: 'form.required' } : undefined;
  const mac = macProblem(nic.mac, true) ?? undefined;
  const fsSource: FieldProblem | undefined = !fs.source.trim() ? { key: 'form.required' } : !fs.source.trim().startsWith('/') ? { key: 'hardware2.add.fsAbsolute' } : undefined;
  const fsTarget: FieldProblem | undefined = !fs.target.trim() ? { key: 'form.required' } : undefined;
  const chosenHostdev = hostDevices.devices?.find((d) => d.name === hostdev && d.kind === hostKind);
  const invalid = ((): boolean => {
    switch (kind) {
      case 'disk':
        return diskProblem !== undefined;
      case 'interface':
        return nicSourceMissing(network) || mac !== undefined;
      case 'hostPci':
      case 'hostUsb':
        return !chosenHostdev;
      case 'filesystem':
        return fsSource !== undefined || fsTarget !== undefined;
      default:
        return present(kind);
    }
  })();

  const diskChange = (): DomainChange => {
    const media = disk.device === 'cdrom';
    if (disk.volume) {
      const v = disk.volume;
      return {
        kind: 'addDevice',
        device: 'disk',
        attributes: { type: 'volume', device: disk.device },
        set: {
          driverName: 'qemu',
          driverType: disk.format || driverFormat(v.format) || 'raw',
          sourcePool: v.pool,
          sourceVolume: v.volume,
          targetBus: disk.bus,
          ...(media ? { readonly: true } : {}),
        },
      };
    }
    const path = disk.path.trim();
    const format = disk.format || (/\.qcow2$/i.test(path) ? 'qcow2' : 'raw');
    return {
      kind: 'addDevice',
      device: 'disk',
      attributes: { type: path.startsWith('/dev/') ? 'block' : 'file', device: disk.device },
      set: {
        driverName: 'qemu',
        driverType: format,
        ...(path ? { [path.startsWith('/dev/') ? 'sourceDev' : 'sourceFile']: path } : {}),
        targetBus: disk.bus,
        ...(media ? { readonly: true } : {}),
      },
    };
  };

  const change = (): DomainChange | null => {
    switch (kind) {
      case 'disk':
        return diskChange();
      case 'interface': {
        const source = Object.fromEntries(Object.entries(nicSourceProps(network)).filter(([, v]) => v !== null));
        return {
          kind: 'addDevice',
          device: 'interface',
          attributes: { type: network.type },
          set: { ...source, modelType: nic.model, ...(nic.mac.trim() ? { macAddress: nic.mac.trim().toLowerCase() } : {}) },
        };
      }
      case 'hostPci': {
        const parts = chosenHostdev && pciParts(chosenHostdev.address);
        return parts ? { kind: 'addDevice', device: 'hostdev', attributes: { mode: 'subsystem', type: 'pci', managed: 'yes' }, set: parts } : null;
      }
      case 'hostUsb': {
        if (!chosenHostdev) return null;
        const [bus, device] = chosenHostdev.address.split(':');
        // Vendor and product find the device wherever it is plugged in; the address tells apart two alike.
        const alike = (hostDevices.devices ?? []).filter((d) => d.vendorId === chosenHostdev.vendorId && d.productId === chosenHostdev.productId).length > 1;
        const set: Record<string, string> = {};
        if (chosenHostdev.vendorId && chosenHostdev.productId) Object.assign(set, { vendorId: chosenHostdev.vendorId, productId: chosenHostdev.productId });
        if (!set['vendorId'] || alike) Object.assign(set, { usbBus: bus ?? '0', usbDevice: device ?? '0' });
        return { kind: 'addDevice', device: 'hostdev', attributes: { mode: 'subsystem', type: 'usb', managed: 'yes' }, set };
      }
      case 'filesystem':
        // virtiofs needs passthrough access; the backend makes the memory shared and says so.
        return {
          kind: 'addDevice',
          device: 'filesystem',
          attributes: { type: 'mount', accessmode: 'passthrough' },
          set: { driverType: 'virtiofs', sourceDir: fs.source.trim(), targetDir: fs.target.trim() },
        };
      case 'tpm':
        return { kind: 'addDevice', device: 'tpm', attributes: { model: tpmModel(arch) }, set: { backendType: 'emulator', backendVersion: '2.0' } };
      case 'rng':
        return { kind: 'addDevice', device: 'rng', attributes: { model: 'virtio' }, set: { backendModel: 'random', backend: '/dev/urandom' } };
      case 'watchdog':
        return { kind: 'addDevice', device: 'watchdog', attributes: { model: 'i6300esb' }, set: { action: 'reset' } };
      case 'panic':
        return { kind: 'addDevice', device: 'panic', set: { model: panicModel(arch) } };
    }
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (invalid) return;
    const c = change();
    if (!c || c.kind !== 'addDevice') return;
    props.onAdd({ kind: c.device, label: FORM_KINDS[kind], change: c });
  };

  const pickVolume = (v: PickedVolume) => {
    setChoosing(false);
    const format = driverFormat(v.format) ?? '';
    setDisk((d) => (v.byName ? { ...d, volume: v, path: '', format } : { ...d, volume: null, path: v.path, format }));
  };

  return (
    <Dialog
      title={t('hardware.add.title')}
      onClose={props.onClose}
      className="form-dialog hw-add-dialog"
      actions={
        <>
          <button type="button" onClick={props.onClose}>
            {t('hardware.cancel')}
          </button>
          <button type="submit" form={formId} className="primary" disabled={present(kind)}>
            {t('hardware.add.continue')}
          </button>
        </>
      }
    >
      <div className="hw-agent">
        <p>{hasAgent ? t('hardware.add.agentPresent') : t('hardware.add.agentHint')}</p>
        <button type="button" disabled={hasAgent} onClick={() => props.onAdd({ kind: 'channel', label: 'hardware.add.kind_channel', change: guestAgentChange() })}>
          {t('hardware.add.agent')}
        </button>
      </div>
      <form id={formId} onSubmit={submit} noValidate className="hw-fields">
        <fieldset className="hw-kinds">
          <legend>{t('hardware.add.kind')}</legend>
          {KINDS.map((k) => (
            <label key={k} className="hw-check">
              <input
                type="radio"
                name="kind"
                value={k}
                checked={kind === k}
                onChange={() => {
                  setKind(k);
                  setTried(false);
                }}
              />
              {t(FORM_KINDS[k])}
            </label>
          ))}
        </fieldset>
        {kind === 'disk' && (
          <>
            <Row label={t('hardware.disk.deviceType')}>
              <Choice
                value={disk.device}
                options={DISK_DEVICES}
                word={(x) => {
                  const device = DISK_DEVICES.find((d) => d === x);
                  return device ? t(DISK_DEVICE_LABEL[device]) : x;
                }}
                onChange={(device) => setDisk((d) => ({ ...d, device, bus: device === 'cdrom' ? 'sata' : 'virtio' }))}
              />
            </Row>
            {disk.volume ? (
              <Row
                label={t('hardware2.volume.current')}
                after={
                  <>
                    <button type="button" onClick={() => setChoosing(true)}>
                      {t('hardware2.volume.choose')}
                    </button>
                    <button type="button" onClick={() => setDisk((d) => ({ ...d, volume: null }))}>
                      {t('hardware2.volume.clear')}
                    </button>
                  </>
                }
              >
                <input value={t('hardware2.volume.currentValue', { pool: disk.volume.pool, volume: disk.volume.volume })} readOnly />
              </Row>
            ) : (
              <Row
                label={t('hardware.add.path')}
                problem={tried ? diskProblem : undefined}
                hint={t('hardware.add.pathHint')}
                after={
                  <button type="button" onClick={() => setChoosing(true)}>
                    {t('hardware2.volume.choose')}
                  </button>
                }
              >
                <input value={disk.path} onChange={(e) => setDisk((d) => ({ ...d, path: e.target.value }))} spellCheck={false} placeholder="/var/lib/libvirt/images/disk.qcow2" />
              </Row>
            )}
            <Row label={t('hardware.disk.bus')}>
              <Choice value={disk.bus} options={DISK_BUSES} word={(b) => t(`hardware.bus.${b}`, { defaultValue: b })} onChange={(bus) => setDisk((d) => ({ ...d, bus }))} />
            </Row>
            <Row label={t('hardware.add.format')}>
              <Choice value={disk.format} options={DISK_FORMATS} unset={t('hardware.add.formatGuess')} onChange={(format) => setDisk((d) => ({ ...d, format }))} />
            </Row>
          </>
        )}
        {kind === 'interface' && (
          <>
            <NicSource values={network} networks={networks} onChange={(c) => setNic((n) => ({ ...n, ...c }))} />
            <Row label={t('hardware.nic.model')}>
              <Choice value={nic.model} options={NIC_MODELS} onChange={(model) => setNic((n) => ({ ...n, model }))} />
            </Row>
            <Row label={t('hardware.nic.mac')} problem={tried ? mac : undefined} hint={t('hardware.add.macHint')}>
              <input value={nic.mac} onChange={(e) => setNic((n) => ({ ...n, mac: e.target.value }))} spellCheck={false} placeholder="52:54:00:…" />
            </Row>
          </>
        )}
        {(kind === 'hostPci' || kind === 'hostUsb') && (
          <HostDevicePicker
            devices={hostDevices.devices}
            error={hostDevices.error}
            vmDevices={ctx.hw.devices}
            value={hostdev}
            onChange={setHostdev}
            problem={tried && !chosenHostdev ? t('hardware2.add.chooseDevice') : undefined}
          />
        )}
        {kind === 'filesystem' && (
          <>
            <Row label={t('hardware2.add.fsSource')} problem={tried ? fsSource : undefined} hint={t('hardware2.add.fsSourceHint')}>
              <input value={fs.source} onChange={(e) => setFs((f) => ({ ...f, source: e.target.value }))} spellCheck={false} placeholder="/srv/share" />
            </Row>
            <Row label={t('hardware2.add.fsTarget')} problem={tried ? fsTarget : undefined} hint={t('hardware2.add.fsTargetHint')}>
              <input value={fs.target} onChange={(e) => setFs((f) => ({ ...f, target: e.target.value }))} spellCheck={false} placeholder="share" />
            </Row>
            <p className="hw-note" data-testid="virtiofs-memory">
              {t(sharedMemory ? 'hardware2.add.fsMemoryShared' : 'hardware2.add.fsMemory')}
            </p>
          </>
        )}
        {kind === 'tpm' && (
          <>
            <p>{t('hardware2.add.tpmText')}</p>
            {tpmEmulator === false && (
              <p className="hw-warning" data-testid="tpm-warning">
                {t('hardware2.add.tpmNoEmulator')}
              </p>
            )}
          </>
        )}
        {kind === 'rng' && <p>{t('hardware2.add.rngText')}</p>}
        {kind === 'watchdog' && <p>{t('hardware2.add.watchdogText')}</p>}
        {kind === 'panic' && <p>{t('hardware2.add.panicText', { model: panicModel(arch) })}</p>}
        {present(kind) && <p className="hw-warning">{t('hardware2.add.onlyOne')}</p>}
      </form>
      {choosing && <VolumeDialog connection={connection} {...(disk.volume ? { initialPool: disk.volume.pool } : {})} onPick={pickVolume} onClose={() => setChoosing(false)} />}
    </Dialog>
  );
}
