// The clipboard between host and guest, on the user's terms: host text goes into the guest only
// when the user sends it (typed as key presses, so it works at any prompt); text the guest puts
// on its clipboard is shown with a button to copy it to the host.
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { DisplayHandle } from './display-screen.js';

export function ClipboardControls({ connected, display, guestText }: { connected: boolean; display: RefObject<DisplayHandle | null>; guestText: string | null }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const start = async () => {
    setOpen(true);
    // Prefill from the host clipboard where the browser allows it; the user still decides.
    const host = await navigator.clipboard?.readText().catch(() => '');
    if (host) setText((cur) => cur || host);
  };
  return (
    <>
      <button type="button" disabled={!connected} onClick={() => void start()}>
        {t('console.typeText')}
      </button>
      {guestText !== null && (
        <button type="button" onClick={() => void navigator.clipboard?.writeText(guestText)} title={guestText.slice(0, 200)}>
          {t('console.copyGuestText')}
        </button>
      )}
      {open && (
        <TypeTextDialog
          initial={text}
          onCancel={() => setOpen(false)}
          onSend={(value) => {
            display.current?.typeText(value);
            setText('');
            setOpen(false);
            display.current?.focus();
          }}
        />
      )}
    </>
  );
}

function TypeTextDialog({ initial, onCancel, onSend }: { initial: string; onCancel(): void; onSend(text: string): void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [value, setValue] = useState(initial);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  useEffect(() => setValue((cur) => cur || initial), [initial]);
  return (
    <dialog ref={ref} className="form-dialog" aria-labelledby="type-text-title" onCancel={onCancel}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSend(value);
        }}
      >
        <h2 id="type-text-title">{t('console.typeTextTitle')}</h2>
        <label className="stacked">
          {t('console.typeTextLabel')}
          <textarea autoFocus rows={4} value={value} onChange={(e) => setValue(e.target.value)} />
        </label>
        <p className="hint">{t('console.typeTextHint')}</p>
        <div className="buttons">
          <button type="button" onClick={onCancel}>
            {t('console.cancel')}
          </button>
          <button type="submit" disabled={value === ''}>
            {t('console.typeTextSend')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
