// libvirt's size units (`<memory unit='MiB'>`, `<capacity unit='G'>`) as bytes per unit: one
// table for the backend's XML models and the editors that show the same sizes.

const MEMORY_UNITS: Record<string, number> = {
  b: 1,
  bytes: 1,
  k: 1024,
  kib: 1024,
  kb: 1000,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  mb: 1000 ** 2,
  g: 1024 ** 3,
  gib: 1024 ** 3,
  gb: 1000 ** 3,
  t: 1024 ** 4,
  tib: 1024 ** 4,
  tb: 1000 ** 4,
};

/** Bytes in one of libvirt's memory units (KiB when none is given), or undefined for an unknown unit. */
export function unitBytes(unit: string | undefined): number | undefined {
  return MEMORY_UNITS[(unit ?? 'KiB').toLowerCase()];
}
