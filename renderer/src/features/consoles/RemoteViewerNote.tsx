// What the page cannot do with a SPICE display, said where the user looks, with the way out.
import { useTranslation } from 'react-i18next';
import type { ConsoleType } from '../../../../electron/common/api/consoles.js';
import type { DomainRef } from '../../../../electron/common/api/domains.js';
import { openInRemoteViewer } from './remote-viewer.js';

export function RemoteViewerNote({ target, type, name }: { target: DomainRef; type: ConsoleType; name: string }) {
  const { t } = useTranslation();
  return (
    <p className="console-note">
      {t('console.spiceLimits')}{' '}
      <button type="button" onClick={() => void openInRemoteViewer(target, type, name)}>
        {t('console.remoteViewer')}
      </button>
    </p>
  );
}
