// A VM's Overview tab, after virt-manager's: basic details (name with Rename, UUID, state, title
// and description, editable), the hypervisor (type, architecture, emulator, machine, firmware),
// the operating system (osinfo's name, changeable; the guest agent; guest IPs; uptime) and its
// resources. Everything is read again when the VM changes; edits go through the preview dialog
// every editor uses (the diff, where it takes effect), and a change made elsewhere is a conflict.
import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainHardware } from '../../../../../electron/common/api/domain-edits.js';
import type { DomainDetails } from '../../../../../electron/common/api/domains.js';
import { msg } from '../../../../../electron/common/messages/messages.js';
import { ErrorNotice } from '../../../components/ErrorNotice.js';
import { useForm } from '../../../components/form/use-form.js';
import { formatKiB, formatUptime } from '../../../i18n/index.js';
import { wordMessage } from '../../../i18n/messages.js';
import { connectionById } from '../../../store/connections.js';
import { api, onDomainsChanged, openDetails, useStore } from '../../../store/store.js';
import { guestAgentChange } from '../hardware/AddHardwareDialog.js';
import { EditDialog } from '../hardware/EditDialog.js';
import type { EditEnd, EditRequest } from '../hardware/editor-context.js';
import type { VmTabProps } from '../registry.js';
import { OsDialog } from './OsDialog.js';
import { AGENT_WORDS, firmwareKey, hypervisorWords, osinfoSearchText, textProp } from './overview-words.js';
import { RenameDialog } from './RenameDialog.js';
import './overview.css';

const RUNNING = new Set(['running', 'paused', 'blocked', 'pmsuspended']);

/** Now, to the second, for an uptime (a chained timeout, only while the tab shows one). */
function useNow(on: boolean): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!on) return;
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      setNow(Date.now());
      timer = setTimeout(tick, 1000 - (Date.now() % 1000));
    };
    tick();
    return () => clearTimeout(timer);
  }, [on]);
  return now;
}

