// An editor's form: its fields (children), Apply (enabled when something changed and all is
// valid) and Revert (back to what the backend has), and the failure of Apply where it happened.
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { wordKey } from '../../i18n/index.js';
import { ErrorNotice } from '../ErrorNotice.js';
import { useMutation } from '../use-mutation.js';
import type { FieldProblem } from './form-state.js';
import type { FormApi } from './use-form.js';

export function Form<V extends object>(props: {
  form: FormApi<V>;
  /** Sends the changed fields; throws (an ApiError) when the backend refuses. */
  onApply(changes: Partial<V>): Promise<unknown>;
  children: ReactNode;
  /** The form's accessible name (its section's heading). */
  label: string;
  /** Why the form cannot be edited (a read-only connection); the fields should be disabled too. */
  readOnlyReason?: string;
}) {
  const { t } = useTranslation();
  const { form } = props;
  const apply = useMutation(props.onApply, { report: 'inline' });
  const dirty = form.dirty.length > 0;
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!dirty || !form.valid || apply.pending) return;
    if ((await apply.run(form.changes())).ok) form.markApplied();
  };
  return (
    <form className="editor-form" aria-label={props.label} onSubmit={(e) => void onSubmit(e)} noValidate>
      {props.readOnlyReason && <p className="muted">{props.readOnlyReason}</p>}
      {props.children}
      {apply.error !== null && <ErrorNotice error={apply.error} title={t('form.applyFailed')} onDismiss={apply.reset} />}
      <div className="buttons">
        <button
          type="button"
          disabled={!dirty || apply.pending}
          onClick={() => {
            form.revert();
            apply.reset();
          }}
        >
          {t('form.revert')}
        </button>
        <button type="submit" disabled={!dirty || !form.valid || apply.pending || props.readOnlyReason !== undefined}>
          {apply.pending ? t('form.applying') : t('form.apply')}
        </button>
      </div>
    </form>
  );
}

/** A field's problem under it, worded; tie it to the control with aria-describedby. */
export function FieldProblemText(props: { id: string; problem: FieldProblem | undefined }) {
  useTranslation(); // words again when the language changes
  if (!props.problem) return null;
  return (
    <p className="field-problem" id={props.id} role="status">
      {wordKey(props.problem.key, props.problem.params)}
    </p>
  );
}
