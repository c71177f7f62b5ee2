// An editor of the Hardware tab: its fields, Apply (the preview dialog first: see EditDialog) and
// Revert, and the device's own buttons (Remove, Resize…). The etag an edit is checked against is
// the one the fields were loaded from when the user started changing them: a change made
// elsewhere meanwhile is then a conflict, never silently overwritten.
import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainChange } from '../../../../../electron/common/api/domain-edits.js';
import type { FormApi } from '../../../components/form/use-form.js';
import type { EditorContext } from './editor-context.js';

export function HardwareForm<V extends object>(props: {
  ctx: EditorContext;
  form: FormApi<V>;
  /** The form's accessible name: the item's label, as its heading shows it. */
  label: string;
  /** The changes that the edited fields make (only the dirty ones are given). */
  toChanges(changed: Partial<V>, values: V): DomainChange[];
  children: ReactNode;
  /** The device's own buttons, before Revert and Apply. */
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  const { ctx, form } = props;
  const dirty = form.dirty.length > 0;
  const etag = useRef(ctx.hw.etag);
  if (!dirty) etag.current = ctx.hw.etag;
  const busy = useRef(false);
  const { onDirty } = ctx;
  useEffect(() => onDirty(dirty), [onDirty, dirty]);
  useEffect(() => () => onDirty(false), [onDirty]);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!dirty || !form.valid || busy.current) return;
    const changes = props.toChanges(form.changes(), form.values);
    if (!changes.length) return;
    busy.current = true;
    try {
      const end = await ctx.edit({ title: t('hardware.applyTitle', { name: props.label }), changes, etag: etag.current });
      if (end.end === 'applied') form.markApplied();
      else if (end.end === 'reloaded') form.revert();
    } finally {
      busy.current = false;
    }
  };
  return (
    <form className="editor-form hw-form" aria-label={props.label} onSubmit={(e) => void onSubmit(e)} noValidate>
      {/* A disabled fieldset disables every control in it: a read-only connection changes nothing. */}
      <fieldset className="hw-fields" disabled={ctx.readOnly}>
        {props.children}
        <div className="buttons">
          {props.extra && <div className="hw-extra">{props.extra}</div>}
          <button type="button" disabled={!dirty} onClick={form.revert}>
            {t('form.revert')}
          </button>
          <button type="submit" className="primary" disabled={!dirty || !form.valid}>
            {t('form.apply')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
