// CPUs: vCPUs online and the maximum (hot-plugged where the guest allows), the CPU model the
// guest sees (the modes this host supports for the VM's arch, machine and virt type, or a named
// model from its list, usable ones first), whether the host lets guests nest VMs, and a topology
// set by hand.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainChange, PropValue } from '../../../../../electron/common/api/domain-edits.js';
import type { HostCpu } from '../../../../../electron/common/api/hosts.js';
import { checks, type FieldProblem, type Validators } from '../../../components/form/form-state.js';
import { useForm } from '../../../components/form/use-form.js';
import type { EditorContext } from './editor-context.js';
import { CPU_MODES } from './enums.js';
import { Choice, NumberInput, Row } from './fields.js';
import { HardwareForm } from './HardwareForm.js';
import { num, text, type Props } from './props.js';
import { useHostCpu } from './use-host-cpu.js';

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

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** A named model from the host's list: the usable ones first, the others marked (a model the list lacks is kept as it is). */
function ModelPicker(props: { models: HostCpu['models']; value: string; onChange(v: string): void; id?: string; 'aria-describedby'?: string }) {
  const { t } = useTranslation();
  const sorted = [...props.models].sort((a, b) => collator.compare(a.name, b.name));
  const usable = sorted.filter((m) => m.usable);
  const unusable = sorted.filter((m) => !m.usable);
  const known = props.models.some((m) => m.name === props.value);
  return (
    <select id={props.id} aria-describedby={props['aria-describedby']} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
      {props.value === '' && <option value="">{t('hardware2.cpu.modelChoose')}</option>}
      {props.value !== '' && !known && <option value={props.value}>{props.value}</option>}
      <optgroup label={t('hardware2.cpu.usable')}>
        {usable.map((m) => (
          <option key={m.name} value={m.name}>
            {m.name}
          </option>
        ))}
      </optgroup>
      {unusable.length > 0 && (
        <optgroup label={t('hardware2.cpu.unusable')}>
          {unusable.map((m) => (
            <option key={m.name} value={m.name}>
              {t('hardware2.cpu.unusableModel', { name: m.name })}
            </option>
          ))}
        </optgroup>
      )}
    </select>
  );
}

const NESTED_FEATURE: Record<string, string> = { kvm_intel: 'vmx', kvm_amd: 'svm' };

/** Whether guests can run VMs of their own here, and what exposes it to this one. */
function NestedHint(props: { nested: HostCpu['nested']; mode: string }) {
  const { t } = useTranslation();
  const { state, module } = props.nested;
  const params = { module: module ?? 'kvm', feature: NESTED_FEATURE[module ?? ''] ?? 'vmx/svm' };
  return (
    <div className="hw-note" data-testid="nested-hint" data-state={state}>
      <strong>{t('hardware2.cpu.nestedHeading')}</strong>
      <p>{t(`hardware2.cpu.nested_${state}`, params)}</p>
      {state === 'on' && (
        <p>
          {props.mode === 'host-passthrough' || props.mode === 'maximum'
            ? t('hardware2.cpu.nestedExposed')
            : props.mode === 'host-model'
              ? t('hardware2.cpu.nestedHostModel', params)
              : t('hardware2.cpu.nestedHidden')}
        </p>
      )}
    </div>
  );
}

export function CpuEditor(props: { ctx: EditorContext; label: string }) {
  const { t } = useTranslation();
  const { ctx } = props;
  const base = useMemo(() => valuesOf(ctx.hw.domain), [ctx.hw]);
  const form = useForm(base, validators);
  const v = form.values;
  const host = useHostCpu(ctx);
  // Drivers without domain capabilities (the test driver) name no modes: every mode is offered.
  const modes = host?.modes.length ? host.modes : CPU_MODES;
  const models = host?.models ?? [];
  const unusable = models.find((m) => m.name === v.model && !m.usable);
  const modeHint = [
    t(`hardware.cpu.modeHint_${v.mode || 'default'}`, { defaultValue: '' }),
    v.mode === 'host-model' && host?.hostModel ? t('hardware2.cpu.hostModelHere', { model: host.hostModel }) : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <HardwareForm ctx={ctx} form={form} label={props.label} toChanges={(c, all) => toCpuChanges(ctx.hw.domain, c, all)}>
      {ctx.running && ctx.vm.vcpus !== undefined && <p className="muted">{t('hardware.cpu.live', { count: ctx.vm.vcpus })}</p>}
      <Row label={t('hardware.cpu.current')} problem={form.problems.current}>
        <NumberInput value={v.current} min={1} max={v.max} onChange={(x) => form.set('current', x)} />
      </Row>
      <Row label={t('hardware.cpu.max')} problem={form.problems.max}>
        <NumberInput value={v.max} min={1} onChange={(x) => form.set('max', x)} />
      </Row>
      <Row label={t('hardware.cpu.mode')} {...(modeHint ? { hint: modeHint } : {})}>
        <Choice
          value={v.mode}
          options={modes}
          unset={t('hardware.cpu.modeDefault')}
          word={(m) => t(`hardware.cpu.mode_${m}`, { defaultValue: m })}
          onChange={(x) => form.set('mode', x)}
        />
      </Row>
      {v.mode === 'custom' && (
        <Row label={t('hardware.cpu.model')} problem={form.problems.model} {...(unusable ? { hint: t('hardware2.cpu.unusableHint', { name: unusable.name }) } : {})}>
          {models.length ? (
            <ModelPicker models={models} value={v.model} onChange={(x) => form.set('model', x)} />
          ) : (
            <input value={v.model} onChange={(e) => form.set('model', e.target.value)} placeholder="qemu64" spellCheck={false} />
          )}
        </Row>
      )}
      {host && <NestedHint nested={host.nested} mode={v.mode} />}
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
