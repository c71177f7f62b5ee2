// The Resources tab's sections: CPU, memory, disk I/O, network bandwidth, pinning and NUMA, each
// field in the words of shares / limits / reservations with libvirt's own name beside it.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TuningRead } from '../../../../../electron/common/api/domain-tuning.js';
import type { FieldProblem } from '../../../components/form/form-state.js';
import type { FormApi } from '../../../components/form/use-form.js';
import { wordKey } from '../../../i18n/index.js';
import type { UiLabelKey } from '../../../i18n/resources.js';
import { PinGrid } from './PinGrid.js';
import { AmountInput, ResRow } from './res-fields.js';
import { DISK_FIELDS, diskProblems, hasReservation, NIC_FIELDS, nicProblems, type DiskRow, type NicRow, type TuningValues } from './tuning-form.js';

export interface SectionProps {
  form: FormApi<TuningValues>;
  read: TuningRead;
  problems: Partial<Record<keyof TuningValues, FieldProblem>>;
  /** The running VM's values (absent while it is off). */
  live: TuningValues | undefined;
  /** Why nothing can be changed (a read-only connection). */
  readOnly: boolean;
  /** The hypervisor's name, for the reason a control is missing. */
  hypervisor: string;
}

/** The running VM's value of a field, when it differs from the definition's. */
function liveOf(p: SectionProps, k: 'shares' | 'cpuLimit' | 'hardLimit' | 'softLimit' | 'swapLimit' | 'minGuarantee' | 'blkioWeight'): string | undefined {
  return p.live && p.live[k] !== p.form.base[k] ? p.live[k] : undefined;
}

function Unsupported(props: { section: string; read: TuningRead }) {
  const { t } = useTranslation();
  return props.read.unsupported.includes(props.section) ? <p className="res-note">{t('details2.res.unsupported')}</p> : null;
}

export function CpuSection(p: SectionProps) {
  const { t } = useTranslation();
  const { form } = p;
  const off = p.readOnly || p.read.unsupported.includes('cpu');
  return (
    <fieldset className="res-section">
      <legend>{t('details2.res.cpu')}</legend>
      <Unsupported section="cpu" read={p.read} />
      <ResRow label={t('details2.res.shares')} libvirt="cpu_shares" hint={t('details2.res.sharesHint')} live={liveOf(p, 'shares')} problem={p.problems.shares}>
        <AmountInput value={form.values.shares} placeholder={t('details2.res.default')} disabled={off} onChange={(v) => form.set('shares', v)} />
      </ResRow>
      <ResRow
        label={t('details2.res.cpuLimit')}
        libvirt="vcpu_quota / vcpu_period"
        unit="%"
        hint={t('details2.res.cpuLimitHint')}
        live={liveOf(p, 'cpuLimit')}
        problem={p.problems.cpuLimit}
      >
        <AmountInput value={form.values.cpuLimit} placeholder={t('details2.res.noLimit')} disabled={off} onChange={(v) => form.set('cpuLimit', v)} />
      </ResRow>
    </fieldset>
  );
}

export function MemorySection(p: SectionProps) {
  const { t } = useTranslation();
  const { form } = p;
  const off = p.readOnly || p.read.unsupported.includes('memory');
  const reservation = hasReservation(p.read);
  const rows: { key: 'hardLimit' | 'softLimit' | 'swapLimit'; label: UiLabelKey; hint: UiLabelKey; libvirt: string }[] = [
    { key: 'hardLimit', label: 'details2.res.memLimit', hint: 'details2.res.memLimitHint', libvirt: 'hard_limit' },
    { key: 'softLimit', label: 'details2.res.memSoftLimit', hint: 'details2.res.memSoftLimitHint', libvirt: 'soft_limit' },
    { key: 'swapLimit', label: 'details2.res.memSwapLimit', hint: 'details2.res.memSwapLimitHint', libvirt: 'swap_hard_limit' },
  ];
  return (
    <fieldset className="res-section">
      <legend>{t('details2.res.memory')}</legend>
      <Unsupported section="memory" read={p.read} />
      {rows.map((r) => (
        <ResRow key={r.key} label={t(r.label)} libvirt={r.libvirt} unit={t('details2.res.mib')} hint={t(r.hint)} live={liveOf(p, r.key)} problem={p.problems[r.key]}>
          <AmountInput value={form.values[r.key]} placeholder={t('details2.res.noLimit')} disabled={off} onChange={(v) => form.set(r.key, v)} />
        </ResRow>
      ))}
      <ResRow
        label={t('details2.res.reservation')}
        libvirt="min_guarantee"
        unit={t('details2.res.mib')}
        hint={reservation ? t('details2.res.reservationHint') : t('details2.res.reservationMissing', { hypervisor: p.hypervisor })}
        live={reservation ? liveOf(p, 'minGuarantee') : undefined}
        problem={p.problems.minGuarantee}
      >
        <AmountInput value={form.values.minGuarantee} placeholder={t('details2.res.none')} disabled={off || !reservation} onChange={(v) => form.set('minGuarantee', v)} />
      </ResRow>
    </fieldset>
  );
}

