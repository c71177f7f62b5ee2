// Adding a remote host through the dialog, and losing it: sshd on loopback is stopped, the
// connection shows as disconnected, and it comes back by itself when sshd does.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName } from '../integration/native/support.js';
import { startApp, type App } from './support.js';

const PORT = 2222;

/** The listening sshd on PORT (started by test/support/host-setup.sh). */
function listenerPid(): number | null {
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      // sshd rewrites its title: "sshd: /usr/sbin/sshd -p 2222 ... [listener] ..."
      const cmd = readFileSync(`/proc/${e}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (/^sshd: \S*sshd .*-p 2222\b.*\[listener\]/.test(cmd)) return Number(e);
    } catch {
      // gone
    }
  }
  return null;
}

function stopSshd(): void {
  const pid = listenerPid();
  assert.ok(pid, 'sshd listens on 2222 (run test/support/host-setup.sh)');
  // Its own session processes first (they serve our connection), then the listener.
  spawnSync('pkill', ['-KILL', '-P', String(pid)]);
  process.kill(pid, 'SIGKILL');
}

function startSshd(): void {
  if (!listenerPid()) execFileSync('/usr/sbin/sshd', ['-p', String(PORT), '-o', 'ListenAddress=127.0.0.1']);
}

describe('a remote host over SSH (browser mode, Chromium)', () => {
  let app: App;
  let conn: libvirt.Connection;
  // Listed twice in Top: through the local connection and through ssh to the same machine.
  const both = uniqueName('verify-labels');
  before(async () => {
    conn = await libvirt.open(SYSTEM_URI);
    await conn.defineXML(tinyDomainXML(both, { graphics: 'none' }));
    app = await startApp();
  });
  after(async () => {
    startSshd();
    await app?.close();
    await purgeDomain(conn, both);
    await conn.close();
  });

  it('refuses a host that ssh would read as an option, in the dialog', async () => {
    const p = app.page;
    await p.getByRole('button', { name: 'Add Connection…' }).click();
    const dialog = p.getByRole('dialog', { name: 'Add Connection' });
    await dialog.getByLabel('Hypervisor', { exact: true }).selectOption({ label: 'QEMU/KVM on a remote host over SSH' });
    await dialog.getByLabel('Host', { exact: true }).fill('-oProxyCommand=touch /tmp/pwned');
    await dialog.getByRole('alert').filter({ hasText: 'must not start with "-"' }).waitFor();
    assert.equal(await dialog.getByRole('button', { name: 'Add', exact: true }).isDisabled(), true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('adds qemu+ssh to the loopback sshd through the dialog and lists its VMs', async () => {
    const p = app.page;
    await p.getByRole('button', { name: 'Add Connection…' }).click();
    const dialog = p.getByRole('dialog', { name: 'Add Connection' });
    await dialog.getByLabel('Hypervisor', { exact: true }).selectOption({ label: 'QEMU/KVM on a remote host over SSH' });
    await dialog.getByLabel('User', { exact: true }).fill('root');
    await dialog.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await dialog.getByLabel('Port', { exact: true }).fill(String(PORT));
    await dialog.getByText(`qemu+ssh://root@127.0.0.1:${PORT}/system`).waitFor();
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    const conn = p.getByTestId(`connection-qemu+ssh://root@127.0.0.1:${PORT}/system`);
    await conn.getByText('Connected', { exact: true }).waitFor({ timeout: 30_000 });
    await conn.click({ position: { x: 24, y: 12 } }); // on its name: the card also holds the host page links
    await p.getByRole('grid').waitFor();
  });

  it('tells the local host and the same machine over ssh apart, in the sidebar and in Top (#17 item 11)', async () => {
    const p = app.page;
    const remote = `root@127.0.0.1:${PORT} · QEMU/KVM system`;
    const sidebar = [
      await p.getByTestId('connection-qemu:///system').locator('.conn-title .name').textContent(),
      await p.getByTestId(`connection-qemu+ssh://root@127.0.0.1:${PORT}/system`).locator('.conn-title .name').textContent(),
    ];
    assert.match(sidebar[0] ?? '', / · QEMU\/KVM system$/, 'the local host says its driver and instance');
    assert.equal(sidebar[1], remote, 'the ssh host says user@host:port');
    await p.getByRole('tab', { name: 'Top', exact: true }).click();
    const rows = p.getByTestId(`top-${both}`);
    await rows.nth(1).waitFor({ timeout: 30_000 });
    const hosts = await rows.evaluateAll((els) =>
      (els as unknown as { querySelector(s: string): { textContent: string | null } | null }[]).map((r) => r.querySelector('[role=gridcell]')?.textContent ?? ''),
    );
    assert.deepEqual([...hosts].sort(), [...sidebar].sort(), `Top's host column: ${hosts.join(' | ')}`);
    await p.getByRole('tab', { name: 'Virtual machines', exact: true }).click();
  });

  it('reorders connections with Alt+Up and by dragging; the order is kept', async () => {
    const p = app.page;
    const order = async () =>
      await p
        .getByRole('listbox', { name: 'Connections' })
        .getByRole('option')
        .evaluateAll((els) => (els as unknown as { getAttribute(n: string): string | null }[]).map((el) => el.getAttribute('data-testid')));
    const local = 'connection-qemu:///system';
    const remote = `connection-qemu+ssh://root@127.0.0.1:${PORT}/system`;
    assert.deepEqual(await order(), [local, remote]);
    await p.getByTestId(remote).focus();
    await p.keyboard.press('Alt+ArrowUp');
    const first = (testId: string) => p.locator(`[role=option]:first-child[data-testid="${testId}"]`);
    await first(remote).waitFor();
    await p.getByText(/Moved .* to position 1 of 2\./).waitFor({ state: 'attached' });
    assert.equal(await p.locator(':focus').getAttribute('data-testid'), remote, 'focus stays on the moved connection');
    await p.reload();
    await p.getByTestId(remote).waitFor();
    assert.deepEqual(await order(), [remote, local], 'the backend kept the order');
    await p.getByTestId(local).dragTo(p.getByTestId(remote));
    await first(local).waitFor();
    assert.deepEqual(await order(), [local, remote]);
  });

  it('shows the host disconnected when sshd stops, and reconnects by itself when it is back', async () => {
    const conn = app.page.getByTestId(`connection-qemu+ssh://root@127.0.0.1:${PORT}/system`);
    stopSshd();
    await conn.getByText('Disconnected', { exact: true }).waitFor({ timeout: 30_000 });
    assert.match((await conn.textContent()) ?? '', /closed the connection|stopped answering/);
    await app.page
      .getByRole('grid')
      .getByText(/Not connected|closed the connection|stopped answering/)
      .waitFor();
    startSshd();
    await conn.getByText('Connected', { exact: true }).waitFor({ timeout: 60_000 });
  });

  it('edits the connection’s label, then removes it after confirming', async () => {
    const p = app.page;
    const conn = p.getByTestId(`connection-qemu+ssh://root@127.0.0.1:${PORT}/system`);
    await conn.getByRole('button', { name: 'Edit…' }).click();
    const dialog = p.getByRole('dialog', { name: 'Edit Connection' });
    assert.equal(await dialog.getByLabel('URI', { exact: true }).inputValue(), `qemu+ssh://root@127.0.0.1:${PORT}/system`);
    await dialog.getByLabel('Label', { exact: true }).fill('Lab host');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await conn.getByText('Lab host', { exact: true }).waitFor();
    await conn.getByRole('button', { name: 'Remove' }).click();
    const confirm = p.getByRole('dialog', { name: 'Remove the connection to Lab host?' });
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await conn.waitFor({ state: 'detached' });
  });
});
