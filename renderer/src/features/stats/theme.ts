// Graph colours come from CSS variables (styles.css), chosen to read on both themes; canvases
// read them when they draw and redraw when the colour scheme changes.
import { Emitter, type Unsubscribe } from '../../../../electron/common/events/emitter.js';

const themeChanged = new Emitter<void>();
const media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
media?.addEventListener('change', () => themeChanged.emit());

export function onThemeChange(l: () => void): Unsubscribe {
  return themeChanged.on(l);
}

export function cssColor(el: Element, name: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || '#888';
}
