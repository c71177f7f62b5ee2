// The New VM wizard as a page object: open it, walk its steps by their visible labels,
// screenshot each step.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { artifacts } from './support.js';

export interface WizardWalk {
  source: 'Direct kernel boot' | 'Local install media (ISO image)' | 'Import existing disk image';
  fields: Record<string, string>;
  memoryMiB?: string;
  disk?: 'new' | 'none';
  sizeGiB?: string;
  name: string;
  network?: string;
  customize?: boolean;
  /** Under Advanced: the virtualization type's visible label. */
  virtType?: 'QEMU (TCG emulation)' | 'KVM (hardware virtualization)';
  /** Screenshot prefix (test-results/PREFIX-STEP.png); none when absent. */
  shots?: string;
}

export function wizard(page: Page): Locator {
  return page.getByRole('dialog', { name: /^New VM on / });
}

async function shot(page: Page, walk: WizardWalk, step: string): Promise<void> {
  if (walk.shots) await page.screenshot({ path: join(artifacts, `${walk.shots}-${step}.png`) });
}

/** Opens the wizard and walks it up to the last step (Finish not pressed). */
export async function walkWizard(page: Page, walk: WizardWalk): Promise<Locator> {
  const w = wizard(page);
  // A wizard left open by a failed step before is closed first (Escape cancels it).
  if (await w.isVisible()) {
    await page.keyboard.press('Escape');
    await w.waitFor({ state: 'detached' });
  }
  await page.getByRole('button', { name: 'New VM' }).click();
  await w.getByRole('combobox', { name: 'Install from' }).waitFor({ timeout: 30_000 });
  await w.getByRole('combobox', { name: 'Install from' }).selectOption({ label: walk.source });
  for (const [label, value] of Object.entries(walk.fields)) await w.getByRole('textbox', { name: label, exact: true }).fill(value);
  if (walk.virtType) {
    await w.getByText('Advanced').click();
    await w.getByRole('combobox', { name: 'Virtualization type' }).selectOption({ label: walk.virtType });
  }
  await shot(page, walk, '1-source');
  await w.getByRole('button', { name: 'Forward' }).click();
  await w.getByRole('group', { name: 'Operating system' }).waitFor();
  await shot(page, walk, '2-os');
  await w.getByRole('button', { name: 'Forward' }).click();
  await w.getByRole('group', { name: 'Memory and CPUs' }).waitFor();
  await w.getByRole('textbox', { name: 'Memory (MiB)' }).fill(walk.memoryMiB ?? '256');
  await w.getByRole('textbox', { name: 'CPUs' }).fill('1');
  await shot(page, walk, '3-resources');
  await w.getByRole('button', { name: 'Forward' }).click();
  await w.getByRole('group', { name: 'Storage' }).waitFor();
  if (walk.source !== 'Import existing disk image') {
    await w.getByRole('combobox', { name: 'Disk' }).selectOption(walk.disk ?? 'none');
    if (walk.sizeGiB) await w.getByRole('textbox', { name: 'Size (GiB)' }).fill(walk.sizeGiB);
  }
  await shot(page, walk, '4-storage');
  // Enter moves Forward as the button does.
  await w.getByRole('button', { name: 'Forward' }).focus();
  await page.keyboard.press('Enter');
  await w.getByRole('group', { name: 'Name and network' }).waitFor();
  await w.getByRole('textbox', { name: 'Name' }).fill(walk.name);
  await w.getByRole('combobox', { name: 'Network' }).selectOption(walk.network ?? 'none');
  if (walk.customize) await w.getByRole('checkbox', { name: 'Customize configuration before install' }).check();
  // The summary comes from the backend's preview.
  await w.getByText('Machine', { exact: true }).waitFor({ timeout: 30_000 });
  await shot(page, walk, '5-finish');
  return w;
}
