// The New VM wizard as a page object: open it, walk its steps by their visible labels,
// screenshot each step.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { waitFor } from '../integration/native/support.js';
import { artifacts } from './support.js';

export interface WizardWalk {
  source: 'Direct kernel boot' | 'Network install (URL of an install tree)' | 'Local install media (ISO image)' | 'Import existing disk image' | 'Cloud image with cloud-init';
  fields: Record<string, string>;
  /** Checks or changes on the Source step, after the fields are filled. */
  onSourceStep?: (w: Locator) => Promise<void>;
  /** A volume to choose in the Source step's pool picker, by its visible label. */
  pickVolume?: string;
  memoryMiB?: string;
  disk?: 'new' | 'none';
  sizeGiB?: string;
  name: string;
  network?: string;
  customize?: boolean;
  /** Under Advanced: the virtualization type's visible label. */
  virtType?: 'QEMU (TCG emulation)' | 'KVM (hardware virtualization)';
  /** Checks on the Operating system step, before Forward. */
  onOsStep?: (wizard: Locator) => Promise<void>;
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
  if (walk.pickVolume) {
    const picker = w.getByRole('combobox', { name: 'Volume', exact: true });
    await picker.locator('option', { hasText: walk.pickVolume }).waitFor({ state: 'attached', timeout: 30_000 });
    await picker.selectOption({ label: walk.pickVolume });
  }
  if (walk.virtType) {
    await w.getByText('Advanced').click();
    await w.getByRole('combobox', { name: 'Virtualization type' }).selectOption({ label: walk.virtType });
  }
  await walk.onSourceStep?.(w);
  await shot(page, walk, '1-source');
  await w.getByRole('button', { name: 'Forward' }).click();
  await w.getByRole('group', { name: 'Operating system' }).waitFor();
  await walk.onOsStep?.(w);
  await shot(page, walk, '2-os');
  await w.getByRole('button', { name: 'Forward' }).click();
  await w.getByRole('group', { name: 'Memory and CPUs' }).waitFor();
  await w.getByRole('textbox', { name: 'Memory (MiB)' }).fill(walk.memoryMiB ?? '256');
  await w.getByRole('textbox', { name: 'CPUs' }).fill('1');
  await shot(page, walk, '3-resources');
  await w.getByRole('button', { name: 'Forward' }).click();
  await w.getByRole('group', { name: 'Storage' }).waitFor();
  if (walk.source !== 'Import existing disk image') {
    if (walk.source !== 'Cloud image with cloud-init') await w.getByRole('combobox', { name: 'Disk' }).selectOption(walk.disk ?? 'none');
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

// The terminal's rows as text (xterm's DOM renderer). A string: tests have no DOM types.
const TERMINAL_TEXT = `document.querySelector('[data-testid=serial-terminal] .xterm-rows')?.innerText ?? ''`;

/**
 * Switches the open console of `name` to its serial console and types `command` until
 * `answer` shows on a line of its own (the guest may still be booting: it asks again).
 */
export async function askSerialConsole(page: Page, name: string, command: string, answer: string): Promise<void> {
  const view = page.getByRole('region', { name: `Console of ${name}` });
  await view.getByRole('button', { name: 'Serial Console' }).click();
  await view
    .getByRole('status')
    .filter({ hasText: /^Connected$/ })
    // Generous: on a loaded 2-core machine the page itself may be slow to paint the state.
    .waitFor({ timeout: 120_000 });
  await page.getByTestId('serial-terminal').click();
  let last = 0;
  await waitFor(
    `"${answer}" in the serial console of ${name}`,
    async () => {
      const text = await page.evaluate<string>(TERMINAL_TEXT);
      if (text.split('\n').some((line) => line.trim() === answer)) return true;
      if (Date.now() - last > 4000) {
        last = Date.now();
        await page.keyboard.type(`${command}\n`);
      }
      return false;
    },
    240_000,
    250,
  );
}
