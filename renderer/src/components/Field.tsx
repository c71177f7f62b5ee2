import { cloneElement, useId, type ReactElement } from 'react';

/** A label tied to its control by id, so the control's accessible name is exactly the label. */
export function Field(props: { label: string; children: ReactElement<{ id?: string }>; inline?: boolean }) {
  const id = useId();
  const control = cloneElement(props.children, { id });
  return (
    <div className={props.inline ? 'field inline' : 'field'}>
      {props.inline && control}
      <label htmlFor={id}>{props.label}</label>
      {!props.inline && control}
    </div>
  );
}
