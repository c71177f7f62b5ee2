// Graph colours come from CSS variables (styles.css), chosen to read on both themes; canvases
// read them when they draw and redraw when the colour scheme changes.
const listeners = new Set<() => void>();
const media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
media?.addEventListener('change', () => {
  for (const l of listeners) l();
});

export function onThemeChange(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function cssColor(el: Element, name: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || '#888';
}
