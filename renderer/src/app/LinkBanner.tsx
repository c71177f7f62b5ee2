// What the page says while it cannot reach the backend (browser mode): reconnecting by itself
// (with Reconnect now), or, when the server refused the session, that retrying cannot help and
// a field to sign in again with the newest link Virtdeck printed, without reloading the page.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { signInWithLink, type SignInResult } from '../platform/session.js';
import { retryLink, useStore } from '../store/store.js';
import type { UiLabelKey } from '../i18n/resources.js';

const SIGN_IN_PROBLEMS: Record<Exclude<SignInResult, 'ok'>, UiLabelKey> = {
  refused: 'link.signInRefused',
  notALink: 'link.signInNotALink',
  otherServer: 'link.signInOtherServer',
  unreachable: 'link.signInUnreachable',
};

export function LinkBanner() {
  const { t } = useTranslation();
  const link = useStore((s) => s.link);
  if (link.kind === 'lost') {
    return (
      <div className="banner link-banner" role="alert" data-testid="link-lost">
        <span>{t('link.lost')}</span>
        <button type="button" onClick={retryLink}>
          {t('link.reconnectNow')}
        </button>
      </div>
    );
  }
  if (link.kind === 'refused') return <SignInAgain why={link.why} />;
  return null;
}

function SignInAgain(props: { why: 'signedOut' | 'sessionEnded' }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<UiLabelKey | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const result = await signInWithLink(text);
    setBusy(false);
    if (result !== 'ok') return setProblem(SIGN_IN_PROBLEMS[result]);
    setProblem(null);
    retryLink();
  };
  return (
    <div className="banner link-banner" data-testid="link-refused">
      <p role="alert">{t(props.why === 'signedOut' ? 'link.signedOut' : 'link.sessionEnded')}</p>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor={`${id}-link`}>{t('link.signInLink')}</label>
        <input id={`${id}-link`} type="text" inputMode="url" value={text} onChange={(e) => setText(e.target.value)} required autoComplete="off" spellCheck={false} />
        <button type="submit" disabled={busy || !text.trim()}>
          {t('link.signIn')}
        </button>
      </form>
      {problem && <p role="alert">{t(problem)}</p>}
    </div>
  );
}
