// A shell on the tiny guest's serial port through libvirt's console stream: type commands,
// or run one and read what it printed (between markers the terminal's echo cannot fake).
import * as libvirt from 'virtdeck/native';
import { waitFor } from '../integration/native/support.js';
import { PROMPT } from './tiny-guest.js';

export interface GuestShell {
  /** Types one command, once (a guest going to sleep must not get it twice). */
  type(command: string): void;
  /** Runs a command and resolves to its output (trimmed). */
  run(command: string, timeoutMs?: number): Promise<string>;
  close(): void;
}

export async function guestShell(dom: libvirt.Domain, conn: libvirt.Connection): Promise<GuestShell> {
  const stream = await conn.newStream();
  await dom.openConsole('serial0', stream, libvirt.DomainConsoleFlags.FORCE);
  let out = '';
  stream.on('data', (b: Buffer) => (out += b.toString()));
  stream.on('error', () => undefined);
  stream.resume();
  // The prompt may have been printed before we attached: ask for a fresh one until it shows.
  let last = 0;
  await waitFor(
    'the guest’s shell prompt',
    () => {
      if (out.includes(PROMPT)) return true;
      if (Date.now() - last > 3000) {
        last = Date.now();
        stream.write('\n');
      }
      return false;
    },
    120_000,
    200,
  );
  let serial = 0;
  return {
    type: (command) => void stream.write(`${command}\n`),
    async run(command, timeoutMs = 60_000) {
      const n = ++serial;
      const from = out.length;
      // The quotes split the markers in the echoed command line, so only the output matches.
      stream.write(`echo "@@beg""in${n}@@"; ${command}; echo "@@e""nd${n}@@"\n`);
      const re = new RegExp(`@@begin${n}@@\\r?\\n([\\s\\S]*?)@@end${n}@@`);
      // Boxed: an empty answer is an answer, not a reason to wait on.
      const found = await waitFor(
        `the guest’s answer to ${command}`,
        () => {
          const m = re.exec(out.slice(from));
          return m ? { text: (m[1] ?? '').replace(/\r/g, '').trim() } : null;
        },
        timeoutMs,
        100,
      );
      return found.text;
    },
    close: () => stream.destroy(),
  };
}
