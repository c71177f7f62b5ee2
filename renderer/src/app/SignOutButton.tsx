// Browser mode's `Sign out`: ends the session on the server (every tab of it loses the backend)
// and replaces this page with a note on how to sign in again. The desktop app has no session.
import { useTranslation } from 'react-i18next';
import { isBrowserMode, signOut } from '../platform/session.js';

export function SignOutButton() {
  const { t } = useTranslation();
  if (!isBrowserMode()) return null;
  const onClick = async () => {
    await signOut().catch(() => undefined);
    document.body.replaceChildren(Object.assign(document.createElement('p'), { className: 'signed-out', role: 'status', textContent: t('app.signedOut') }));
  };
  return (
    <button type="button" className="sign-out" onClick={() => void onClick()}>
      {t('app.signOut')}
    </button>
  );
}
