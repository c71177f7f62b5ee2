// The rows of a hardware editor: a label tied to its control (so the control's accessible
// name is the label), the field's problem under it, and a plain fact (label and value) for
// what an editor shows but does not change.
import type { ReactNode } from 'react';
import type { FieldProblem } from '../../../components/form/form-state.js';
import { useDescribedControl, type DescribedControl } from '../../../components/form/described-control.js';

export function Row(props: { label: string; problem?: FieldProblem | undefined; hint?: string; children: DescribedControl; inline?: boolean; after?: ReactNode }) {
  const { id, control, notes } = useDescribedControl(props.children, props.problem, props.hint, 'hw-hint');
  return (
    <div className={props.inline ? 'hw-row inline' : 'hw-row'}>
      {props.inline ? (
        <span className="hw-check">
          {control}
          <label htmlFor={id}>{props.label}</label>
        </span>
      ) : (
        <>
          <label htmlFor={id}>{props.label}</label>
          <span className="hw-control">
            {control}
            {props.after}
          </span>
        </>
      )}
      {notes}
    </div>
  );
}

export function Fact(props: { label: string; children: ReactNode }) {
  return (
    <div className="hw-row">
      <span className="hw-fact-label">{props.label}</span>
      <span className="hw-fact">{props.children}</span>
    </div>
  );
}

/** A select over known values, keeping a value the definition has that the list does not (shown as it is). */
export function Choice(props: {
  value: string;
  options: readonly string[];
  onChange(v: string): void;
  /** The words of a value; the value itself when it has none. */
  word?(v: string): string;
  /** An option for "not set" (the hypervisor's default), with its words. */
  unset?: string;
  disabled?: boolean;
  id?: string;
  'aria-describedby'?: string;
}) {
  const values = props.options.includes(props.value) || props.value === '' ? props.options : [props.value, ...props.options];
  return (
    <select id={props.id} aria-describedby={props['aria-describedby']} value={props.value} disabled={props.disabled} onChange={(e) => props.onChange(e.target.value)}>
      {props.unset !== undefined && <option value="">{props.unset}</option>}
      {values.map((v) => (
        <option key={v} value={v}>
          {props.word ? props.word(v) : v}
        </option>
      ))}
    </select>
  );
}

/** A number field; an empty or malformed entry is NaN (the form's checks word it). */
export function NumberInput(props: {
  value: number;
  onChange(v: number): void;
  min?: number;
  max?: number;
  step?: number;
  disabled?: boolean;
  id?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}) {
  return (
    <input
      id={props.id}
      aria-describedby={props['aria-describedby']}
      aria-invalid={props['aria-invalid']}
      type="number"
      inputMode="numeric"
      min={props.min}
      max={props.max}
      step={props.step ?? 1}
      disabled={props.disabled}
      value={Number.isNaN(props.value) ? '' : String(props.value)}
      onChange={(e) => props.onChange(e.target.value.trim() === '' ? NaN : Number(e.target.value))}
    />
  );
}
