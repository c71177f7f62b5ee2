import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../../electron/common/api/errors.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { api, notify, useStore } from '../../store/store.js';
import { ACTIONS, run, type ActionId } from './actions.js';

const CONFIRM = new Set<ActionId>(['forceOff', 'forceReset', 'delete']);

export function Toolbar() {
  const { t } = useTranslation();
  // Select raw state only; derived arrays made inside a selector would change on every call.
  const selected = useStore((s) => s.selected);
  const doms = useStore((s) => (s.selectedConnection ? s.domains[s.selectedConnection] : undefined));
  const conn = useStore((s) => s.connections.find((x) => x.id === s.selectedConnection));
  const targets = useMemo(() => selected.map((u) => doms?.[u]).filter((d) => d !== undefined), [selected, doms]);
  const host = conn ? (conn.spec.label ?? conn.hypervisor?.hostname ?? conn.spec.uri) : '';
  const [asking, setAsking] = useState<ActionId | null>(null);

  const perform = async (id: ActionId) => {
    setAsking(null);
    const label = t(`toolbar.${id}`);
    await Promise.all(
      targets
        .filter((d) => ACTIONS.find((a) => a.id === id)!.allowed(d))
        .map((d) =>
          run(api(), id, d.ref).catch((err: unknown) => {
            const e = err instanceof ApiError ? err : new ApiError('internal', String(err));
            notify({ title: t('errors.actionFailed', { action: label, name: d.name }), message: e.message, ...(e.hint ? { hint: e.hint } : {}) });
          }),
        ),
    );
  };

  const names = targets.map((d) => d.name).join(', ');
  return (
    <div className="toolbar" role="toolbar" aria-label={t('app.title')}>
      <button type="button" disabled title={t('toolbar.newVm')}>
        {t('toolbar.newVm')}
      </button>
      <span className="sep" />
      {ACTIONS.map((a) => (
        <button
          key={a.id}
          type="button"
          disabled={!targets.some(a.allowed)}
          className={a.destructive ? 'danger' : undefined}
          onClick={() => (CONFIRM.has(a.id) ? setAsking(a.id) : void perform(a.id))}
        >
          {t(`toolbar.${a.id}`)}
        </button>
      ))}
      <span className="sep" />
      <button type="button" disabled>
        {t('toolbar.openConsole')}
      </button>
      {asking && (
        <ConfirmDialog
          title={t(`confirm.${asking}_title`, { count: targets.length })}
          body={t(`confirm.${asking}_body`, { names, host })}
          confirmLabel={t(`toolbar.${asking}`)}
          cancelLabel={t('confirm.cancel')}
          onConfirm={() => void perform(asking)}
          onCancel={() => setAsking(null)}
        />
      )}
    </div>
  );
}
