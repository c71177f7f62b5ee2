// Saves the VM's screen, as libvirt captures it, as NAME-YYYYMMDD-HHMMSS.png.
import i18next from 'i18next';
import type { DomainRef } from '../../../../electron/common/api/domains.js';
import { api, notifyError } from '../../store/store.js';

export async function saveScreenshot(target: DomainRef, name: string): Promise<void> {
  try {
    const shot = await api().domains.screenshot({ ref: target });
    const bytes = Uint8Array.from(atob(shot.data), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: shot.mime }));
    const stamp = new Date().toISOString().replace(/\..*$/, '').replace(/[-:]/g, '').replace('T', '-');
    const a = document.createElement('a');
    a.href = url;
    a.download = `${name.replace(/[^A-Za-z0-9._-]+/g, '_')}-${stamp}.${shot.mime === 'image/png' ? 'png' : 'img'}`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (err) {
    notifyError(i18next.t('console.screenshotFailed', { name }), err);
  }
}