function Facts(props: { rows: [string, ReactNode][]; testId?: string }) {
  const { t } = useTranslation();
  return (
    <dl className="facts" data-testid={props.testId}>
      {props.rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v === '' || v === undefined ? <span className="muted">{t('overview.none')}</span> : v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function OverviewTab({ target, vm, host }: VmTabProps) {
  const { t } = useTranslation();
  const readonly = useStore((s) => connectionById(target.connection)(s)?.spec.readonly === true);
  const [details, setDetails] = useState<DomainDetails | null>(null);
  const [hw, setHw] = useState<DomainHardware | null>(null);
  const [addresses, setAddresses] = useState<string[]>([]);
  const [osName, setOsName] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<{ request: EditRequest; done?(end: EditEnd): void } | null>(null);
  const [renaming, setRenaming] = useState(false);
  const [choosingOs, setChoosingOs] = useState(false);
  const [status, setStatus] = useState('');
  const running = RUNNING.has(vm.state);
  const ids = { basic: useId(), hv: useId(), os: useId(), res: useId() };

  // Reads overlap (events arrive while one is in flight): only the latest counts.
  const seq = useRef(0);
  const load = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const [d, h, extras] = await Promise.all([
        api().domains.details({ ref: target }),
        api().domains.hardware({ ref: target }),
        running
          ? api()
              .domains.extras({ connection: target.connection, uuids: [target.uuid] })
              .catch(() => [])
          : Promise.resolve([]),
      ]);
      if (mine !== seq.current) return;
      setDetails(d);
      setHw(h);
      setAddresses(extras[0]?.addresses ?? []);
      setError(null);
    } catch (err) {
      if (mine === seq.current) setError(err);
    }
  }, [target, running]);
  useEffect(() => {
    void load();
    return onDomainsChanged((refs) => {
      if (refs.some((r) => r.connection === target.connection && r.uuid === target.uuid)) void load();
    });
  }, [load, target]);

  // osinfo's name for the id the definition names, found by the words of its path.
  const osinfoId = hw?.osinfoId;
  useEffect(() => {
    if (!osinfoId) return setOsName(null);
    let live = true;
    api()
      .osinfo.search({ text: osinfoSearchText(osinfoId) })
      .then((list) => live && setOsName(list.find((o) => o.id === osinfoId)?.name ?? osinfoId))
      .catch(() => live && setOsName(osinfoId));
    return () => {
      live = false;
    };
  }, [osinfoId]);

  const now = useNow(running && vm.startedAt !== undefined);
  const edit = (request: EditRequest) => setEditing({ request });
  const onEnd = (end: EditEnd) => {
    editing?.done?.(end);
    setEditing(null);
    if (end.end === 'applied') {
      setStatus(t('details2.ov.applied'));
      void load();
    }
  };

  if (!hw || !details) {
    return (
      <div className="overview" data-testid="vm-overview">
        {error !== null ? <ErrorNotice error={error} title={t('overview.readFailed')} /> : <p className="muted">{t('details2.ov.loading')}</p>}
      </div>
    );
  }
  const unknown = t('domains.unknown');
  const d = hw.domain;
  const hv = hypervisorWords(details.hypervisorType);
  const state = vm.reason ? t('overview.stateReason', { state: t(`domains.state_${vm.state}`), reason: vm.reason }) : t(`domains.state_${vm.state}`);
  return (
    <div className="overview" data-testid="vm-overview">
      {error !== null && <ErrorNotice error={error} title={t('overview.readFailed')} onDismiss={() => setError(null)} />}
      {readonly && <p className="ov-note">{wordMessage(msg('connection.readOnly', { name: host }))}</p>}
      <div className="ov-grid">
        <div className="ov-column">
          <section className="ov-section" aria-labelledby={ids.basic}>
            <h3 id={ids.basic}>{t('details2.ov.basic')}</h3>
            <Facts
              rows={[
                [
                  t('overview.name'),
                  <span className="ov-with-action" key="name">
                    <span className="ov-value">{vm.name}</span>
                    <button type="button" disabled={readonly} onClick={() => setRenaming(true)}>
                      {t('details2.ov.rename')}
                    </button>
                  </span>,
                ],
                [t('overview.uuid'), <span className="ov-mono">{target.uuid}</span>],
                [t('overview.state'), state],
                [t('overview.host'), host],
              ]}
            />
            <MetadataForm hw={hw} readonly={readonly} onEdit={(request) => new Promise<EditEnd>((resolve) => setEditing({ request, done: resolve }))} />
            <p className="ov-status" role="status">
              {status}
            </p>
          </section>
          <section className="ov-section" aria-labelledby={ids.res}>
            <h3 id={ids.res}>{t('details2.ov.resources')}</h3>
            <Facts
              rows={[
                [t('overview.vcpus'), vm.vcpus !== undefined ? String(vm.vcpus) : unknown],
                [t('overview.memory'), vm.memoryKiB !== undefined ? formatKiB(vm.memoryKiB) : unknown],
                [t('overview.maxMemory'), vm.maxMemoryKiB !== undefined ? formatKiB(vm.maxMemoryKiB) : unknown],
                [t('overview.persistent'), vm.persistent ? t('overview.yes') : t('overview.no')],
                [t('overview.autostart'), vm.autostart ? t('overview.yes') : t('overview.no')],
              ]}
            />
          </section>
        </div>
        <div className="ov-column">
          <section className="ov-section" aria-labelledby={ids.hv}>
            <h3 id={ids.hv}>{t('details2.ov.hypervisorDetails')}</h3>
            <Facts
              testId="ov-hypervisor"
              rows={[
                [t('overview.hypervisor'), 'key' in hv ? t(hv.key) : hv.text],
                [t('overview.arch'), textProp(d, 'osArch') || unknown],
                [t('details2.ov.emulator'), <span className="ov-mono">{textProp(d, 'emulator')}</span>],
                [t('overview.machine'), textProp(d, 'osMachine') || unknown],
                [t('details2.ov.firmware'), t(firmwareKey(d))],
              ]}
            />
          </section>
          <section className="ov-section" aria-labelledby={ids.os}>
            <h3 id={ids.os}>{t('details2.ov.osDetails')}</h3>
            <Facts
              testId="ov-os"
              rows={[
                [
                  t('details2.ov.os'),
                  <span className="ov-with-action" key="os">
                    <span className="ov-value">{osName ?? <span className="muted">{t('details2.ov.osUnknown')}</span>}</span>
                    <button type="button" disabled={readonly} onClick={() => setChoosingOs(true)}>
                      {t('details2.ov.osChange')}
                    </button>
                  </span>,
                ],
                [
                  t('details2.ov.agent'),
                  <span className="ov-with-action" key="agent">
                    <span className={`ov-value ov-agent ${hw.agent}`} data-testid="ov-agent">
                      {t(AGENT_WORDS[hw.agent])}
                    </span>
                    {hw.agent === 'none' && (
                      <button type="button" disabled={readonly} onClick={() => edit({ title: t('details2.ov.agentAddTitle'), changes: [guestAgentChange()], etag: hw.etag })}>
                        {t('details2.ov.agentAdd')}
                      </button>
                    )}
                    {hw.agent !== 'none' && (
                      <button type="button" className="ov-link" onClick={() => openDetails(target, 'hardware')}>
                        {t('details2.ov.agentInHardware')}
                      </button>
                    )}
                  </span>,
                ],
                [
                  t('details2.ov.addresses'),
                  running ? (
                    addresses.length ? (
                      <span className="ov-mono">{addresses.join(', ')}</span>
                    ) : (
                      <span className="muted">{t('details2.ov.noAddresses')}</span>
                    )
                  ) : (
                    <span className="muted">{t('details2.ov.notRunning')}</span>
                  ),
                ],
                [
                  t('details2.ov.uptime'),
                  running ? vm.startedAt !== undefined ? formatUptime(now - vm.startedAt) : unknown : <span className="muted">{t('details2.ov.notRunning')}</span>,
                ],
              ]}
            />
          </section>
        </div>
      </div>
      {renaming && (
        <RenameDialog
          target={target}
          name={vm.name}
          onClose={(renamed) => {
            setRenaming(false);
            if (renamed) setStatus(t('details2.ov.renamed'));
          }}
        />
      )}
      {choosingOs && (
        <OsDialog
          current={hw.osinfoId}
          onClose={() => setChoosingOs(false)}
          onChoose={(id, name) => {
            setChoosingOs(false);
            edit({ title: id ? t('details2.ov.osApplyTitle', { name }) : t('details2.ov.osClearTitle'), changes: [{ kind: 'osinfo', id }], etag: hw.etag });
          }}
        />
      )}
      {editing && <EditDialog target={target} request={editing.request} onEnd={onEnd} onReload={load} />}
    </div>
  );
}

