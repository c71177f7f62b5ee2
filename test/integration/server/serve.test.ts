// Browser mode's front door, attacked the ways a hostile page or network would: the server
// runs as its own process, as `npm run serve` starts it.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function startServe(args: string[]): { child: ChildProcess; ready: Promise<string>; exited: Promise<{ code: number | null; err: string }> } {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'electron/server/main.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^Virtdeck is listening at (\S+)$/m.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before it was ready: ${err}`)));
  });
  const exited = new Promise<{ code: number | null; err: string }>((resolve) => child.once('exit', (code) => resolve({ code, err })));
  return { child, ready, exited };
}

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

function openSocket(url: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('npm run serve', () => {
  let dir: string;
  let server: ReturnType<typeof startServe>;
  let login: URL;
  let cookie = '';

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'virtdeck-serve-'));
    server = startServe(['--port', '0', '--config-dir', join(dir, 'config')]);
    login = new URL(await server.ready);
  });
  after(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
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

  it('refuses a foreign Host (DNS rebinding) over HTTP', async () => {
    assert.equal((await get(`${login.origin}/`, { Cookie: cookie, Host: `evil.example:${login.port}` })).status, 421);
  });

  it('refuses WebSockets from a foreign Origin, a foreign Host, or without the session', async () => {
    const api = `ws://${login.host}/api`;
    await assert.rejects(openSocket(api, { Cookie: cookie, Origin: 'https://evil.example' }), /HTTP 403/);
    await assert.rejects(openSocket(api, { Cookie: cookie, Origin: login.origin, Host: 'evil.example' }), /HTTP 421/);
    await assert.rejects(openSocket(api, { Origin: login.origin }), /HTTP 401/);
  });

  it('answers the contract over the WebSocket for its own page', async () => {
    const ws = await openSocket(`ws://${login.host}/api`, { Cookie: cookie, Origin: login.origin });
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
    const ws = await openSocket(`ws://${login.host}/api`, { Cookie: cookie, Origin: login.origin });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('x'.repeat(2 << 20));
    assert.equal(await closed, 1009);
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
