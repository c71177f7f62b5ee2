// A VM's Resources tab ("Resource controls"): what it may take of the host, as shares, limits
// and reservations, read with domains.tuning and written with domains.setTuning (only the
// sections changed). Apply says per section where it took effect: now (the running VM and its
// definition), at the next boot (with libvirt's reason), or in the definition of a VM that is off.
// A change made elsewhere meanwhile is a conflict: Reload, never overwrite.
import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TuningOutcome, TuningRead } from '../../../../../electron/common/api/domain-tuning.js';
import { isMessageRef, msg } from '../../../../../electron/common/messages/messages.js';
import { ErrorNotice } from '../../../components/ErrorNotice.js';
import { useForm } from '../../../components/form/use-form.js';
import type { UiLabelKey } from '../../../i18n/resources.js';
import { asApiError, wordMessage } from '../../../i18n/messages.js';
import { connectionById } from '../../../store/connections.js';
import { api, onDomainsChanged, useStore } from '../../../store/store.js';
import type { VmTabProps } from '../registry.js';
import { CpuSection, DiskSection, MemorySection, NetworkSection, NumaSection, PinningSection, type SectionProps } from './tuning-sections.js';
import { toTuning, tuningProblems, valuesOf } from './tuning-form.js';
import './resources.css';

const PART_WORDS: Record<string, UiLabelKey> = {
  cpu: 'details2.res.part_cpu',
  memory: 'details2.res.part_memory',
  blkioWeight: 'details2.res.part_blkioWeight',
  disks: 'details2.res.part_disks',
  interfaces: 'details2.res.part_interfaces',
  vcpuPin: 'details2.res.part_vcpuPin',
  emulatorPin: 'details2.res.part_emulatorPin',
  numa: 'details2.res.part_numa',
};
const EFFECT_WORDS: Record<TuningOutcome['effect'], UiLabelKey> = {
  now: 'details2.res.effect_now',
  'next-boot': 'details2.res.effect_next-boot',
  definition: 'details2.res.effect_definition',
};

export function ResourcesTab({ target, vm, host }: VmTabProps) {
  const { t } = useTranslation();
  const [read, setRead] = useState<TuningRead | null>(null);
  const [error, setError] = useState<unknown>(null);
  // A reload after a conflict starts the form afresh (the user's edits were computed from the old values).
  const [generation, setGeneration] = useState(0);
  const seq = useRef(0);
  const load = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const next = await api().domains.tuning({ ref: target });
      if (mine !== seq.current) return;
      setRead(next);
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

  if (!read) {
    return (
      <div className="resources" data-testid="vm-resources">
        {error !== null ? <ErrorNotice error={error} title={t('details2.res.readFailed')} /> : <p className="muted">{t('details2.res.loading')}</p>}
      </div>
    );
  }
  return (
    <TuningEditor
      key={generation}
      read={read}
      readError={error}
      target={target}
      vm={vm}
      host={host}
      onApplied={() => void load()}
      onReload={async () => {
        await load();
        setGeneration((g) => g + 1);
      }}
    />
  );
}

function TuningEditor(props: VmTabProps & { read: TuningRead; readError: unknown; onApplied(): void; onReload(): Promise<void> }) {
  const { t } = useTranslation();
  const { read, target } = props;
  const readonly = useStore((s) => connectionById(target.connection)(s)?.spec.readonly === true);
  const hypervisor = useStore((s) => connectionById(target.connection)(s)?.hypervisor?.type ?? '');
  const base = useMemo(() => valuesOf(read.config, read.host.cpus), [read]);
  const live = useMemo(() => (read.live ? valuesOf(read.live, read.host.cpus) : undefined), [read]);
  const form = useForm(base);
  const problems = useMemo(() => tuningProblems(form.values, form.base), [form.values, form.base]);
  const valid = Object.keys(problems).length === 0;
  const dirty = form.dirty.length > 0;
  // The etag the edits were computed from: a change elsewhere since then is a conflict.
  const etag = useRef(read.etag);
  if (!dirty) etag.current = read.etag;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [outcomes, setOutcomes] = useState<TuningOutcome[] | null>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!dirty || !valid || busy || readonly) return;
    setBusy(true);
    setError(null);
    setOutcomes(null);
    try {
      const result = await api().domains.setTuning({ ref: target, etag: etag.current, tuning: toTuning(form.changes(), form.values, form.base, read.config.cpu?.periodUs) });
      form.markApplied();
      setOutcomes(result.outcomes);
      props.onApplied();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const section: SectionProps = { form, read, problems, live, readOnly: readonly, hypervisor: hypervisor || t('details2.res.thisHypervisor') };
  const conflict = error !== null && asApiError(error).code === 'conflict';
  return (
    <form className="resources" data-testid="vm-resources" aria-label={t('details2.res.title')} onSubmit={(e) => void onSubmit(e)} noValidate>
      {props.readError !== null && <ErrorNotice error={props.readError} title={t('details2.res.readFailed')} />}
      <p className="res-intro muted">{t(read.running ? 'details2.res.introRunning' : 'details2.res.introOff')}</p>
      {readonly && <p className="res-note res-readonly">{wordMessage(msg('connection.readOnly', { name: props.host }))}</p>}
      <div className="res-sections">
        <CpuSection {...section} />
        <MemorySection {...section} />
        <DiskSection {...section} />
        <NetworkSection {...section} />
        <PinningSection {...section} />
        <NumaSection {...section} />
      </div>
      <div className="res-footer">
        <div className="res-footer-notes">
          {error !== null && (
            <div className="res-error">
              <ErrorNotice error={error} title={t('form.applyFailed')} onDismiss={() => setError(null)} />
              {conflict && (
                <button type="button" onClick={() => void props.onReload()}>
                  {t('details2.reload')}
                </button>
              )}
            </div>
          )}
          <div role="status">{outcomes && <Outcomes outcomes={outcomes} />}</div>
        </div>
        <div className="buttons">
          <button
            type="button"
            disabled={!dirty || busy}
            onClick={() => {
              form.revert();
              setError(null);
            }}
          >
            {t('form.revert')}
          </button>
          <button type="submit" className="primary" disabled={!dirty || !valid || busy || readonly}>
            {busy ? t('form.applying') : t('form.apply')}
          </button>
        </div>
      </div>
    </form>
  );
}

function Outcomes(props: { outcomes: TuningOutcome[] }) {
  const { t } = useTranslation();
  const headId = useId();
  return (
    <div className="res-outcomes-wrap">
      <span className="res-outcomes-head" id={headId}>
        {t('details2.res.applied')}
      </span>
      <ul className="res-outcomes" aria-labelledby={headId} data-testid="tuning-outcomes">
        {props.outcomes.map((o) => {
          const part = PART_WORDS[o.part];
          return (
            <li key={o.part}>
              {part ? t(part) : o.part}
              <span className={`hw-badge ${o.effect}`}>{t(EFFECT_WORDS[o.effect])}</span>
              {o.reason && isMessageRef(o.reason) && <span className="muted hw-reason">{wordMessage(o.reason)}</span>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