const DISK_LABELS: Record<(typeof DISK_FIELDS)[number], UiLabelKey> = {
  readBytes: 'details2.res.readBytes',
  writeBytes: 'details2.res.writeBytes',
  totalBytes: 'details2.res.totalBytes',
  readIops: 'details2.res.readIops',
  writeIops: 'details2.res.writeIops',
  totalIops: 'details2.res.totalIops',
};
const NIC_LABELS: Record<(typeof NIC_FIELDS)[number], UiLabelKey> = {
  inAverage: 'details2.res.inAverage',
  inPeak: 'details2.res.inPeak',
  inBurst: 'details2.res.inBurst',
  outAverage: 'details2.res.outAverage',
  outPeak: 'details2.res.outPeak',
  outBurst: 'details2.res.outBurst',
};

/** A table of rows (disks or NICs) with an input per cell, named by the cell's row and column headers. */
function LimitTable<R extends DiskRow | NicRow, F extends keyof R & string>(props: {
  caption: string;
  rows: R[];
  rowName(r: R): string;
  fields: readonly F[];
  labels: Record<F, UiLabelKey>;
  problems(r: R): Partial<Record<F, FieldProblem>>;
  disabled: boolean;
  onChange(rows: R[]): void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const problemsList: string[] = [];
  const label = (f: F): string => {
    const key: UiLabelKey = props.labels[f];
    return t(key);
  };
  return (
    <>
      <div className="res-table-scroll">
        <table className="res-table">
          <caption>{props.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('details2.res.device')}</th>
              {props.fields.map((f) => (
                <th scope="col" key={f} id={`${id}-${f}`}>
                  {label(f)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r, i) => {
              const problems = props.problems(r);
              for (const f of props.fields) {
                const p = problems[f];
                if (p) problemsList.push(`${props.rowName(r)}, ${label(f)}: ${wordKey(p.key, p.params)}`);
              }
              return (
                <tr key={i}>
                  <th scope="row" id={`${id}-r${i}`}>
                    {props.rowName(r)}
                  </th>
                  {props.fields.map((f) => (
                    <td key={f}>
                      <AmountInput
                        value={r[f] as string}
                        placeholder="—"
                        disabled={props.disabled}
                        aria-labelledby={`${id}-r${i} ${id}-${f}`}
                        aria-invalid={problems[f] ? true : undefined}
                        onChange={(v) => props.onChange(props.rows.map((x, j) => (j === i ? { ...x, [f]: v } : x)))}
                      />
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {problemsList.map((p) => (
        <p key={p} className="field-problem">
          {p}
        </p>
      ))}
    </>
  );
}

export function DiskSection(p: SectionProps) {
  const { t } = useTranslation();
  const { form } = p;
  return (
    <fieldset className="res-section wide">
      <legend>{t('details2.res.disk')}</legend>
      <Unsupported section="blkioWeight" read={p.read} />
      <ResRow label={t('details2.res.ioShares')} libvirt="blkiotune/weight" hint={t('details2.res.ioSharesHint')} live={liveOf(p, 'blkioWeight')} problem={p.problems.blkioWeight}>
        <AmountInput
          value={form.values.blkioWeight}
          placeholder={t('details2.res.default')}
          disabled={p.readOnly || p.read.unsupported.includes('blkioWeight')}
          onChange={(v) => form.set('blkioWeight', v)}
        />
      </ResRow>
      <Unsupported section="disks" read={p.read} />
      {form.values.disks.length ? (
        <>
          <p className="res-note">
            {t('details2.res.ioLimitsHint')} <code className="res-libvirt">iotune</code>
          </p>
          <LimitTable
            caption={t('details2.res.ioLimits')}
            rows={form.values.disks}
            rowName={(r) => r.target}
            fields={DISK_FIELDS}
            labels={DISK_LABELS}
            problems={diskProblems}
            disabled={p.readOnly || p.read.unsupported.includes('disks')}
            onChange={(rows) => form.set('disks', rows)}
          />
        </>
      ) : (
        <p className="res-note muted">{t('details2.res.noDisks')}</p>
      )}
    </fieldset>
  );
}

export function NetworkSection(p: SectionProps) {
  const { t } = useTranslation();
  const { form } = p;
  return (
    <fieldset className="res-section wide">
      <legend>{t('details2.res.network')}</legend>
      <Unsupported section="interfaces" read={p.read} />
      {form.values.nics.length ? (
        <>
          <p className="res-note">
            {t('details2.res.bandwidthHint')} <code className="res-libvirt">bandwidth</code>
          </p>
          <LimitTable
            caption={t('details2.res.bandwidth')}
            rows={form.values.nics}
            rowName={(r) => r.mac}
            fields={NIC_FIELDS}
            labels={NIC_LABELS}
            problems={nicProblems}
            disabled={p.readOnly || p.read.unsupported.includes('interfaces')}
            onChange={(rows) => form.set('nics', rows)}
          />
        </>
      ) : (
        <p className="res-note muted">{t('details2.res.noNics')}</p>
      )}
    </fieldset>
  );
}

export function PinningSection(p: SectionProps) {
  const { t } = useTranslation();
  const { form } = p;
  const hintId = useId();
  const problem = p.problems.vcpuPin ?? p.problems.emulatorPin;
  return (
    <fieldset className="res-section">
      <legend>{t('details2.res.pinning')}</legend>
      <p className="res-note" id={hintId}>
        {t('details2.res.pinningHint', { count: p.read.host.cpus })} <code className="res-libvirt">vcpupin / emulatorpin</code>
      </p>
      <PinGrid
        vcpuPin={form.values.vcpuPin}
        emulatorPin={form.values.emulatorPin}
        hostCpus={p.read.host.cpus}
        disabled={p.readOnly || p.read.unsupported.includes('vcpuPin')}
        describedBy={hintId}
        onVcpu={(pin) => form.set('vcpuPin', pin)}
        onEmulator={(pin) => form.set('emulatorPin', pin)}
      />
      {problem && <p className="field-problem">{wordKey(problem.key, problem.params)}</p>}
    </fieldset>
  );
}

const NUMA_MODES = ['strict', 'preferred', 'interleave', 'restrictive'] as const;
const NUMA_WORDS: Record<(typeof NUMA_MODES)[number], UiLabelKey> = {
  strict: 'details2.res.numa_strict',
  preferred: 'details2.res.numa_preferred',
  interleave: 'details2.res.numa_interleave',
  restrictive: 'details2.res.numa_restrictive',
};

export function NumaSection(p: SectionProps) {
  const { t } = useTranslation();
  const { form } = p;
  const off = p.readOnly || p.read.unsupported.includes('numa');
  return (
    <fieldset className="res-section">
      <legend>{t('details2.res.numa')}</legend>
      <Unsupported section="numa" read={p.read} />
      <ResRow label={t('details2.res.numaMode')} libvirt="numatune/memory/@mode">
        <select value={form.values.numaMode} disabled={off} onChange={(e) => form.set('numaMode', e.target.value)}>
          {NUMA_MODES.map((m) => (
            <option key={m} value={m}>
              {t(NUMA_WORDS[m])}
            </option>
          ))}
        </select>
      </ResRow>
      <ResRow
        label={t('details2.res.numaNodes')}
        libvirt="numatune/memory/@nodeset"
        hint={t('details2.res.numaNodesHint', { nodes: p.read.host.numaNodes.join(', ') })}
        problem={p.problems.numaNodeset}
      >
        <AmountInput value={form.values.numaNodeset} placeholder={t('details2.res.numaAny')} disabled={off} onChange={(v) => form.set('numaNodeset', v)} />
      </ResRow>
    </fieldset>
  );
}
