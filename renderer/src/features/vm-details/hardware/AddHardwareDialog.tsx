// Add Hardware: a disk (an image file or device path, or a CD-ROM), a NIC, or, in one click,
// the QEMU guest agent's channel. The new device goes through the same preview and apply as
// every change (a running VM takes what QEMU can hot-plug now, the rest at the next boot).
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainChange } from '../../../../../electron/common/api/domain-edits.js';
import { Dialog } from '../../../components/Dialog.js';
import type { FieldProblem } from '../../../components/form/form-state.js';
import type { UiLabelKey } from '../../../i18n/resources.js';
import type { EditorContext } from './editor-context.js';
import { DISK_BUSES, DISK_FORMATS, GUEST_AGENT_CHANNEL, NIC_MODELS } from './enums.js';
import { Choice, Row } from './fields.js';
import { macProblem } from './NicEditor.js';
import { NicSource, nicSourceMissing, nicSourceProps, type NicSourceValues } from './NicSource.js';
import { text } from './props.js';
import { useNetworks } from './use-networks.js';

/** The kinds of device Add Hardware adds, with their words. */
export const ADDED_KIND_LABEL = {
  disk: 'hardware.add.kind_disk',
  interface: 'hardware.add.kind_interface',
  channel: 'hardware.add.kind_channel',
} as const satisfies Record<string, UiLabelKey>;

/** The kinds the form offers (the guest agent's channel has its own button). */
const FORM_KINDS = ['disk', 'interface'] as const;
type Kind = (typeof FORM_KINDS)[number];

const DISK_DEVICE_LABEL = { disk: 'hardware.disk.device_disk', cdrom: 'hardware.disk.device_cdrom' } as const satisfies Record<string, UiLabelKey>;
const DISK_DEVICES = ['disk', 'cdrom'] as const satisfies readonly (keyof typeof DISK_DEVICE_LABEL)[];

/** What was asked for: the change, and the kind of device to select once it is there. */
export interface NewDevice {
  kind: keyof typeof ADDED_KIND_LABEL;
  change: DomainChange;
}

export function guestAgentChange(): DomainChange {
  return { kind: 'addDevice', device: 'channel', attributes: { type: 'unix' }, set: { targetType: 'virtio', targetName: GUEST_AGENT_CHANNEL } };
}

export function AddHardwareDialog(props: { ctx: EditorContext; onClose(): void; onAdd(device: NewDevice): void }) {
  const { t } = useTranslation();
  const { ctx } = props;
  const networks = useNetworks(ctx.target.connection);
  const formId = useId();
  const [kind, setKind] = useState<Kind>('disk');
  const [disk, setDisk] = useState({ device: 'disk', path: '', bus: 'virtio', format: '' });
  const [nic, setNic] = useState<NicSourceValues & { model: string; mac: string }>({
    type: 'network',
    network: 'default',
    bridge: '',
    dev: '',
    mode: '',
    model: 'virtio',
    mac: '',
  });
  const [tried, setTried] = useState(false);
  const hasAgent = ctx.hw.devices.some((d) => d.kind === 'channel' && text(d.props, 'targetName') === GUEST_AGENT_CHANNEL);
  const network = nic.type === 'network' && !networks.some((n) => n.kind === 'network' && n.name === nic.network) ? { ...nic, network: '' } : nic;

  const diskProblem: FieldProblem | undefined = disk.device === 'disk' && !disk.path.trim() ? { key: 'form.required' } : undefined;
  const mac = macProblem(nic.mac, true) ?? undefined;
  const invalid = kind === 'disk' ? diskProblem !== undefined : nicSourceMissing(network) || mac !== undefined;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (invalid) return;
    if (kind === 'disk') {
      const path = disk.path.trim();
      const format = disk.format || (/\.qcow2$/i.test(path) ? 'qcow2' : 'raw');
      const media = disk.device === 'cdrom';
      props.onAdd({
        kind: 'disk',
        change: {
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
        },
      });
    } else {
      const source = Object.fromEntries(Object.entries(nicSourceProps(network)).filter(([, v]) => v !== null));
      props.onAdd({
        kind: 'interface',
        change: {
          kind: 'addDevice',
          device: 'interface',
          attributes: { type: network.type },
          set: { ...source, modelType: nic.model, ...(nic.mac.trim() ? { macAddress: nic.mac.trim().toLowerCase() } : {}) },
        },
      });
    }
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
          <button type="submit" form={formId} className="primary">
            {t('hardware.add.continue')}
          </button>
        </>
      }
    >
      <div className="hw-agent">
        <p>{hasAgent ? t('hardware.add.agentPresent') : t('hardware.add.agentHint')}</p>
        <button type="button" disabled={hasAgent} onClick={() => props.onAdd({ kind: 'channel', change: guestAgentChange() })}>
          {t('hardware.add.agent')}
        </button>
      </div>
      <form id={formId} onSubmit={submit} noValidate>
        <fieldset className="hw-kinds">
          <legend>{t('hardware.add.kind')}</legend>
          {FORM_KINDS.map((k) => (
            <label key={k} className="hw-check">
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              {t(ADDED_KIND_LABEL[k])}
            </label>
          ))}
        </fieldset>
        {kind === 'disk' ? (
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
            <Row label={t('hardware.add.path')} problem={tried ? diskProblem : undefined} hint={t('hardware.add.pathHint')}>
              <input value={disk.path} onChange={(e) => setDisk((d) => ({ ...d, path: e.target.value }))} spellCheck={false} placeholder="/var/lib/libvirt/images/disk.qcow2" />
            </Row>
            <Row label={t('hardware.disk.bus')}>
              <Choice value={disk.bus} options={DISK_BUSES} word={(b) => t(`hardware.bus.${b}`, { defaultValue: b })} onChange={(bus) => setDisk((d) => ({ ...d, bus }))} />
            </Row>
            <Row label={t('hardware.add.format')}>
              <Choice value={disk.format} options={DISK_FORMATS} unset={t('hardware.add.formatGuess')} onChange={(format) => setDisk((d) => ({ ...d, format }))} />
            </Row>
          </>
        ) : (
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
      </form>
    </Dialog>
  );
}
