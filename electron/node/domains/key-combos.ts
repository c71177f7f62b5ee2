// Linux input keycodes (linux/input-event-codes.h) of the Send Key menu's combinations.
import type { KeyCombo } from '../../common/api/keys.js';

const CTRL = 29;
const ALT = 56;
const F = [59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 87, 88];

export function keycodesOf(combo: KeyCombo): number[] {
  if (combo === 'ctrl-alt-del') return [CTRL, ALT, 111];
  if (combo === 'ctrl-alt-backspace') return [CTRL, ALT, 14];
  if (combo === 'printscreen') return [99];
  if (combo === 'alt-sysrq') return [ALT, 99];
  return [CTRL, ALT, F[Number(combo.slice('ctrl-alt-f'.length)) - 1]!];
}
