// CPUs: vCPUs online and the maximum (hot-plugged where the guest allows), the CPU model the
// guest sees (host-passthrough, host-model, or a named model), and a topology set by hand.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainChange, PropValue } from '../../../../../electron/common/api/domain-edits.js';
import { checks, type FieldProblem, type Validators } from '../../../components/form/form-state.js';
import { useForm } from '../../../components/form/use-form.js';
import type { EditorContext } from './editor-context.js';
import { CPU_MODES } from './enums.js';
import { Choice, NumberInput, Row } from './fields.js';
import { HardwareForm } from './HardwareForm.js';
import { num, text, type Props } from './props.js';

interface CpuValues {
  current: number;
  max: number;
  mode: string;
  model: string;
  topology: boolean;
  sockets: number;
  dies: number;
  cores: number;
  threads: number;
}

const TOPOLOGY = ['sockets', 'dies', 'cores', 'threads'] as const;
const PROPS = { sockets: 'cpuSockets', dies: 'cpuDies', cores: 'cpuCores', threads: 'cpuThreads' } as const;

function valuesOf(d: Props): CpuValues {
  const max = num(d, 'vcpu') ?? 1;
  return {
    current: num(d, 'vcpuCurrent') ?? max,
    max,
    mode: text(d, 'cpuMode') ?? '',
    model: text(d, 'cpuModel') ?? '',
    topology: num(d, 'cpuSockets') !== undefined,
    sockets: num(d, 'cpuSockets') ?? max,
    dies: num(d, 'cpuDies') ?? 1,
    cores: num(d, 'cpuCores') ?? 1,
    threads: num(d, 'cpuThreads') ?? 1,
  };
}

const count = checks.integerBetween(1, 4096);
const validators: Validators<CpuValues> = {
  max: count,
  current: (v, all) => count(v) ?? (v > all.max ? { key: 'hardware.cpu.overMax', params: { max: all.max } } : null),
  model: (v, all) => (all.mode === 'custom' && v.trim() === '' ? { key: 'form.required' } : null),
  sockets: (_v, all) => {
    if (!all.topology) return null;
    for (const k of TOPOLOGY) {
      const p = count(all[k]);
      if (p) return p;
    }
    const product = all.sockets * all.dies * all.cores * all.threads;
    return product !== all.max ? ({ key: 'hardware.cpu.topologyMismatch', params: { product, max: all.max } } satisfies FieldProblem) : null;
  },
};

export function toCpuChanges(base: Props, changed: Partial<CpuValues>, v: CpuValues): DomainChange[] {
  const out: DomainChange[] = [];
  if ('current' in changed || 'max' in changed) out.push({ kind: 'vcpus', current: v.current, max: v.max });
  const set: Record<string, PropValue> = {};
  if ('mode' in changed) set['cpuMode'] = v.mode || null;
  if (v.mode === 'custom' && ('model' in changed || 'mode' in changed)) set['cpuModel'] = v.model.trim();
  else if ('mode' in changed && text(base, 'cpuModel') !== undefined) set['cpuModel'] = null;
  if (TOPOLOGY.some((k) => k in changed) || 'topology' in changed) {
    for (const k of TOPOLOGY) {
      const had = num(base, PROPS[k]) !== undefined;
      // Dies are left out unless set: older libvirt and non-x86 guests do not know them.
      if (v.topology && (k !== 'dies' || had || v.dies !== 1)) set[PROPS[k]] = v[k];
      else if (had) set[PROPS[k]] = null;
    }
  }
  if (Object.keys(set).length) out.push({ kind: 'domain', set });
  return out;
}

export function CpuEditor(props: { ctx: EditorContext; label: string }) {
  const { t } = useTranslation();
  const { ctx } = props;
  const base = useMemo(() => valuesOf(ctx.hw.domain), [ctx.hw]);
  const form = useForm(base, validators);
  const v = form.values;
  return (
    <HardwareForm ctx={ctx} form={form} label={props.label} toChanges={(c, all) => toCpuChanges(ctx.hw.domain, c, all)}>
      {ctx.running && ctx.vm.vcpus !== undefined && <p className="muted">{t('hardware.cpu.live', { count: ctx.vm.vcpus })}</p>}
      <Row label={t('hardware.cpu.current')} problem={form.problems.current}>
        <NumberInput value={v.current} min={1} max={v.max} onChange={(x) => form.set('current', x)} />
      </Row>
      <Row label={t('hardware.cpu.max')} problem={form.problems.max}>
        <NumberInput value={v.max} min={1} onChange={(x) => form.set('max', x)} />
      </Row>
      <Row label={t('hardware.cpu.mode')} hint={t(`hardware.cpu.modeHint_${v.mode || 'default'}`, { defaultValue: '' }) || undefined}>
        <Choice
          value={v.mode}
          options={CPU_MODES}
          unset={t('hardware.cpu.modeDefault')}
          word={(m) => t(`hardware.cpu.mode_${m}`, { defaultValue: m })}
          onChange={(x) => form.set('mode', x)}
        />
      </Row>
      {v.mode === 'custom' && (
        <Row label={t('hardware.cpu.model')} problem={form.problems.model}>
          <input value={v.model} onChange={(e) => form.set('model', e.target.value)} placeholder="qemu64" spellCheck={false} />
        </Row>
      )}
      <Row inline label={t('hardware.cpu.topology')}>
        <input type="checkbox" checked={v.topology} onChange={(e) => form.set('topology', e.target.checked)} />
      </Row>
      {v.topology && (
        <fieldset className="hw-group">
          <legend>{t('hardware.cpu.topologyLegend')}</legend>
          {TOPOLOGY.map((k) => (
            <Row key={k} label={t(`hardware.cpu.${k}`)} {...(k === 'sockets' ? { problem: form.problems.sockets } : {})}>
              <NumberInput value={v[k]} min={1} onChange={(x) => form.set(k, x)} />
            </Row>
          ))}
        </fieldset>
      )}
    </HardwareForm>
  );
}
