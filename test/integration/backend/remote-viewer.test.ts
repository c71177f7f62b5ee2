// `Open in Remote Viewer` for real: the backend starts virt-viewer's remote-viewer (on an X
// server of the test's own, Xvfb) with the .vv file it wrote, and remote-viewer connects to
// the VM's display; without remote-viewer on PATH the backend says so instead.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import * as libvirt from 'virtdeck/native';
import { processes } from '../../support/processes.js';
import { connectionsTo } from '../../support/ssh-processes.js';
import { purgeDomain, SYSTEM_URI, tinyDomainXML, uniqueName } from '../native/support.js';
import { harness, waitFor, type Harness } from './support.js';

const DISPLAY = ':87';

describe('Open in Remote Viewer (real remote-viewer on Xvfb, real QEMU)', () => {
  let h: Harness;
  let conn: libvirt.Connection;
  let xvfb: ChildProcess;
  let ref: { connection: string; uuid: string };
  let port = 0;
  const name = uniqueName('viewer');
  const savedDisplay = process.env.DISPLAY;
  const viewers = () => processes().filter((p) => p.comm === 'remote-viewer');

  before(async () => {
    xvfb = spawn('Xvfb', [DISPLAY, '-nolisten', 'tcp', '-screen', '0', '1024x768x24'], { stdio: 'ignore' });
    await waitFor('Xvfb', () => existsSync(`/tmp/.X11-unix/X${DISPLAY.slice(1)}`), 30_000);
    process.env.DISPLAY = DISPLAY;
    conn = await libvirt.open(SYSTEM_URI);
    const dom = await conn.createXML(tinyDomainXML(name, { graphics: 'vnc' }));
    port = Number(/<graphics type='vnc' port='(\d+)'/.exec(await dom.XMLDesc(0))?.[1]);
    h = await harness({ askpass: false });
    const { id } = await h.client.api.connections.add({ spec: { uri: SYSTEM_URI, autoconnect: false } });
    await h.client.api.connections.open({ id });
    ref = { connection: id, uuid: await dom.UUIDString() };
  });
  after(async () => {
    for (const v of viewers()) process.kill(v.pid, 'SIGTERM');
    await h?.close();
    await purgeDomain(conn, name);
    await conn.close();
    xvfb?.kill();
    if (savedDisplay === undefined) delete process.env.DISPLAY;
    else process.env.DISPLAY = savedDisplay;
  });

  it('starts remote-viewer, which connects to the VM’s display', async () => {
    assert.deepEqual(await h.client.api.consoles.launchViewer({ ref }), { launched: true });
    const viewer = await waitFor('remote-viewer running', () => viewers()[0]);
    // It reached the display: a TCP connection from remote-viewer to the VNC port.
    await waitFor('remote-viewer connected to the display', () => connectionsTo(port).some((c) => c.startsWith(`${viewer.pid}:`)), 60_000);
  });

  it('says it is not installed when remote-viewer is not on PATH', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      assert.deepEqual(await h.client.api.consoles.launchViewer({ ref }), { launched: false });
    } finally {
      process.env.PATH = path;
    }
  });
});
