// The other end of SSH_ASKPASS: a Unix socket in a private directory (0700, created per run)
// that only this user can open. Each question must carry the current token from the 0600
// token file; a token answers one question only and is replaced the moment it is used, so a
// token read earlier (or by a stale helper) is worth nothing. The answer comes from the UI.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ASKPASS_CLIENT_SOURCE } from './askpass-client.js';

const MAX_QUESTION = 64 * 1024;

const Question = z.strictObject({
  token: z.string().max(128),
  prompt: z.string().max(16 * 1024),
  ssh: z.array(z.string().max(4096)).max(256),
  hint: z.string().max(64),
});
export type AskpassQuestion = Omit<z.infer<typeof Question>, 'token'>;

/** Answers a question; resolves null to refuse or cancel. `gone` aborts when the helper exits. */
export type AskpassHandler = (q: AskpassQuestion, gone: AbortSignal) => Promise<string | null>;

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export class AskpassBroker {
  #token = '';
  readonly #used = new Set<string>();
  #rotating: Promise<void> = Promise.resolve();

  private constructor(
    readonly dir: string,
    /** The executable to put in SSH_ASKPASS. */
    readonly command: string,
    private readonly server: Server,
    private readonly log: (msg: string) => void,
  ) {}

  static async start(handler: AskpassHandler, log: (msg: string) => void = () => {}, runtime = process.env.XDG_RUNTIME_DIR): Promise<AskpassBroker> {
    const dir = await mkdtemp(join(runtime || tmpdir(), 'virtdeck-askpass-'));
    await chmod(dir, 0o700);
    const client = join(dir, 'askpass-client.cjs');
    const command = join(dir, 'askpass');
    await writeFile(client, ASKPASS_CLIENT_SOURCE, { mode: 0o600 });
    // ELECTRON_RUN_AS_NODE makes the Electron binary behave as Node; plain Node ignores it.
    await writeFile(command, `#!/bin/sh\nELECTRON_RUN_AS_NODE=1 exec ${shellQuote(process.execPath)} ${shellQuote(client)} "$@"\n`, { mode: 0o700 });
    const server = createServer();
    const broker = new AskpassBroker(dir, command, server, log);
    await broker.#rotate();
    server.on('connection', (sock) => broker.#serve(sock, handler));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(join(dir, 'sock'), () => resolve());
    });
    await chmod(join(dir, 'sock'), 0o600);
    return broker;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await rm(this.dir, { recursive: true, force: true });
  }

  #rotate(): Promise<void> {
    const token = randomBytes(32).toString('base64url');
    this.#token = token;
    const file = join(this.dir, 'token');
    const tmp = `${file}.${token.slice(0, 8)}`;
    this.#rotating = this.#rotating.then(async () => {
      await writeFile(tmp, token, { mode: 0o600 });
      await rename(tmp, file);
    });
    return this.#rotating;
  }

  #takeToken(token: string): 'ok' | 'stale' | 'refused' {
    const want = Buffer.from(this.#token);
    const got = Buffer.from(token);
    if (want.length === got.length && timingSafeEqual(want, got)) {
      this.#used.add(token);
      void this.#rotate();
      return 'ok';
    }
    return this.#used.has(token) ? 'stale' : 'refused';
  }

  #serve(sock: Socket, handler: AskpassHandler): void {
    const gone = new AbortController();
    let buf = '';
    let asked = false;
    const reply = (v: object) => {
      if (!sock.destroyed) sock.end(`${JSON.stringify(v)}\n`);
    };
    sock.setEncoding('utf8');
    sock.on('close', () => gone.abort());
    sock.on('error', () => gone.abort());
    sock.on('data', (d: string) => {
      if (asked) return;
      buf += d;
      if (buf.length > MAX_QUESTION) return sock.destroy();
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      asked = true;
      let parsed: z.infer<typeof Question>;
      try {
        parsed = Question.parse(JSON.parse(buf.slice(0, nl)));
      } catch {
        this.log('askpass: refused a malformed question');
        return reply({ refused: true });
      }
      const { token, ...question } = parsed;
      const verdict = this.#takeToken(token);
      if (verdict === 'stale') return reply({ stale: true });
      if (verdict === 'refused') {
        this.log('askpass: refused a question with a wrong token');
        return reply({ refused: true });
      }
      handler(question, gone.signal).then(
        (answer) => reply(answer === null ? { refused: true } : { answer }),
        (err: unknown) => {
          this.log(`askpass: ${(err as Error).message}`);
          reply({ refused: true });
        },
      );
    });
  }
}
