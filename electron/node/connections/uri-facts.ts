// What a connection's URI says about where its host's files are.

/**
 * Whether paths are on another machine (any network transport counts, loopback ssh too: the
 * files are read by the far libvirtd, never by us) and whether it is a session daemon.
 */
export function uriFacts(uri: string): { remote: boolean; session: boolean } {
  const m = /^([a-z0-9]+)(\+[a-z0-9]+)?:\/\/([^/?]*)(\/[^?]*)?/i.exec(uri);
  return { remote: Boolean(m?.[2] || m?.[3]), session: (m?.[4] ?? '').startsWith('/session') };
}
