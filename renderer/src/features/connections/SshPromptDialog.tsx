import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionInfo, SshPrompt } from '../../../../electron/common/api/connections.js';
import { ApiError } from '../../../../electron/common/api/errors.js';
import { Field } from '../../components/Field.js';
import { api, notifyError, useStore } from '../../store/store.js';

/** The question ssh asks while a connection opens (host key, password, passphrase), one at a time. */
export function SshPromptHost() {
  const asking = useStore((s) => s.connections.find((c) => c.prompt));
  if (!asking?.prompt) return null;
  return <SshPromptDialog key={asking.prompt.id} connection={asking} prompt={asking.prompt} />;
}

function SshPromptDialog({ connection, prompt }: { connection: ConnectionInfo; prompt: SshPrompt }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    ref.current?.showModal();
  }, []);

  const reply = async (answer: string | null) => {
    setBusy(true);
    try {
      await api().connections.answerPrompt({ id: connection.id, promptId: prompt.id, answer });
    } catch (err) {
      // Withdrawn meanwhile (closed, timed out): the dialog goes away with the prompt.
      if (!(err instanceof ApiError && err.code === 'not-found')) notifyError(t('sshPrompt.failed'), err);
    }
  };
  const cancel = () => void reply(null);
  const name = connection.spec.label ?? connection.spec.uri;

  if (prompt.kind === 'host-key') {
    return (
      <dialog ref={ref} className="form-dialog ssh-prompt" aria-labelledby="ssh-prompt-title" onCancel={(e) => (e.preventDefault(), cancel())}>
        <h2 id="ssh-prompt-title">{t('sshPrompt.hostKeyTitle')}</h2>
        <p>{t('sshPrompt.hostKeyBody', { target: prompt.target, name })}</p>
        <dl className="fingerprint">
          <dt>{t('sshPrompt.keyType')}</dt>
          <dd>{prompt.keyType ?? '—'}</dd>
          <dt>{t('sshPrompt.fingerprint')}</dt>
          <dd>
            <code>{prompt.fingerprint ?? prompt.message}</code>
          </dd>
        </dl>
        <p className="hint">{t('sshPrompt.hostKeyHint', { type: (prompt.keyType ?? 'ed25519').toLowerCase() })}</p>
        <div className="buttons">
          <button type="button" autoFocus disabled={busy} onClick={cancel}>
            {t('sshPrompt.cancel')}
          </button>
          <button type="button" disabled={busy} onClick={() => void reply('yes')}>
            {t('sshPrompt.trust')}
          </button>
        </div>
      </dialog>
    );
  }

  const label = prompt.kind === 'password' ? t('sshPrompt.password') : prompt.kind === 'passphrase' ? t('sshPrompt.passphrase') : t('sshPrompt.answer');
  const body =
    prompt.kind === 'passphrase'
      ? t('sshPrompt.passphraseBody', { keyFile: prompt.keyFile ?? '', target: prompt.target })
      : prompt.kind === 'password'
        ? t('sshPrompt.passwordBody', { target: prompt.target, name })
        : prompt.message;
  return (
    <dialog ref={ref} className="form-dialog ssh-prompt" aria-labelledby="ssh-prompt-title" onCancel={(e) => (e.preventDefault(), cancel())}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void reply(secret);
        }}
      >
        <h2 id="ssh-prompt-title">{prompt.kind === 'passphrase' ? t('sshPrompt.passphraseTitle') : t('sshPrompt.signInTitle')}</h2>
        <p>{body}</p>
        {prompt.attempt > 1 && (
          <p className="field-error" role="alert">
            {prompt.kind === 'passphrase' ? t('sshPrompt.retryPassphrase') : t('sshPrompt.retry')}
          </p>
        )}
        <Field label={label}>
          <input type="password" autoFocus autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} />
        </Field>
        <div className="buttons">
          <button type="button" disabled={busy} onClick={cancel}>
            {t('sshPrompt.cancel')}
          </button>
          <button type="submit" disabled={busy}>
            {t('sshPrompt.signIn')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
