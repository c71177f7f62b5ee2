// A disk: its source (a file or a block device typed in, or a volume chosen from a storage pool
// by its path or by pool and volume name; other kinds shown as they are), bus, cache, I/O and
// discard modes, read-only, shareable, serial; a CD-ROM's or floppy's media changed or ejected
// (live on a running VM); Resize… for a disk.
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
import { driverFormat, VolumeDialog, type PickedVolume } from './VolumeDialog.js';

interface DiskValues {
  /** How the source is given: a path (file or block device), a pool's volume by name, or another way (shown, not edited). */
  sourceKind: 'path' | 'volume' | 'other';
  source: string;
  pool: string;
  volume: string;
  format: string;
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

const SOURCE_FIELDS = ['sourceKind', 'source', 'pool', 'volume'] as const;
const FIELDS: Record<Exclude<keyof DiskValues, (typeof SOURCE_FIELDS)[number]>, string> = {
  format: 'driverType',
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
  const [choosing, setChoosing] = useState(false);
  const source = sourceProp(device);
  const base = useMemo(
    (): DiskValues => ({
      sourceKind: source ? 'path' : text(device.props, 'type') === 'volume' ? 'volume' : 'other',
      source: (source && text(device.props, source)) ?? '',
      pool: text(device.props, 'sourcePool') ?? '',
      volume: text(device.props, 'sourceVolume') ?? '',
      format: text(device.props, 'driverType') ?? '',
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
  const toChanges = (changed: Partial<DiskValues>, all: DiskValues): DomainChange[] => {
    const set: Record<string, PropValue> = {};
    for (const [k, value] of Object.entries(changed) as [keyof DiskValues, DiskValues[keyof DiskValues]][]) {
      if (k in FIELDS) set[FIELDS[k as keyof typeof FIELDS]] = typeof value === 'string' ? value.trim() || null : value;
    }
    if (SOURCE_FIELDS.some((k) => k in changed)) Object.assign(set, sourceChanges(all));
    return [{ kind: 'device', id: device.id, set }];
  };
  /** The source properties for what the form holds; what the disk's old kind of source set is cleared. */
  const sourceChanges = (all: DiskValues): Record<string, PropValue> => {
    const set: Record<string, PropValue> = {};
    const clear = (...names: string[]) => names.forEach((n) => p[n] !== undefined && (set[n] = null));
    if (all.sourceKind === 'path' && base.sourceKind === 'path' && source) {
      set[source] = all.source.trim() || null;
    } else if (all.sourceKind === 'path') {
      const path = all.source.trim();
      const block = path.startsWith('/dev/');
      set['type'] = block ? 'block' : 'file';
      clear('sourcePool', 'sourceVolume', block ? 'sourceFile' : 'sourceDev');
      if (path) set[block ? 'sourceDev' : 'sourceFile'] = path;
    } else if (all.sourceKind === 'volume') {
      set['type'] = 'volume';
      clear('sourceFile', 'sourceDev');
      set['sourcePool'] = all.pool;
      set['sourceVolume'] = all.volume;
    }
    return set;
  };
  const pick = (vol: PickedVolume) => {
    setChoosing(false);
    if (vol.byName) {
      form.set('sourceKind', 'volume');
      form.set('pool', vol.pool);
      form.set('volume', vol.volume);
    } else {
      form.set('sourceKind', 'path');
      form.set('source', vol.path);
    }
    const format = driverFormat(vol.format);
    if (format) form.set('format', format);
  };
  const chooseButton = (
    <button type="button" onClick={() => setChoosing(true)}>
      {t('hardware2.volume.choose')}
    </button>
  );
  const ejectButton = (empty: boolean) =>
    media ? (
      <button
        type="button"
        disabled={empty}
        onClick={() => {
          form.set('sourceKind', 'path');
          form.set('source', '');
        }}
      >
        {t('hardware.disk.eject')}
      </button>
    ) : null;
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
        {v.sourceKind === 'path' ? (
          <Row
            label={t(media ? 'hardware.disk.media' : 'hardware.disk.source')}
            {...(media && !v.source ? { hint: t('hardware.disk.noMedia') } : {})}
            after={
              <>
                {chooseButton}
                {ejectButton(!v.source)}
              </>
            }
          >
            <input value={v.source} onChange={(e) => form.set('source', e.target.value)} spellCheck={false} placeholder="/var/lib/libvirt/images/…" />
          </Row>
        ) : v.sourceKind === 'volume' ? (
          <Row
            label={t('hardware2.volume.current')}
            after={
              <>
                {chooseButton}
                {ejectButton(false)}
              </>
            }
          >
            <input value={t('hardware2.volume.currentValue', { pool: v.pool, volume: v.volume })} readOnly />
          </Row>
        ) : (
          <Fact label={t('hardware.disk.source')}>{otherSource || t('hardware.none')}</Fact>
        )}
        {text(p, 'targetDev') && <Fact label={t('hardware.prop.targetDev')}>{text(p, 'targetDev')}</Fact>}
        {v.format && <Fact label={t('hardware.prop.driverType')}>{v.format}</Fact>}
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
      {choosing && <VolumeDialog connection={ctx.target.connection} {...(v.pool ? { initialPool: v.pool } : {})} onPick={pick} onClose={() => setChoosing(false)} />}
      {resizing && <ResizeDiskDialog ctx={ctx} device={device} label={props.label} onClose={() => setResizing(false)} />}
    </>
  );
}
