// A read that failed, where its data would be: what happened and what to do (the error's own
// words), and Try Again.
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/ErrorNotice.js';

export function ReadError(props: { error: unknown; title: string; onRetry(): void }) {
  const { t } = useTranslation();
  return (
    <div className="read-error">
      <ErrorNotice error={props.error} title={props.title} />
      <button type="button" onClick={props.onRetry}>
        {t('host.tryAgain')}
      </button>
    </div>
  );
}
