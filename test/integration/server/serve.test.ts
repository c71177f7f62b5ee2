// Browser mode's front door, attacked the ways a hostile page or network would: the server
// runs as its own process, as `npm run serve` starts it.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { hostname, networkInterfaces } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebSocket } from 'ws';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../native/support.js';
import { startServe, type ServeProcess } from '../../support/serve-process.js';
import { API_PROTOCOL, SESSION_PROTOCOL_PREFIX } from '../../../electron/common/rpc/session-protocol.js';
import { openSocket, signIn, type Signed } from '../../support/ws-client.js';

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
  let protocols: string[] = [];

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

  it('serves the sign-in page, whose script trades the token once for a secret and an HttpOnly, SameSite=Strict cookie', async () => {
    const page = await get(login.href);
    assert.ok(page.status === 200 || page.status === 503, `the sign-in page: ${page.status}`);
    assert.equal(page.headers['set-cookie'], undefined, 'loading the link alone signs nobody in');
    const signed: Signed = await signIn(login.href);
    cookie = signed.cookie;
    protocols = signed.protocols;
    assert.match(cookie, /^virtdeck_session=[A-Za-z0-9_-]{40,}$/);
    await assert.rejects(signIn(login.href), /HTTP 403/, 'the token works once');
    assert.equal((await get(login.href)).status, 403, 'the used link no longer serves the page');
    const again = await get(`${login.origin}/`, { Cookie: cookie });
    assert.ok(again.status === 200 || again.status === 503, `with the cookie: ${again.status}`);
    assert.match(String(again.headers['content-security-policy']), /default-src 'self'/);
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

  it('refuses WebSockets from a foreign Origin, a foreign Host, or without the session secret (the cookie alone opens nothing)', async () => {
    const api = `ws://${login.host}/api`;
    await assert.rejects(openSocket(api, protocols, { Cookie: cookie, Origin: 'https://evil.example' }), /HTTP 403/);
    await assert.rejects(openSocket(api, protocols, { Cookie: cookie, Origin: login.origin, Host: 'evil.example' }), /HTTP 421/);
    await assert.rejects(openSocket(api, [], { Cookie: cookie, Origin: login.origin }), /HTTP 401/, 'the cookie alone');
    await assert.rejects(openSocket(api, [API_PROTOCOL], { Cookie: cookie, Origin: login.origin }), /HTTP 401/, 'the cookie and the API protocol');
    await assert.rejects(openSocket(api, [API_PROTOCOL, `${SESSION_PROTOCOL_PREFIX}${'A'.repeat(43)}`], { Cookie: cookie, Origin: login.origin }), /HTTP 401/, 'a made-up secret');
  });

  it('answers the contract over the WebSocket for its own page, naming only the API protocol', async () => {
    const ws = await openSocket(`ws://${login.host}/api`, protocols, { Origin: login.origin });
    assert.equal(ws.protocol, API_PROTOCOL, 'the secret is never echoed');
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
    const ws = await openSocket(`ws://${login.host}/api`, protocols, { Origin: login.origin });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('x'.repeat(2 << 20));
    assert.equal(await closed, 1009);
    // The server lives on: a new socket still answers.
    const again = await openSocket(`ws://${login.host}/api`, protocols, { Origin: login.origin });
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

/** Lines the server writes to stdout (sign-in links) and stderr (its log), as they come. */
function watchOutput(s: ServeProcess): { links: string[]; log: string[] } {
  const out = { links: [] as string[], log: [] as string[] };
  s.child.stdout!.on('data', (d: Buffer) => {
    for (const m of d.toString().matchAll(/^Virtdeck is listening at (\S+)$/gm)) out.links.push(m[1]!);
  });
  s.child.stderr!.on('data', (d: Buffer) =>
    out.log.push(
      ...d
        .toString()
        .split('\n')
        .filter((l) => l !== ''),
    ),
  );
  return out;
}

/** The socket's close code; a socket still open after `withinMs` fails the test instead of hanging it. */
function closeCode(ws: WebSocket, withinMs = 20_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the socket was still open after ${withinMs / 1000} s`)), withinMs);
    ws.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('browser-mode sessions', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'virtdeck-session-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('Sign out ends the session: its sockets close, its secret opens nothing, and a new link is printed that works', async () => {
    const s = startServe(['--port', '0', '--config-dir', join(dir, 'a')]);
    const out = watchOutput(s);
    try {
      const login = new URL(await s.ready);
      const signed = await signIn(login.href);
      const ws = await openSocket(`ws://${login.host}/api`, signed.protocols, { Origin: login.origin });
      const closed = closeCode(ws);
      const secret = signed.protocols[1]!.slice(SESSION_PROTOCOL_PREFIX.length);
      const r = await new Promise<number>((resolve, reject) =>
        request(`${login.origin}/session/end`, { method: 'POST', headers: { Origin: login.origin, Authorization: `Bearer ${secret}` } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        })
          .on('error', reject)
          .end(),
      );
      assert.equal(r, 204);
      assert.equal(await closed, 4001, 'the open socket is closed');
      await assert.rejects(openSocket(`ws://${login.host}/api`, signed.protocols, { Origin: login.origin }), /HTTP 401/);
      assert.equal((await get(`${login.origin}/`, { Cookie: signed.cookie })).status, 401, 'the cookie no longer gates anything open');
      await waitFor('a new sign-in link', () => out.links.length >= 2, 10_000);
      const again = await signIn(out.links.at(-1)!);
      (await openSocket(`ws://${login.host}/api`, again.protocols, { Origin: login.origin })).close();
    } finally {
      await s.stop();
    }
  });

  it('ends a session at its maximum age and one left idle, closing its sockets', async () => {
    const s = startServe(['--port', '0', '--config-dir', join(dir, 'b'), '--session-max', '3', '--session-idle', '1']);
    const out = watchOutput(s);
    try {
      const login = new URL(await s.ready);
      const signed = await signIn(login.href);
      const ws = await openSocket(`ws://${login.host}/api`, signed.protocols, { Origin: login.origin });
      // Open, the session is not idle; it still ends at its maximum age.
      assert.equal(await closeCode(ws), 4001);
      await assert.rejects(openSocket(`ws://${login.host}/api`, signed.protocols, { Origin: login.origin }), /HTTP 401/);
      await waitFor('a new sign-in link', () => out.links.length >= 2, 10_000);
      // Signed in again and left without a socket: idle after a second.
      const idle = await signIn(out.links.at(-1)!);
      await waitFor('the idle session ended', () => out.log.some((l) => /session ended \(the session was idle\)/.test(l)), 10_000);
      await assert.rejects(openSocket(`ws://${login.host}/api`, idle.protocols, { Origin: login.origin }), /HTTP 401/);
    } finally {
      await s.stop();
    }
  });

  it('logs only a few refused upgrades a minute, however many come', async () => {
    const s = startServe(['--port', '0', '--config-dir', join(dir, 'c')]);
    const out = watchOutput(s);
    try {
      const login = new URL(await s.ready);
      for (let i = 0; i < 100; i++) await assert.rejects(openSocket(`ws://${login.host}/api`, [], { Origin: 'https://evil.example' }), /HTTP 403/);
      // The server answered all of them; a 101st from the same client shows it is still up.
      await assert.rejects(openSocket(`ws://${login.host}/api`, [], { Origin: login.origin }), /HTTP 401/);
      const logged = out.log.filter((l) => l.includes('refused a WebSocket')).length;
      assert.ok(logged <= 10, `${logged} refusals logged one by one`);
    } finally {
      await s.stop();
    }
  });
});

