// A disk: its source (a file or a block device; other kinds shown as they are), bus, cache,
// I/O and discard modes, read-only, shareable, serial; a CD-ROM's or floppy's media changed or
// ejected (live on a running VM); Resize… for a disk.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainChange, HardwareDevice, PropValue } from '../../../../../electron/common/api/domain-edits.js';
import type { Validators } from '../../../components/form/form-state.js';
import { useForm } from '../../../components/form/use-form.js';
import { DeviceXml, RemoveButton } from './device-parts.js';
import type { EditorContext } from './editor-context.js';
import { DISK_BUSES, DISK_CACHES, DISK_DISCARDS, DISK_IOS } from './enums.js';
import { Choice, Fact, Row } from './fields.js';
import { HardwareForm } from './HardwareForm.js';
import { bool, text } from './props.js';
import { ResizeDiskDialog } from './ResizeDiskDialog.js';

interface DiskValues {
  source: string;
  bus: string;
  cache: string;
  io: string;
  discard: string;
  readonly: boolean;
  shareable: boolean;
  serial: string;
}

/** The property that holds this disk's path, when it is one the editor changes. */
function sourceProp(d: HardwareDevice): 'sourceFile' | 'sourceDev' | undefined {
  const type = text(d.props, 'type') ?? 'file';
  return type === 'file' ? 'sourceFile' : type === 'block' ? 'sourceDev' : undefined;
}

const FIELDS: Record<Exclude<keyof DiskValues, 'source'>, string> = {
  bus: 'targetBus',
  cache: 'driverCache',
  io: 'driverIo',
  discard: 'driverDiscard',
  readonly: 'readonly',
  shareable: 'shareable',
  serial: 'serial',
};

const validators: Validators<DiskValues> = {
  serial: (v) => (/^[A-Za-z0-9_ .+-]*$/.test(v) ? null : { key: 'hardware.disk.badSerial' }),
};

export function DiskEditor(props: { ctx: EditorContext; device: HardwareDevice; label: string }) {
  const { t } = useTranslation();
  const { ctx, device } = props;
  const [resizing, setResizing] = useState(false);
  const p = device.props;
  const media = ['cdrom', 'floppy'].includes(text(p, 'device') ?? 'disk');
  const source = sourceProp(device);
  const base = useMemo(
    (): DiskValues => ({
      source: (source && text(device.props, source)) ?? '',
      bus: text(device.props, 'targetBus') ?? '',
      cache: text(device.props, 'driverCache') ?? '',
      io: text(device.props, 'driverIo') ?? '',
      discard: text(device.props, 'driverDiscard') ?? '',
      readonly: bool(device.props, 'readonly') ?? false,
      shareable: bool(device.props, 'shareable') ?? false,
      serial: text(device.props, 'serial') ?? '',
    }),
    [device, source],
  );
  const form = useForm(base, validators);
  const v = form.values;
  const toChanges = (changed: Partial<DiskValues>): DomainChange[] => {
    const set: Record<string, PropValue> = {};
    for (const [k, value] of Object.entries(changed) as [keyof DiskValues, DiskValues[keyof DiskValues]][]) {
      const name = k === 'source' ? source : FIELDS[k];
      if (name) set[name] = typeof value === 'string' ? value.trim() || null : value;
    }
    return [{ kind: 'device', id: device.id, set }];
  };
  const otherSource = [
    text(p, 'sourcePool') && `${text(p, 'sourcePool')}/${text(p, 'sourceVolume') ?? ''}`,
    text(p, 'sourceProtocol') && `${text(p, 'sourceProtocol')}: ${text(p, 'sourceName') ?? ''}`,
    text(p, 'sourceDir'),
  ]
    .filter(Boolean)
    .join(' ');
  const extra = (
    <>
      <RemoveButton ctx={ctx} device={device} label={props.label} />
      {!media && (
        <button type="button" onClick={() => setResizing(true)}>
          {t('hardware.disk.resize')}
        </button>
      )}
    </>
  );
  return (
    <>
      <HardwareForm ctx={ctx} form={form} label={props.label} toChanges={toChanges} extra={extra}>
        <Fact label={t('hardware.disk.deviceType')}>{t(`hardware.disk.device_${text(p, 'device') ?? 'disk'}`, { defaultValue: text(p, 'device') ?? 'disk' })}</Fact>
        {source ? (
          <Row
            label={t(media ? 'hardware.disk.media' : 'hardware.disk.source')}
            {...(media && !v.source ? { hint: t('hardware.disk.noMedia') } : {})}
            after={
              media ? (
                <button type="button" disabled={!v.source} onClick={() => form.set('source', '')}>
                  {t('hardware.disk.eject')}
                </button>
              ) : undefined
            }
          >
            <input value={v.source} onChange={(e) => form.set('source', e.target.value)} spellCheck={false} placeholder="/var/lib/libvirt/images/…" />
          </Row>
        ) : (
          <Fact label={t('hardware.disk.source')}>{otherSource || t('hardware.none')}</Fact>
        )}
        {text(p, 'targetDev') && <Fact label={t('hardware.prop.targetDev')}>{text(p, 'targetDev')}</Fact>}
        {text(p, 'driverType') && <Fact label={t('hardware.prop.driverType')}>{text(p, 'driverType')}</Fact>}
        <Row label={t('hardware.disk.bus')}>
          <Choice
            value={v.bus}
            options={DISK_BUSES}
            {...(base.bus === '' ? { unset: t('hardware.default') } : {})}
            word={(b) => t(`hardware.bus.${b}`, { defaultValue: b })}
            onChange={(x) => form.set('bus', x)}
          />
        </Row>
        <Row label={t('hardware.disk.cache')}>
          <Choice value={v.cache} options={DISK_CACHES} unset={t('hardware.default')} onChange={(x) => form.set('cache', x)} />
        </Row>
        <Row label={t('hardware.disk.io')}>
          <Choice value={v.io} options={DISK_IOS} unset={t('hardware.default')} onChange={(x) => form.set('io', x)} />
        </Row>
        <Row label={t('hardware.disk.discard')}>
          <Choice value={v.discard} options={DISK_DISCARDS} unset={t('hardware.default')} onChange={(x) => form.set('discard', x)} />
        </Row>
        <Row inline label={t('hardware.disk.readonly')}>
          <input type="checkbox" checked={v.readonly} onChange={(e) => form.set('readonly', e.target.checked)} />
        </Row>
        <Row inline label={t('hardware.disk.shareable')}>
          <input type="checkbox" checked={v.shareable} onChange={(e) => form.set('shareable', e.target.checked)} />
        </Row>
        <Row label={t('hardware.disk.serial')} problem={form.problems.serial}>
          <input value={v.serial} onChange={(e) => form.set('serial', e.target.value)} spellCheck={false} maxLength={36} />
        </Row>
      </HardwareForm>
      <DeviceXml device={device} />
      {resizing && <ResizeDiskDialog ctx={ctx} device={device} label={props.label} onClose={() => setResizing(false)} />}
    </>
  );
}
