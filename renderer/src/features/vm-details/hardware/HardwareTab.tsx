// A VM's Hardware tab: its hardware listed on the left in virt-manager's order, the selected
// item's editor on the right, Add Hardware, and whether the definition holds changes that wait
// for a restart. The hardware is read again whenever the VM changes (an edit here, another
// window, virsh); every change goes through the preview dialog (EditDialog).
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainHardware, EditResult } from '../../../../../electron/common/api/domain-edits.js';
import { ErrorNotice } from '../../../components/ErrorNotice.js';
import { wordKey } from '../../../i18n/index.js';
import type { UiLabelKey } from '../../../i18n/resources.js';
import { api, onDomainsChanged } from '../../../store/store.js';
import type { VmTabProps } from '../registry.js';
import { ADDED_KIND_LABEL, AddHardwareDialog, type NewDevice } from './AddHardwareDialog.js';
import { hardwareItems, pendingItemKey } from './device-list.js';
import { DeviceEditor } from './DeviceEditor.js';
import { DeviceIcon } from './DeviceIcon.js';
import { EditDialog } from './EditDialog.js';
import type { EditEnd, EditorContext, EditRequest } from './editor-context.js';
import { HardwareList } from './HardwareList.js';
import './hardware.css';

/** What an applied edit did, in one line. */
function appliedWords(result: EditResult): UiLabelKey {
  const effects = new Set(result.outcomes.map((o) => o.effect));
  if (effects.has('next-boot')) return effects.has('now') ? 'hardware.applied_mixed' : 'hardware.applied_next-boot';
  return effects.has('now') ? 'hardware.applied_now' : 'hardware.applied_definition';
}

export function HardwareTab({ target, vm }: VmTabProps) {
  const { t } = useTranslation();
  const [hw, setHw] = useState<DomainHardware | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState('cpus');
  const [editing, setEditing] = useState<{ request: EditRequest; resolve(end: EditEnd): void } | null>(null);
  const [adding, setAdding] = useState(false);
  const [status, setStatus] = useState('');
  const headingId = useId();

  // Reads may overlap (events arrive while one is in flight): only the latest one counts.
  const seq = useRef(0);
  const load = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const next = await api().domains.hardware({ ref: target });
      if (mine !== seq.current) return;
      setHw(next);
      setError(null);
    } catch (err) {
      if (mine === seq.current) setError(err);
    }
  }, [target]);
  useEffect(() => {
    void load();
    return onDomainsChanged((refs) => {
      if (refs.some((r) => r.connection === target.connection && r.uuid === target.uuid)) void load();
    });
  }, [load, target]);

  const items = useMemo(() => (hw ? hardwareItems(hw) : []), [hw]);
  // A removed item's place goes to the one before it; an added device is selected once it is there.
  const lastIndex = useRef(0);
  const selectKind = useRef<string | null>(null);
  useEffect(() => {
    if (!items.length) return;
    if (selectKind.current) {
      const added = items.filter((it) => it.device?.kind === selectKind.current).pop();
      selectKind.current = null;
      if (added) {
        setSelected(added.key);
        return;
      }
    }
    const i = items.findIndex((it) => it.key === selected);
    if (i >= 0) lastIndex.current = i;
    else setSelected(items[Math.min(lastIndex.current, items.length - 1)]!.key);
  }, [items, selected]);

  const edit = useCallback((request: EditRequest) => new Promise<EditEnd>((resolve) => setEditing({ request, resolve })), []);
  const ctx = useMemo((): EditorContext | null => (hw ? { target, hw, vm, running: hw.liveXml !== undefined, edit } : null), [target, hw, vm, edit]);
  const pending = useMemo(() => new Set(hw?.pending?.map((p) => (hw ? pendingItemKey(p, hw) : undefined)).filter((k): k is string => k !== undefined) ?? []), [hw]);

  const onEnd = (end: EditEnd) => {
    editing?.resolve(end);
    setEditing(null);
    if (end.end === 'applied') {
      setStatus(t(appliedWords(end.result)));
      void load();
    } else selectKind.current = null;
  };
  const onAdd = (d: NewDevice) => {
    setAdding(false);
    if (!hw) return;
    selectKind.current = d.kind;
    void edit({ title: t('hardware.add.applyTitle', { kind: t(ADDED_KIND_LABEL[d.kind]) }), changes: [d.change], etag: hw.etag });
  };

  if (!hw || !ctx) {
    return (
      <div className="hardware" data-testid="vm-hardware">
        {error !== null ? <ErrorNotice error={error} title={t('hardware.readFailed')} /> : <p className="muted">{t('hardware.loading')}</p>}
      </div>
    );
  }
  const item = items.find((it) => it.key === selected) ?? items[0]!;
  const label = wordKey(item.label.key, item.label.params);
  return (
    <div className="hardware" data-testid="vm-hardware">
      {error !== null && <ErrorNotice error={error} title={t('hardware.readFailed')} onDismiss={() => setError(null)} />}
      {hw.pendingRestart && (
        <p className="hw-pending" data-testid="pending-restart">
          <span className="hw-badge next-boot">{t('hardware.pendingBadge')}</span> {t('hardware.pendingText')}
        </p>
      )}
      <div className="hw-main">
        <div className="hw-side">
          <HardwareList
            items={items}
            selected={item.key}
            pending={pending}
            onSelect={(key) => {
              setSelected(key);
              setStatus('');
            }}
          />
          <button type="button" onClick={() => setAdding(true)}>
            {t('hardware.add.open')}
          </button>
        </div>
        <section className="hw-editor" aria-labelledby={headingId} data-testid="hardware-editor">
          <h3 id={headingId}>
            <DeviceIcon name={item.icon} />
            {label}
          </h3>
          <DeviceEditor key={item.key} ctx={ctx} item={item} label={label} items={items} />
          <p className="hw-status" role="status">
            {status}
          </p>
        </section>
      </div>
      {adding && <AddHardwareDialog ctx={ctx} onClose={() => setAdding(false)} onAdd={onAdd} />}
      {editing && <EditDialog target={target} request={editing.request} onEnd={onEnd} onReload={load} />}
    </div>
  );
}
