// Keys for a SPICE display, which takes PC scancodes (set 1), not keysyms. Text typed on the
// user's request is sent as a US keyboard would: characters that need Shift are sent with it.
export const SCAN = { LShift: 0x2a, LCtrl: 0x1d, LAlt: 0x38, KpDecimal: 0x53 } as const;

export interface ScanKey {
  code: number;
  shift: boolean;
}

const ROWS: [string, string, number][] = [
  // unshifted, shifted, scancode of the first key in the row
  ['1234567890-=', '!@#$%^&*()_+', 0x02],
  ['qwertyuiop[]', 'QWERTYUIOP{}', 0x10],
  ["asdfghjkl;'`", 'ASDFGHJKL:"~', 0x1e],
  ['\\zxcvbnm,./', '|ZXCVBNM<>?', 0x2b],
];
const KEYS = new Map<string, ScanKey>([
  [' ', { code: 0x39, shift: false }],
  ['\n', { code: 0x1c, shift: false }],
  ['\t', { code: 0x0f, shift: false }],
  ['\b', { code: 0x0e, shift: false }],
]);
for (const [plain, shifted, first] of ROWS) {
  for (let i = 0; i < plain.length; i++) {
    KEYS.set(plain[i]!, { code: first + i, shift: false });
    KEYS.set(shifted[i]!, { code: first + i, shift: true });
  }
}

/** The key presses for text; characters a US keyboard has no key for are left out. */
export function scanKeys(text: string): ScanKey[] {
  const keys: ScanKey[] = [];
  for (const ch of text.replace(/\r\n?/g, '\n')) {
    const k = KEYS.get(ch);
    if (k) keys.push(k);
  }
  return keys;
}
