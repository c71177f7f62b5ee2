// Shows whether keys go to the guest, and releases them on Ctrl+Alt (virt-manager's release
// combination). The check runs in the capture phase, before the display's own key handler.
import { useEffect, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { DisplayHandle } from './display-screen.js';

export function KeyboardGrab({ grabbed, display }: { grabbed: boolean; display: RefObject<DisplayHandle | null> }) {
  const { t } = useTranslation();
  useEffect(() => {
    if (!grabbed) return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey && e.altKey && (e.key === 'Control' || e.key === 'Alt'))) return;
      e.preventDefault();
      e.stopPropagation();
      // Ctrl (or Alt) went to the guest when pressed; its key-up will not, once the screen lets go.
      display.current?.releaseKeys();
      display.current?.blur();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [grabbed, display]);
  return (
    <span className={`console-grab${grabbed ? ' on' : ''}`} data-testid="keyboard-grab">
      {grabbed ? t('console.grabbed') : t('console.notGrabbed')}
    </span>
  );
}