/** Title and description, edited in place; Apply shows the diff first. */
function MetadataForm(props: { hw: DomainHardware; readonly: boolean; onEdit(request: EditRequest): Promise<EditEnd> }) {
  const { t } = useTranslation();
  const { hw } = props;
  const title = textProp(hw.domain, 'title');
  const description = textProp(hw.domain, 'description');
  // A new base only when the values change: fields the user has not touched follow it.
  const base = useMemo(() => ({ title, description }), [title, description]);
  const form = useForm(base);
  const dirty = form.dirty.length > 0;
  // The etag the edit was computed from: a change elsewhere since the user started is a conflict.
  const etag = useRef(hw.etag);
  if (!dirty) etag.current = hw.etag;
  const titleId = useId();
  const descId = useId();
  const problemId = useId();
  // libvirt keeps a title to one line.
  const titleProblem = /[\r\n]/.test(form.values.title) ? t('details2.ov.titleOneLine') : null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!dirty || titleProblem) return;
    const set: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(form.changes())) set[k] = v === '' ? null : v;
    const end = await props.onEdit({ title: t('details2.ov.metadataTitle'), changes: [{ kind: 'domain', set }], etag: etag.current });
    if (end.end === 'applied') form.markApplied();
    else if (end.end === 'reloaded') form.revert();
  };
  return (
    <form className="ov-form" aria-label={t('details2.ov.metadata')} onSubmit={(e) => void submit(e)} noValidate>
      <div className="ov-field">
        <label htmlFor={titleId}>{t('overview.title')}</label>
        <input
          id={titleId}
          value={form.values.title}
          disabled={props.readonly}
          aria-invalid={titleProblem ? true : undefined}
          aria-describedby={titleProblem ? problemId : undefined}
          onChange={(e) => form.set('title', e.target.value)}
        />
        {titleProblem && (
          <p className="field-problem" id={problemId}>
            {titleProblem}
          </p>
        )}
      </div>
      <div className="ov-field">
        <label htmlFor={descId}>{t('overview.description')}</label>
        <textarea id={descId} rows={3} value={form.values.description} disabled={props.readonly} onChange={(e) => form.set('description', e.target.value)} />
      </div>
      <div className="buttons">
        <button type="button" disabled={!dirty} onClick={form.revert}>
          {t('form.revert')}
        </button>
        <button type="submit" className="primary" disabled={!dirty || titleProblem !== null || props.readonly}>
          {t('form.apply')}
        </button>
      </div>
    </form>
  );
}
