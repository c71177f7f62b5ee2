// Browser mode's front door, attacked the ways a hostile page or network would: the server
// runs as its own process, as `npm run serve` starts it.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServe, type ServeProcess } from '../../support/serve-process.js';
import { openSocket } from '../../support/ws-client.js';

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('npm run serve', () => {
  let dir: string;
  let server: ServeProcess;
  let login: URL;
  let cookie = '';

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'virtdeck-serve-'));
    server = startServe(['--port', '0', '--config-dir', join(dir, 'config')]);
    login = new URL(await server.ready);
  });
  after(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('binds loopback and prints a one-time sign-in URL', () => {
    assert.equal(login.hostname, '127.0.0.1');
    assert.ok(Number(login.port) > 0);
    assert.match(login.searchParams.get('token') ?? '', /^[A-Za-z0-9_-]{40,}$/);
  });

  it('refuses a wrong token and requests without a session', async () => {
    const wrong = new URL(login);
    wrong.searchParams.set('token', 'x'.repeat(43));
    assert.equal((await get(wrong.href)).status, 403);
    assert.equal((await get(`${login.origin}/`)).status, 401);
  });

  it('trades the token once for an HttpOnly, SameSite=Strict cookie, and drops it from the URL', async () => {
    const r = await get(login.href);
    assert.equal(r.status, 303);
    assert.equal(r.headers.location, '/');
    const set = String(r.headers['set-cookie']);
    assert.match(set, /HttpOnly/);
    assert.match(set, /SameSite=Strict/);
    cookie = set.split(';')[0]!;
    assert.equal((await get(login.href)).status, 403, 'the token works once');
    const page = await get(`${login.origin}/`, { Cookie: cookie });
    assert.ok(page.status === 200 || page.status === 503, `with the session: ${page.status}`);
    assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);
  });

  it('answers malformed and escaping paths with 404 and keeps serving', async () => {
    for (const path of ['/%E0', '/%', '/%00index.html']) {
      assert.equal((await get(`${login.origin}${path}`, { Cookie: cookie })).status, 404, path);
    }
    for (const path of ['/..%2F..%2F..%2F..%2Fetc%2Fpasswd', '/../../../../etc/passwd', '/%2E%2E/%2E%2E/%2E%2E/etc/passwd']) {
      const r = await get(`${login.origin}${path}`, { Cookie: cookie });
      assert.ok(!r.body.includes('root:x:0:0'), `${path} stays inside the UI's directory`);
      assert.notEqual(r.status, 200, path);
    }
    const page = await get(`${login.origin}/`, { Cookie: cookie });
    assert.ok(page.status === 200 || page.status === 503, `still serving: ${page.status}`);
    assert.equal(server.child.exitCode, null);
  });

  it('refuses a foreign Host (DNS rebinding) over HTTP', async () => {
    assert.equal((await get(`${login.origin}/`, { Cookie: cookie, Host: `evil.example:${login.port}` })).status, 421);
  });

  it('refuses WebSockets from a foreign Origin, a foreign Host, or without the session', async () => {
    const api = `ws://${login.host}/api`;
    await assert.rejects(openSocket(api, [], { Cookie: cookie, Origin: 'https://evil.example' }), /HTTP 403/);
    await assert.rejects(openSocket(api, [], { Cookie: cookie, Origin: login.origin, Host: 'evil.example' }), /HTTP 421/);
    await assert.rejects(openSocket(api, [], { Origin: login.origin }), /HTTP 401/);
  });

  it('answers the contract over the WebSocket for its own page', async () => {
    const ws = await openSocket(`ws://${login.host}/api`, [], { Cookie: cookie, Origin: login.origin });
    const reply = new Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>((resolve) =>
      ws.on('message', (d: Buffer) => {
        const m = JSON.parse(d.toString()) as { t: string; id?: number; ok: boolean; value?: unknown; error?: { code: string } };
        if (m.t === 'result' && m.id === 1) resolve(m);
      }),
    );
    ws.send(JSON.stringify({ t: 'call', id: 1, method: 'connections.add', params: { spec: { uri: 'test:///default', autoconnect: false } } }));
    const r = await reply;
    assert.ok(r.ok, JSON.stringify(r));
    ws.close();
  });

  it('closes a WebSocket that sends an oversized message', async () => {
    const ws = await openSocket(`ws://${login.host}/api`, [], { Cookie: cookie, Origin: login.origin });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('x'.repeat(2 << 20));
    assert.equal(await closed, 1009);
    // The server lives on: a new socket still answers.
    const again = await openSocket(`ws://${login.host}/api`, [], { Cookie: cookie, Origin: login.origin });
    again.close();
    assert.equal(server.child.exitCode, null, 'the server is still running');
  });
});

describe('serve options', () => {
  it('refuses a non-loopback address without TLS', async () => {
    const s = startServe(['--listen', '0.0.0.0', '--port', '0']);
    s.ready.catch(() => undefined);
    const { code, err } = await s.exited;
    assert.equal(code, 2);
    assert.match(err, /refusing to listen on 0\.0\.0\.0 without --tls-cert and --tls-key/);
  });
});
