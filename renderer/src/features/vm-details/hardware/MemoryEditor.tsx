// Memory: the current allocation (the balloon, changed live where the guest has one) and the
// maximum, in MiB (the definition keeps its own unit where the value fits it); and how the
// memory is backed: shared with the host (memfd, which virtiofs shares need) and huge pages.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainChange, PropValue } from '../../../../../electron/common/api/domain-edits.js';
import type { FieldProblem, Validators } from '../../../components/form/form-state.js';
import { useForm } from '../../../components/form/use-form.js';
import { formatKiB } from '../../../i18n/index.js';
import type { EditorContext } from './editor-context.js';
import { NumberInput, Row } from './fields.js';
import { HardwareForm } from './HardwareForm.js';
import { bool, sizeKiB, text } from './props.js';

interface MemoryValues {
  current: number;
  max: number;
  shared: boolean;
  hugepages: boolean;
  /** The VM has a virtiofs share (which needs shared memory); not edited here. */
  virtiofs: boolean;
}

const MAX_MIB = 2 ** 30; // the contract's limit (2^50 KiB) is far beyond any host; this keeps values exact.
// Whole KiB: the definition may hold sizes that are not whole MiB.
const mib = (v: number): FieldProblem | null => (!Number.isFinite(v) || v < 1 || v > MAX_MIB || !Number.isInteger(v * 1024) ? { key: 'hardware.memory.badSize' } : null);
const validators: Validators<MemoryValues> = {
  max: mib,
  current: (v, all) => mib(v) ?? (v > all.max ? { key: 'hardware.memory.overMax' } : null),
  // libvirt refuses to start a VM whose virtiofs share has no shared memory.
  shared: (v, all) => (!v && all.virtiofs ? { key: 'hardware2.memory.sharedNeeded' } : null),
};

/** The memory backing properties that shared memory sets (and unticking clears). */
function backingChanges(base: EditorContext['hw']['domain'], changed: Partial<MemoryValues>, v: MemoryValues): Record<string, PropValue> {
  const set: Record<string, PropValue> = {};
  if ('shared' in changed) {
    if (v.shared) {
      set['memoryAccess'] = 'shared';
      // A file or anonymous source the definition names stays; else memfd, as virt-manager sets it.
      if (!text(base, 'memorySource')) set['memorySource'] = 'memfd';
    } else {
      set['memoryAccess'] = null;
      if (text(base, 'memorySource') === 'memfd') set['memorySource'] = null;
    }
  }
  if ('hugepages' in changed) set['hugepages'] = v.hugepages || null;
  return set;
}

export function MemoryEditor(props: { ctx: EditorContext; label: string }) {
  const { t } = useTranslation();
  const { ctx } = props;
  const kib = useMemo(() => {
    const max = sizeKiB(ctx.hw.domain, 'memory', 'memoryUnit') ?? 0;
    return { max, current: sizeKiB(ctx.hw.domain, 'currentMemory', 'currentMemoryUnit') ?? max };
  }, [ctx.hw]);
  const base = useMemo(
    (): MemoryValues => ({
      current: kib.current / 1024,
      max: kib.max / 1024,
      shared: text(ctx.hw.domain, 'memoryAccess') === 'shared',
      hugepages: bool(ctx.hw.domain, 'hugepages') ?? false,
      virtiofs: ctx.hw.devices.some((d) => d.kind === 'filesystem' && text(d.props, 'driverType') === 'virtiofs'),
    }),
    [kib, ctx.hw],
  );
  const form = useForm(base, validators);
  const toChanges = (changed: Partial<MemoryValues>, v: MemoryValues): DomainChange[] => {
    const out: DomainChange[] = [];
    // An untouched size sends the definition's own value, exactly (it may not be whole MiB).
    if ('current' in changed || 'max' in changed) {
      out.push({ kind: 'memory', currentKiB: 'current' in changed ? v.current * 1024 : kib.current, maxKiB: 'max' in changed ? v.max * 1024 : kib.max });
    }
    const set = backingChanges(ctx.hw.domain, changed, v);
    if (Object.keys(set).length) out.push({ kind: 'domain', set });
    return out;
  };
  return (
    <HardwareForm ctx={ctx} form={form} label={props.label} toChanges={toChanges}>
      {ctx.running && ctx.vm.memoryKiB !== undefined && <p className="muted">{t('hardware.memory.live', { size: formatKiB(ctx.vm.memoryKiB) })}</p>}
      <Row label={t('hardware.memory.current')} problem={form.problems.current}>
        <NumberInput value={form.values.current} min={1} max={form.values.max} onChange={(x) => form.set('current', x)} />
      </Row>
      <Row label={t('hardware.memory.max')} problem={form.problems.max}>
        <NumberInput value={form.values.max} min={1} onChange={(x) => form.set('max', x)} />
      </Row>
      <Row inline label={t('hardware2.memory.shared')} problem={form.problems.shared} hint={t('hardware2.memory.sharedHint')}>
        <input type="checkbox" checked={form.values.shared} onChange={(e) => form.set('shared', e.target.checked)} />
      </Row>
      <Row inline label={t('hardware2.memory.hugepages')} hint={t('hardware2.memory.hugepagesHint')}>
        <input type="checkbox" checked={form.values.hugepages} onChange={(e) => form.set('hugepages', e.target.checked)} />
      </Row>
      {ctx.running && <p className="muted">{t('hardware2.memory.backingNote')}</p>}
    </HardwareForm>
  );
}
