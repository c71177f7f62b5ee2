// An error where it happened (in a form, a tab, a dialog): what happened, what to do, and the
// error's code for support; worded from its catalog id (see i18n/messages.ts).
import { useTranslation } from 'react-i18next';
import { describeError } from '../i18n/messages.js';

export function ErrorNotice(props: { error: unknown; title?: string; onDismiss?(): void }) {
  const { t } = useTranslation();
  const w = describeError(props.error);
  return (
    <div className="error-notice" role="alert" data-testid="error-notice" data-message-id={w.messageId}>
      {props.title && <strong>{props.title}</strong>}
      <p>{w.text}</p>
      {w.hint && <p className="hint">{w.hint}</p>}
      <p className="code">{t('errors.code', { code: w.code })}</p>
      {props.onDismiss && (
        <button type="button" onClick={props.onDismiss}>
          {t('errors.dismiss')}
        </button>
      )}
    </div>
  );
}
