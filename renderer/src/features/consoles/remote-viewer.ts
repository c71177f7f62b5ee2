// `Open in Remote Viewer`: the desktop app starts remote-viewer where it is installed; browser
// mode, or a machine without it, gets the .vv file as a download (it holds no password).
import i18next from 'i18next';
import type { ConsoleType } from '../../../../electron/common/api/consoles.js';
import type { DomainRef } from '../../../../electron/common/api/domains.js';
import { api, notifyError } from '../../store/store.js';

export async function openInRemoteViewer(target: DomainRef, type: ConsoleType, name: string): Promise<void> {
  try {
    // Only the desktop app runs on the user's own desktop; a browser-mode server may not.
    if (window.virtdeck) {
      const { launched } = await api().consoles.launchViewer({ ref: target, type });
      if (launched) return;
    }
    const file = await api().consoles.viewerFile({ ref: target, type });
    const url = URL.createObjectURL(new Blob([file.content], { type: 'application/x-virt-viewer' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = file.name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (err) {
    notifyError(i18next.t('console.remoteViewerFailed', { name }), err);
  }
}
