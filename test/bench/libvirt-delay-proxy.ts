// A link with latency in front of libvirtd's unix socket, for benches of what the UI costs over
// a remote host: each chunk waits `oneWayMs` in each direction (in order), and the client's
// libvirt RPC packets (4-byte big-endian length, then the packet) are counted, so a bench can
// say how many round trips an operation took.
import { rm } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface DelayProxy {
  /** The socket to give libvirt: `qemu+unix:///system?socket=PATH`. */
  path: string;
  /** Calls the clients have sent (RPC packets towards libvirtd) since the start. */
  readonly requests: number;
  close(): Promise<void>;
}

/** Forwards `from` to `to` after `ms`, chunk by chunk, keeping their order. */
function delayed(from: Socket, to: Socket, ms: number, onData?: (chunk: Buffer) => void): void {
  from.on('data', (chunk: Buffer) => {
    onData?.(chunk);
    // Same delay for every chunk: timers due in order fire in order.
    setTimeout(() => to.write(chunk), ms);
  });
  from.on('end', () => setTimeout(() => to.end(), ms));
  from.on('error', () => to.destroy());
}

/** Counts RPC packets in a byte stream that may split or join them. */
function packetCounter(count: () => void): (chunk: Buffer) => void {
  let pending = Buffer.alloc(0);
  let need = -1;
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      if (need < 0) {
        if (pending.length < 4) return;
        need = pending.readUInt32BE(0);
      }
      if (pending.length < need) return;
      pending = pending.subarray(need);
      need = -1;
      count();
    }
  };
}

export async function startDelayProxy(path: string, oneWayMs: number, target = '/var/run/libvirt/libvirt-sock'): Promise<DelayProxy> {
  await rm(path, { force: true });
  let requests = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target);
    sockets.add(client).add(upstream);
    delayed(
      client,
      upstream,
      oneWayMs,
      packetCounter(() => requests++),
    );
    delayed(upstream, client, oneWayMs);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, resolve);
  });
  return {
    path,
    get requests() {
      return requests;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(path, { force: true });
    },
  };
}
