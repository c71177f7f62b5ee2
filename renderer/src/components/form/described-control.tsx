// A form control tied to its label, hint and problem: the label's id on the control (so its
// accessible name is the label), the hint and the problem under it tied by aria-describedby,
// and aria-invalid while there is a problem. Forms lay these out their own way.
import { cloneElement, useId, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { wordKey } from '../../i18n/index.js';
import type { FieldProblem } from './form-state.js';

export type DescribedControl = ReactElement<{ id?: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }>;

export function useDescribedControl(
  children: DescribedControl,
  problem: FieldProblem | undefined,
  hint: string | undefined,
  hintClass: string,
): { id: string; control: ReactElement; notes: ReactNode } {
  useTranslation(); // words the problem again when the language changes
  const id = useId();
  const described = [problem ? `${id}-problem` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  const control = cloneElement(children, { id, ...(described ? { 'aria-describedby': described } : {}), ...(problem ? { 'aria-invalid': true } : {}) });
  const notes = (
    <>
      {hint && (
        <p className={`muted ${hintClass}`} id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {problem && (
        <p className="field-problem" id={`${id}-problem`}>
          {wordKey(problem.key, problem.params)}
        </p>
      )}
    </>
  );
  return { id, control, notes };
}
