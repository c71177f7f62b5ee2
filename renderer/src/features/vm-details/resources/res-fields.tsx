// The Resources tab's rows: a field with its label (the control's accessible name), its unit,
// libvirt's name for it beside (the course's word and libvirt's, side by side), a hint, the
// running VM's value where it differs, and its problem.
import { cloneElement, useId, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../../components/form/form-state.js';
import { wordKey } from '../../../i18n/index.js';

type Control = ReactElement<{ id?: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }>;

export function ResRow(props: {
  label: string;
  /** libvirt's parameter name(s), shown beside the field. */
  libvirt: string;
  unit?: string;
  hint?: string;
  /** The running VM's value, when it differs from the definition's. */
  live?: string | undefined;
  problem?: FieldProblem | undefined;
  children: Control;
}) {
  const { t } = useTranslation();
  const id = useId();
  const notes = [props.hint && `${id}-hint`, props.live !== undefined && `${id}-live`, props.problem && `${id}-problem`, `${id}-libvirt`].filter(Boolean).join(' ');
  const control = cloneElement(props.children, { id, 'aria-describedby': notes, ...(props.problem ? { 'aria-invalid': true } : {}) });
  return (
    <div className="res-row">
      <span className="res-label">
        <label htmlFor={id}>{props.label}</label>
        <code className="res-libvirt" id={`${id}-libvirt`}>
          {props.libvirt}
        </code>
      </span>
      <span className="res-control">
        {control}
        {props.unit && <span className="res-unit">{props.unit}</span>}
      </span>
      {props.hint && (
        <p className="res-hint muted" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.live !== undefined && (
        <p className="res-hint res-live" id={`${id}-live`}>
          {t('details2.res.liveValue', { value: props.live || t('details2.res.none') })}
        </p>
      )}
      {props.problem && (
        <p className="field-problem res-hint" id={`${id}-problem`}>
          {wordKey(props.problem.key, props.problem.params)}
        </p>
      )}
    </div>
  );
}

/** A text field for an amount ('' = none), with the placeholder saying what empty means. */
export function AmountInput(props: {
  value: string;
  onChange(v: string): void;
  placeholder?: string;
  disabled?: boolean;
  id?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
  'aria-labelledby'?: string;
}) {
  return (
    <input
      id={props.id}
      type="text"
      inputMode="decimal"
      autoComplete="off"
      className="res-amount"
      value={props.value}
      placeholder={props.placeholder}
      disabled={props.disabled}
      aria-describedby={props['aria-describedby']}
      aria-invalid={props['aria-invalid']}
      aria-labelledby={props['aria-labelledby']}
      onChange={(e) => props.onChange(e.target.value)}
    />
  );
}
