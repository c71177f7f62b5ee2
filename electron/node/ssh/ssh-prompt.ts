// Reading what `ssh` asks through SSH_ASKPASS: which kind of question, and which host it is
// about (from the argv libvirt gave that ssh).
import type { SshPrompt, SshTarget } from '../../common/api/connections.js';

export type SshQuestion = Pick<SshPrompt, 'kind' | 'message' | 'keyType' | 'fingerprint' | 'keyFile'>;

export function classifyPrompt(text: string): SshQuestion {
  const message = text.trim();
  if (/authenticity of host/i.test(message) && /continue connecting/i.test(message)) {
    const fp = /(\S+) key fingerprint is (\S+?)\.?$/m.exec(message);
    return { kind: 'host-key', message, ...(fp ? { keyType: fp[1]!, fingerprint: fp[2]! } : {}) };
  }
  const key = /^Enter passphrase for (?:key )?'?(.+?)'?:\s*$/m.exec(message);
  if (key) return { kind: 'passphrase', message, keyFile: key[1]! };
  if (/password:\s*$/i.test(message)) return { kind: 'password', message };
  return { kind: 'other', message };
}

/** The host, port and user of an ssh command line as libvirt builds it (`ssh -p P -l U ... -- HOST cmd`). */
export function targetOfSshArgv(argv: readonly string[]): SshTarget | null {
  const end = argv.indexOf('--');
  if (end < 0 || end + 1 >= argv.length) return null;
  const t: SshTarget = { host: argv[end + 1]! };
  for (let i = 1; i < end; i++) {
    const next = argv[i + 1];
    if (next === undefined) break;
    if (argv[i] === '-p') t.port = Number(next);
    else if (argv[i] === '-l') t.user = next;
    else if (argv[i] === '-i') t.keyFile = next;
    else continue;
    i++;
  }
  return t;
}

export function sameTarget(a: SshTarget, b: SshTarget): boolean {
  return a.host === b.host && (a.port ?? 22) === (b.port ?? 22) && (a.user ?? '') === (b.user ?? '');
}

export function describeTarget(t: SshTarget): string {
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  return `${t.user ? `${t.user}@` : ''}${host}${t.port && t.port !== 22 ? `:${t.port}` : ''}`;
}