describe('serve --listen 0.0.0.0 with TLS', () => {
  it('prints a URL with an address of this machine and admits its addresses and name, but no other Host', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'virtdeck-tls-'));
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=virtdeck-test'], { stdio: 'ignore' });
    const s = startServe(['--listen', '0.0.0.0', '--port', '0', '--config-dir', join(dir, 'config'), '--tls-cert', cert, '--tls-key', key]);
    try {
      const login = new URL(await s.ready);
      assert.equal(login.protocol, 'https:');
      assert.notEqual(login.hostname, '0.0.0.0', 'a URL a browser can open');
      const mine = Object.values(networkInterfaces()).flatMap((l) => (l ?? []).map((a) => a.address));
      assert.ok(mine.includes(login.hostname), `${login.hostname} is an address of this machine (${mine.join(', ')})`);
      const viaTls = (host: string, path = login.pathname + login.search) =>
        new Promise<number>((resolve, reject) =>
          httpsRequest({ host: '127.0.0.1', port: Number(login.port), path, headers: { Host: host }, rejectUnauthorized: false }, (res) => {
            res.resume();
            resolve(res.statusCode!);
          })
            .on('error', reject)
            .end(),
        );
      const page = await viaTls(login.host);
      assert.ok(page === 200 || page === 503, `the printed link opens the sign-in page: ${page}`);
      assert.equal(await viaTls(`${hostname()}:${login.port}`, '/'), 401, 'the machine’s name is admitted (and asks for sign-in)');
      assert.equal(await viaTls(`127.0.0.1:${login.port}`, '/'), 401, 'loopback is one of its addresses');
      assert.equal(await viaTls(`evil.example:${login.port}`, '/'), 421, 'another name (DNS rebinding) is refused');
    } finally {
      await s.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
