// A network install's boot files, found in an install tree as virt-install finds them (the
// OS's osinfo <tree> paths first, then the layouts of the common distributions), fetched over
// HTTP(S) and written into a pool's volumes through libvirt's stream, so a remote host gets
// them the same way. Only what the user typed is fetched; every failure says what to check.
import type * as libvirt from 'virtdeck/native';
import { ApiError } from '../../common/api/errors.js';
import { msg } from '../../common/messages/messages.js';
import { uploadBytes, volumeXml } from './storage.js';

export interface TreePaths {
  kernel: string;
  initrd: string;
}

/** virt-install's urldetect layouts (kernel, initrd) for x86_64 trees. */
export const COMMON_TREE_PATHS: readonly TreePaths[] = [
  // Debian and Ubuntu (legacy) netboot trees, and a Debian ISO's tree
  { kernel: 'main/installer-amd64/current/images/netboot/debian-installer/amd64/linux', initrd: 'main/installer-amd64/current/images/netboot/debian-installer/amd64/initrd.gz' },
  { kernel: 'install.amd/vmlinuz', initrd: 'install.amd/initrd.gz' },
  // Fedora, RHEL, CentOS and their derivatives (treeinfo's images-x86_64)
  { kernel: 'images/pxeboot/vmlinuz', initrd: 'images/pxeboot/initrd.img' },
  // openSUSE and SLES
  { kernel: 'boot/x86_64/loader/linux', initrd: 'boot/x86_64/loader/initrd' },
  // Ubuntu live server trees
  { kernel: 'casper/vmlinuz', initrd: 'casper/initrd' },
];

/** The URL of an install tree, refused unless http or https (the only schemes fetched here). */
export function treeUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ApiError('invalid-input', msg('installTree.notUrl', { text }));
  }
  if (url.protocol === 'ftp:') throw new ApiError('invalid-input', msg('installTree.ftp'));
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ApiError('invalid-input', msg('installTree.scheme', { scheme: url.protocol.replace(':', '') }));
  if (url.username || url.password) throw new ApiError('invalid-input', msg('installTree.credentials'));
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** The layouts to try: the ones given or the OS's first, then the common ones. */
export function candidatePaths(given: Partial<TreePaths>, os?: TreePaths): TreePaths[] {
  const first = given.kernel && given.initrd ? [{ kernel: given.kernel, initrd: given.initrd }] : os ? [os] : [];
  const seen = new Set<string>();
  return [...first, ...COMMON_TREE_PATHS].filter((p) => {
    const k = `${p.kernel}\n${p.initrd}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

export interface FetchOptions {
  signal: AbortSignal;
  /** Bytes of the current file received, of its total when known. */
  onProgress(file: 'kernel' | 'initrd', done: number, total: number | undefined): void;
}

const LIMIT = 2 * 1024 ** 3;

async function get(url: URL, o: FetchOptions, file: 'kernel' | 'initrd'): Promise<Buffer | null> {
  let res: Response;
  try {
    res = await fetch(url, { signal: o.signal, redirect: 'follow' });
  } catch (err) {
    if (o.signal.aborted) throw new ApiError('invalid-input', msg('installTree.cancelled'));
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new ApiError('operation-failed', msg('installTree.unreachable', { host: url.host, detail: cause?.code ?? cause?.message ?? (err as Error).message }));
  }
  if (res.status === 404 || res.status === 410) {
    await res.body?.cancel();
    return null;
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new ApiError('operation-failed', msg('installTree.httpStatus', { url: url.href, status: res.status, statusText: res.statusText }));
  }
  const total = Number(res.headers.get('content-length')) || undefined;
  if (total && total > LIMIT) throw new ApiError('invalid-input', msg('installTree.tooSmall', { url: url.href, bytes: total }));
  const chunks: Buffer[] = [];
  let done = 0;
  for await (const chunk of (res.body ?? []) as AsyncIterable<Uint8Array>) {
    chunks.push(Buffer.from(chunk));
    done += chunk.byteLength;
    if (done > LIMIT) throw new ApiError('invalid-input', msg('installTree.tooLarge', { url: url.href }));
    o.onProgress(file, done, total);
  }
  return Buffer.concat(chunks);
}

/** The kernel and initrd of the first layout the tree has, as bytes. */
export async function fetchBootFiles(base: URL, candidates: TreePaths[], o: FetchOptions): Promise<{ kernel: Buffer; initrd: Buffer; paths: TreePaths }> {
  for (const paths of candidates) {
    const kernel = await get(new URL(paths.kernel, base), o, 'kernel');
    if (!kernel) continue;
    const initrd = await get(new URL(paths.initrd, base), o, 'initrd');
    if (!initrd) throw new ApiError('operation-failed', msg('installTree.noInitrd', { base: base.href, kernel: paths.kernel, initrd: paths.initrd }));
    return { kernel, initrd, paths };
  }
  throw new ApiError('invalid-input', msg('installTree.noKernel', { base: base.href, paths: candidates.map((c) => c.kernel).join(', ') }));
}

/** Writes a boot file into a new volume `name` of the pool; returns the volume. */
export async function storeBootFile(pool: libvirt.StoragePool, name: string, data: Buffer): Promise<libvirt.StorageVolume> {
  const vol = await pool.createXML(volumeXml(name, data.length, 'raw'));
  try {
    await uploadBytes(vol, data);
  } catch (err) {
    await vol.delete().catch(() => undefined);
    throw err;
  }
  return vol;
}
