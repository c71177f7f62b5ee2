import { useTranslation } from 'react-i18next';
import { dismiss, useStore } from '../store/store.js';

export function Notices() {
  const { t } = useTranslation();
  const notices = useStore((s) => s.notices);
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className="notice" role="alert">
          <strong>{n.title}</strong>
          {n.text && <p>{n.text}</p>}
          {n.hint && <p className="hint">{n.hint}</p>}
          <button type="button" onClick={() => dismiss(n.id)}>
            {t('errors.dismiss')}
          </button>
        </div>
      ))}
    </div>
  );
}
