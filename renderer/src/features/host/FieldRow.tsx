// A form field of the host pages: its label tied to the control (the control's accessible name
// is the label), and its problem under it, tied by aria-describedby.
import type { FieldProblem } from '../../components/form/form-state.js';
import { useDescribedControl, type DescribedControl } from '../../components/form/described-control.js';

export function FieldRow(props: { label: string; problem?: FieldProblem | undefined; hint?: string; children: DescribedControl; check?: boolean }) {
  const { id, control, notes } = useDescribedControl(props.children, props.problem, props.hint, 'field-hint');
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
      {notes}
    </div>
  );
}
