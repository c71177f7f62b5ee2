// Pure helpers of the graphs' scales (no DOM, no uPlot: unit-tested under Node).

/**
 * Axis ticks for sizes and rates at binary steps (1, 2, 4, 8, 16… of KiB, MiB…), so the labels
 * read "16 MiB", "32 MiB" rather than "49 MiB". `unit` is the size of the figure's unit in
 * bytes (1 for B/s, 1024 for KiB).
 */
export function binarySplits(max: number, unit: number, count = 4): number[] {
  if (!(max > 0)) return [0];
  const bytes = max * unit;
  let base = 1;
  while (bytes / base >= 1024 && base < 1024 ** 4) base *= 1024;
  const raw = bytes / base / count;
  // Halves and quarters of a unit too: 2 KiB reads 0, 512 B, 1 KiB, 1.5 KiB, 2 KiB.
  let step = 1 / 8;
  while (step < raw) step *= 2;
  if (step >= 1024) step = Math.ceil(raw);
  const stepUnits = (step * base) / unit;
  const out: number[] = [];
  for (let v = 0; v <= max + 1e-9; v += stepUnits) out.push(v);
  return out;
}
