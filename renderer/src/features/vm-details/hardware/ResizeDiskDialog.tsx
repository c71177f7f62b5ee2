// Resize…: grows a disk to a new size in GiB; live through QEMU while the VM runs (the guest
// sees it at once), else through the storage pool that holds the image. The current size is
// looked up in the pool whose directory holds the image, where there is one.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HardwareDevice } from '../../../../../electron/common/api/domain-edits.js';
import { Dialog } from '../../../components/Dialog.js';
import { ErrorNotice } from '../../../components/ErrorNotice.js';
import { formatKiB } from '../../../i18n/index.js';
import { api } from '../../../store/store.js';
import type { EditorContext } from './editor-context.js';
import { NumberInput, Row } from './fields.js';
import { text } from './props.js';

const GIB = 1024 ** 3;

async function capacityOf(ctx: EditorContext, path: string): Promise<number | undefined> {
  const connection = ctx.target.connection;
  const pools = await api().storagePools.list({ connection });
  for (const pool of pools.filter((p) => p.active && p.path && path.startsWith(`${p.path.replace(/\/$/, '')}/`))) {
    const vol = (await api().storageVolumes.list({ connection, pool: pool.name })).find((v) => v.path === path);
    if (vol) return vol.capacity;
  }
  return undefined;
}

export function ResizeDiskDialog(props: { ctx: EditorContext; device: HardwareDevice; label: string; onClose(): void }) {
  const { t } = useTranslation();
  const { ctx, device } = props;
  const [capacity, setCapacity] = useState<number | undefined>();
  const [gib, setGib] = useState(NaN);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const formId = useId();
  const path = text(device.props, 'sourceFile') ?? text(device.props, 'sourceDev');

  useEffect(() => {
    if (!path) return;
    let live = true;
    capacityOf(ctx, path)
      .then((c) => {
        if (!live || c === undefined) return;
        setCapacity(c);
        setGib((g) => (Number.isNaN(g) ? Math.ceil((c / GIB) * 10) / 10 : g));
      })
      .catch(() => undefined); // the size is a courtesy: the resize itself says what is wrong
    return () => {
      live = false;
    };
  }, [ctx, path]);

  const bad = !Number.isFinite(gib) || gib <= 0 || (capacity !== undefined && gib * GIB < capacity);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (bad || busy) return;
    setBusy(true);
    setError(null);
    try {
      const { effect } = await api().domains.resizeDisk({ ref: ctx.target, id: device.id, bytes: Math.round(gib * GIB) });
      setDone(t(`hardware.disk.resized_${effect}`));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={t('hardware.disk.resizeTitle', { name: props.label })}
      onClose={props.onClose}
      className="form-dialog"
      actions={
        <>
          <button type="button" onClick={props.onClose}>
            {done ? t('hardware.close') : t('hardware.cancel')}
          </button>
          {!done && (
            <button type="submit" form={formId} className="primary" disabled={bad || busy}>
              {t('hardware.disk.resizeApply')}
            </button>
          )}
        </>
      }
    >
      <form id={formId} onSubmit={(e) => void submit(e)} noValidate>
        <p className="muted">{path ?? t('hardware.none')}</p>
        {capacity !== undefined && <p>{t('hardware.disk.currentSize', { size: formatKiB(capacity / 1024) })}</p>}
        <Row label={t('hardware.disk.newSize')} {...(capacity !== undefined && gib * GIB < capacity ? { problem: { key: 'hardware.disk.noShrink' } } : {})}>
          <NumberInput value={gib} min={0.1} step={0.1} onChange={setGib} disabled={done !== null} />
        </Row>
        {error !== null && <ErrorNotice error={error} title={t('hardware.disk.resizeFailed')} />}
        {done && <p role="status">{done}</p>}
      </form>
    </Dialog>
  );
}
