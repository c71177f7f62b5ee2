// Memory: the current allocation (the balloon, changed live where the guest has one) and the
// maximum, in MiB; the definition keeps its own unit where the value fits it.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainChange } from '../../../../../electron/common/api/domain-edits.js';
import type { FieldProblem, Validators } from '../../../components/form/form-state.js';
import { useForm } from '../../../components/form/use-form.js';
import { formatKiB } from '../../../i18n/index.js';
import type { EditorContext } from './editor-context.js';
import { NumberInput, Row } from './fields.js';
import { HardwareForm } from './HardwareForm.js';
import { sizeKiB } from './props.js';

interface MemoryValues {
  current: number;
  max: number;
}

const MAX_MIB = 2 ** 30; // the contract's limit (2^50 KiB) is far beyond any host; this keeps values exact.
// Whole KiB: the definition may hold sizes that are not whole MiB.
const mib = (v: number): FieldProblem | null => (!Number.isFinite(v) || v < 1 || v > MAX_MIB || !Number.isInteger(v * 1024) ? { key: 'hardware.memory.badSize' } : null);
const validators: Validators<MemoryValues> = {
  max: mib,
  current: (v, all) => mib(v) ?? (v > all.max ? { key: 'hardware.memory.overMax' } : null),
};

export function MemoryEditor(props: { ctx: EditorContext; label: string }) {
  const { t } = useTranslation();
  const { ctx } = props;
  const kib = useMemo(() => {
    const max = sizeKiB(ctx.hw.domain, 'memory', 'memoryUnit') ?? 0;
    return { max, current: sizeKiB(ctx.hw.domain, 'currentMemory', 'currentMemoryUnit') ?? max };
  }, [ctx.hw]);
  const base = useMemo(() => ({ current: kib.current / 1024, max: kib.max / 1024 }), [kib]);
  const form = useForm(base, validators);
  // An untouched field sends the definition's own value, exactly (it may not be whole MiB).
  const toChanges = (changed: Partial<MemoryValues>, v: MemoryValues): DomainChange[] => [
    { kind: 'memory', currentKiB: 'current' in changed ? v.current * 1024 : kib.current, maxKiB: 'max' in changed ? v.max * 1024 : kib.max },
  ];
  return (
    <HardwareForm ctx={ctx} form={form} label={props.label} toChanges={toChanges}>
      {ctx.running && ctx.vm.memoryKiB !== undefined && <p className="muted">{t('hardware.memory.live', { size: formatKiB(ctx.vm.memoryKiB) })}</p>}
      <Row label={t('hardware.memory.current')} problem={form.problems.current}>
        <NumberInput value={form.values.current} min={1} max={form.values.max} onChange={(x) => form.set('current', x)} />
      </Row>
      <Row label={t('hardware.memory.max')} problem={form.problems.max}>
        <NumberInput value={form.values.max} min={1} onChange={(x) => form.set('max', x)} />
      </Row>
    </HardwareForm>
  );
}
