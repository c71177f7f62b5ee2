// Boot Options: which devices boot and in what order (checkboxes, Up and Down, or Alt+Up /
// Alt+Down on a row), the boot menu, direct kernel boot (kernel, initrd, arguments, DTB), and
// the firmware as the definition has it. A definition that boots by <os><boot dev=…/> shows
// that order on its devices (as virt-manager does); changing it writes per-device order.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainChange, DomainHardware, PropValue } from '../../../../../electron/common/api/domain-edits.js';
import { useForm } from '../../../components/form/use-form.js';
import { wordKey } from '../../../i18n/index.js';
import type { HardwareItem } from './device-list.js';
import type { EditorContext } from './editor-context.js';
import { BOOTABLE_KINDS } from './enums.js';
import { Fact, Row } from './fields.js';
import { HardwareForm } from './HardwareForm.js';
import { bool, list, num, text } from './props.js';

interface BootEntry {
  id: string;
  on: boolean;
}

interface BootValues {
  order: BootEntry[];
  menu: boolean;
  kernel: string;
  initrd: string;
  cmdline: string;
  dtb: string;
}

const KERNEL_FIELDS = ['kernel', 'initrd', 'cmdline', 'dtb'] as const;

/** Which devices `<boot dev=…/>` names (libvirt: hd, cdrom, network, fd), in the definition's order. */
function byBootDev(hw: DomainHardware, dev: string): string[] {
  return hw.devices
    .filter((d) => {
      const device = text(d.props, 'device') ?? 'disk';
      if (dev === 'network') return d.kind === 'interface';
      if (d.kind !== 'disk') return false;
      return dev === 'cdrom' ? device === 'cdrom' : dev === 'fd' ? device === 'floppy' : device === 'disk' || device === 'lun';
    })
    .map((d) => d.id);
}

export function bootOrderOf(hw: DomainHardware): BootEntry[] {
  const bootable = hw.devices.filter((d) => (BOOTABLE_KINDS as readonly string[]).includes(d.kind));
  const ordered = bootable.filter((d) => num(d.props, 'bootOrder') !== undefined).sort((a, b) => num(a.props, 'bootOrder')! - num(b.props, 'bootOrder')!);
  const first = ordered.length ? ordered.map((d) => d.id) : [...new Set(list(hw.domain, 'bootDevices').flatMap((dev) => byBootDev(hw, dev)))];
  return [...first.map((id) => ({ id, on: true })), ...bootable.filter((d) => !first.includes(d.id)).map((d) => ({ id: d.id, on: false }))];
}

function valuesOf(hw: DomainHardware): BootValues {
  return {
    order: bootOrderOf(hw),
    menu: bool(hw.domain, 'bootMenu') ?? false,
    kernel: text(hw.domain, 'kernel') ?? '',
    initrd: text(hw.domain, 'initrd') ?? '',
    cmdline: text(hw.domain, 'cmdline') ?? '',
    dtb: text(hw.domain, 'dtb') ?? '',
  };
}

function toChanges(changed: Partial<BootValues>, v: BootValues): DomainChange[] {
  const out: DomainChange[] = [];
  if ('order' in changed) out.push({ kind: 'bootOrder', ids: v.order.filter((e) => e.on).map((e) => e.id) });
  const set: Record<string, PropValue> = {};
  if ('menu' in changed) set['bootMenu'] = v.menu;
  for (const k of KERNEL_FIELDS) if (k in changed) set[k] = v[k].trim() || null;
  if (Object.keys(set).length) out.push({ kind: 'domain', set });
  return out;
}

