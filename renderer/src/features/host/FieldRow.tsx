// A form field of the host pages: its label tied to the control (the control's accessible name
// is the label), and its problem under it, tied by aria-describedby.
import { cloneElement, useId, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../components/form/form-state.js';
import { wordKey } from '../../i18n/index.js';

type Control = ReactElement<{ id?: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }>;

export function FieldRow(props: { label: string; problem?: FieldProblem | undefined; hint?: string; children: Control; check?: boolean }) {
  useTranslation(); // words the problem again when the language changes
  const id = useId();
  const described = [props.problem ? `${id}-problem` : '', props.hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  const control = cloneElement(props.children, { id, ...(described ? { 'aria-describedby': described } : {}), ...(props.problem ? { 'aria-invalid': true } : {}) });
  return (
    <div className={props.check ? 'host-field checkbox' : 'host-field'}>
      {props.check ? (
        <span className="check-label">
          {control}
          <label htmlFor={id}>{props.label}</label>
        </span>
      ) : (
        <>
          <label htmlFor={id}>{props.label}</label>
          {control}
        </>
      )}
      {props.hint && (
        <p className="muted field-hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.problem && (
        <p className="field-problem" id={`${id}-problem`}>
          {wordKey(props.problem.key, props.problem.params)}
        </p>
      )}
    </div>
  );
}
