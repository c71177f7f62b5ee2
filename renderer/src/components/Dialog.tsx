// A modal dialog on the platform's <dialog>: showModal() makes the rest of the page inert (so
// focus stays inside: the focus trap), Escape fires `cancel` (closed through onClose, so the
// caller's state stays the truth), it is labelled by its title, and focus returns to what had
// it before.
import { useEffect, useId, useRef, type ReactNode } from 'react';

export function Dialog(props: {
  title: string;
  /** Called for Escape and for the caller's own Close/Cancel buttons. */
  onClose(): void;
  children: ReactNode;
  /** The buttons row (Cancel, OK…). */
  actions?: ReactNode;
  className?: string;
  /** Describes the dialog by its body text (for confirmations). */
  describedBy?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => {
      d?.close();
      opener?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={props.className ? `dialog ${props.className}` : 'dialog'}
      aria-labelledby={titleId}
      {...(props.describedBy ? { 'aria-describedby': props.describedBy } : {})}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <h2 id={titleId}>{props.title}</h2>
      {props.children}
      {props.actions && <div className="buttons">{props.actions}</div>}
    </dialog>
  );
}