function BootOrder(props: { order: BootEntry[]; labels: Map<string, string>; onChange(order: BootEntry[]): void }) {
  const { t } = useTranslation();
  const { order, labels } = props;
  const rows = useRef(new Map<string, HTMLLIElement>());
  const [focus, setFocus] = useState<{ id: string; control: 'check' | 'up' | 'down' } | null>(null);
  const [said, setSaid] = useState('');
  // A moved row's control keeps the focus (React moves the row's node, which blurs it).
  useEffect(() => {
    if (!focus) return;
    const li = rows.current.get(focus.id);
    const want = li?.querySelector<HTMLElement>(`[data-control="${focus.control}"]:not(:disabled)`) ?? li?.querySelector<HTMLElement>('[data-control="check"]');
    want?.focus();
    setFocus(null);
  }, [focus]);
  const move = (i: number, by: -1 | 1, control: 'check' | 'up' | 'down') => {
    const j = i + by;
    if (j < 0 || j >= order.length) return;
    const next = [...order];
    [next[i], next[j]] = [next[j]!, next[i]!];
    props.onChange(next);
    setFocus({ id: order[i]!.id, control });
    setSaid(t('hardware.boot.moved', { name: labels.get(order[i]!.id) ?? '', position: j + 1, count: order.length }));
  };
  const onKey = (e: KeyboardEvent, i: number) => {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    move(i, e.key === 'ArrowUp' ? -1 : 1, 'check');
  };
  if (!order.length) return <p className="muted">{t('hardware.boot.noDevices')}</p>;
  return (
    <>
      <ol className="hw-boot">
        {order.map((e, i) => {
          const id = `boot-${i}-${e.id}`;
          return (
            <li
              key={e.id}
              ref={(el) => {
                if (el) rows.current.set(e.id, el);
                else rows.current.delete(e.id);
              }}
              onKeyDown={(ev) => onKey(ev, i)}
            >
              <span className="hw-check">
                <input
                  type="checkbox"
                  id={id}
                  data-control="check"
                  checked={e.on}
                  aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
                  onChange={(ev) => props.onChange(order.map((x) => (x.id === e.id ? { ...x, on: ev.target.checked } : x)))}
                />
                <label htmlFor={id} id={`${id}-label`}>
                  {labels.get(e.id) ?? e.id}
                </label>
              </span>
              <button type="button" data-control="up" aria-describedby={`${id}-label`} disabled={i === 0} onClick={() => move(i, -1, 'up')}>
                {t('hardware.boot.up')}
              </button>
              <button type="button" data-control="down" aria-describedby={`${id}-label`} disabled={i === order.length - 1} onClick={() => move(i, 1, 'down')}>
                {t('hardware.boot.down')}
              </button>
            </li>
          );
        })}
      </ol>
      <p className="muted hw-hint">{t('hardware.boot.keys')}</p>
      <p className="visually-hidden" aria-live="polite">
        {said}
      </p>
    </>
  );
}

export function BootEditor(props: { ctx: EditorContext; label: string; items: HardwareItem[] }) {
  const { t } = useTranslation();
  const { ctx } = props;
  const base = useMemo(() => valuesOf(ctx.hw), [ctx.hw]);
  const form = useForm(base);
  const v = form.values;
  // Worded on every render (a handful of items), so a change of language words them again.
  const labels = new Map(props.items.map((it) => [it.key, wordKey(it.label.key, it.label.params)]));
  const firmware = text(ctx.hw.domain, 'osFirmware') ?? (text(ctx.hw.domain, 'loaderType') === 'pflash' ? 'efi' : 'bios');
  return (
    <HardwareForm ctx={ctx} form={form} label={props.label} toChanges={toChanges}>
      <Fact label={t('hardware.boot.firmware')}>{t(`hardware.boot.firmware_${firmware}`, { defaultValue: firmware })}</Fact>
      <fieldset className="hw-group">
        <legend>{t('hardware.boot.order')}</legend>
        <BootOrder order={v.order} labels={labels} onChange={(o) => form.set('order', o)} />
      </fieldset>
      <Row inline label={t('hardware.boot.menu')}>
        <input type="checkbox" checked={v.menu} onChange={(e) => form.set('menu', e.target.checked)} />
      </Row>
      <fieldset className="hw-group">
        <legend>{t('hardware.boot.direct')}</legend>
        {KERNEL_FIELDS.map((k) => (
          <Row key={k} label={t(`hardware.boot.${k}`)}>
            <input value={v[k]} onChange={(e) => form.set(k, e.target.value)} spellCheck={false} />
          </Row>
        ))}
      </fieldset>
    </HardwareForm>
  );
}
