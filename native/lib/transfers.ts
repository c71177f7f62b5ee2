// Whole-file transfers and screenshots on top of Stream, never holding a file in memory.
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Domain } from './domain.js';
import type { StorageVolume } from './storage.js';

export interface TransferOptions {
  /** Called as bytes move: done so far, and the total when it is known. */
  onProgress?: (done: number, total: number | undefined) => void;
  signal?: AbortSignal;
}

function progress(total: number | undefined, onProgress: TransferOptions['onProgress']): Transform {
  let done = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      done += chunk.length;
      onProgress?.(done, total);
      cb(null, chunk);
    },
  });
}

/** Uploads a local file into the volume, from its start. Resolves to the bytes sent. */
export async function uploadFile(vol: StorageVolume, path: string, options: TransferOptions = {}): Promise<number> {
  const { size } = await stat(path);
  const stream = await vol.conn.newStream();
  try {
    await vol.upload(stream, 0, size);
  } catch (err) {
    await stream.abort().catch(() => undefined);
    throw err;
  }
  await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), progress(size, options.onProgress), stream, options.signal ? { signal: options.signal } : {});
  return size;
}

/** Downloads the whole volume into a local file. Resolves to the bytes received. */
export async function downloadFile(vol: StorageVolume, path: string, options: TransferOptions = {}): Promise<number> {
  const total = (await vol.info()).capacity;
  const stream = await vol.conn.newStream();
  try {
    await vol.download(stream);
  } catch (err) {
    await stream.abort().catch(() => undefined);
    throw err;
  }
  let bytes = 0;
  await pipeline(
    stream,
    progress(total, (done, t) => {
      bytes = done;
      options.onProgress?.(done, t);
    }),
    createWriteStream(path),
    options.signal ? { signal: options.signal } : {},
  );
  return bytes;
}

/** Captures one screen of a running domain. */
export async function screenshot(dom: Domain, screen = 0): Promise<{ mime: string; bytes: Buffer }> {
  const stream = await dom.conn.newStream();
  let mime: string;
  try {
    mime = await dom.screenshot(stream, screen);
  } catch (err) {
    await stream.abort().catch(() => undefined);
    throw err;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { mime, bytes: Buffer.concat(chunks) };
}
