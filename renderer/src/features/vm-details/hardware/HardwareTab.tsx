// A VM's Hardware tab: its hardware listed on the left in virt-manager's order, the selected
// item's editor on the right, Add Hardware, and whether the definition holds changes that wait
// for a restart. The hardware is read again whenever the VM changes (an edit here, another
// window, virsh: see hardware-reader.ts); every change goes through the preview dialog
// (EditDialog). An editor with changes not yet applied is not left without asking; on a
// read-only connection nothing can be changed, and the tab says why once, at the top.
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditResult } from '../../../../../electron/common/api/domain-edits.js';
import { msg } from '../../../../../electron/common/messages/messages.js';
import { ErrorNotice } from '../../../components/ErrorNotice.js';
import { wordKey } from '../../../i18n/index.js';
import { wordHint, wordMessage } from '../../../i18n/messages.js';
import type { UiLabelKey } from '../../../i18n/resources.js';
import { guardLeaving } from '../../../router/history.js';
import { connectionById } from '../../../store/connections.js';
import { useStore } from '../../../store/store.js';
import type { VmTabProps } from '../registry.js';
import { AddHardwareDialog, type NewDevice } from './AddHardwareDialog.js';
import { hardwareItems, pendingItemKey } from './device-list.js';
import { DeviceEditor } from './DeviceEditor.js';
import { DeviceIcon } from './DeviceIcon.js';
import { DiscardDialog } from './DiscardDialog.js';
import { EditDialog } from './EditDialog.js';
import type { EditEnd, EditorContext, EditRequest } from './editor-context.js';
import { HardwareList } from './HardwareList.js';
import { reloadHardware, useHardware } from './hardware-reader.js';
import './hardware.css';

/** What an applied edit did, in one line. */
function appliedWords(result: EditResult): UiLabelKey {
  const effects = new Set(result.outcomes.map((o) => o.effect));
  if (effects.has('next-boot')) return effects.has('now') ? 'hardware.applied_mixed' : 'hardware.applied_next-boot';
  return effects.has('now') ? 'hardware.applied_now' : 'hardware.applied_definition';
}

export function HardwareTab({ target, vm, host }: VmTabProps) {
  const { t } = useTranslation();
  const { hw, error: readError } = useHardware(target);
  const [dismissed, setDismissed] = useState<unknown>(null);
  const error = readError !== dismissed ? readError : null;
  const [selected, setSelected] = useState('cpus');
  const [editing, setEditing] = useState<{ request: EditRequest; resolve(end: EditEnd): void } | null>(null);
  const [adding, setAdding] = useState(false);
  const [status, setStatus] = useState('');
  // What waits for an answer to "Discard changes?": another item, or leaving the tab.
  const [asking, setAsking] = useState<{ proceed(): void } | null>(null);
  const readOnly = useStore((s) => connectionById(target.connection)(s)?.spec.readonly === true);
  const headingId = useId();
  const load = useCallback(() => reloadHardware(target), [target]);

  // Whether the shown editor has changes not yet applied (HardwareForm reports it).
  const dirty = useRef(false);
  const onDirty = useCallback((d: boolean) => {
    dirty.current = d;
  }, []);
  useEffect(
    () =>
      guardLeaving((proceed) => {
        if (!dirty.current) return true;
        setAsking({ proceed });
        return false;
      }),
    [],
  );

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
  const ctx = useMemo(
    (): EditorContext | null => (hw ? { target, hw, vm, running: hw.liveXml !== undefined, edit, readOnly, onDirty } : null),
    [target, hw, vm, edit, readOnly, onDirty],
  );
  const pending = useMemo(() => new Set(hw?.pending?.map((p) => (hw ? pendingItemKey(p, hw) : undefined)).filter((k): k is string => k !== undefined) ?? []), [hw]);

  const select = (key: string) => {
    if (key === selected) return;
    const go = () => {
      setSelected(key);
      setStatus('');
    };
    if (dirty.current) setAsking({ proceed: go });
    else go();
  };
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
    // The new device is selected once it is there, unless that would drop changes not yet applied.
    selectKind.current = dirty.current ? null : d.kind;
    void edit({ title: t('hardware.add.applyTitle', { kind: t(d.label) }), changes: [d.change], etag: hw.etag });
  };

  const readOnlyNote = readOnly && (
    <div className="hw-readonly" role="note" data-testid="read-only">
      <strong>{wordMessage(msg('connection.readOnly', { name: host }))}</strong> {wordHint(msg('connection.readOnly', { name: host }))}
    </div>
  );
  if (!hw || !ctx) {
    return (
      <div className="hardware" data-testid="vm-hardware">
        {readOnlyNote}
        {error !== null ? <ErrorNotice error={error} title={t('hardware.readFailed')} /> : <p className="muted">{t('hardware.loading')}</p>}
      </div>
    );
  }
  const item = items.find((it) => it.key === selected) ?? items[0]!;
  const label = wordKey(item.label.key, item.label.params);
  return (
    <div className="hardware" data-testid="vm-hardware">
      {readOnlyNote}
      {error !== null && <ErrorNotice error={error} title={t('hardware.readFailed')} onDismiss={() => setDismissed(error)} />}
      {hw.pendingRestart && (
        <p className="hw-pending" data-testid="pending-restart">
          <span className="hw-badge next-boot">{t('hardware.pendingBadge')}</span> {t('hardware.pendingText')}
        </p>
      )}
      <div className="hw-main">
        <div className="hw-side">
          <HardwareList items={items} selected={item.key} pending={pending} onSelect={select} />
          <button type="button" disabled={readOnly} onClick={() => setAdding(true)}>
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
      {asking && (
        <DiscardDialog
          name={label}
          onKeep={() => setAsking(null)}
          onDiscard={() => {
            setAsking(null);
            dirty.current = false;
            asking.proceed();
          }}
        />
      )}
    </div>
  );
}
