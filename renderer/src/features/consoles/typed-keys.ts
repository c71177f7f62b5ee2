// Text as X11 keysyms for a display that only takes key presses. Guests read scancodes, so a
// character that needs Shift on a US layout is sent with Shift held, as a keyboard would.
export interface TypedKey {
  keysym: number;
  shift: boolean;
}

const SHIFTED = new Set('~!@#$%^&*()_+{}|:"<>?');
const SPECIAL: Record<string, number> = { '\n': 0xff0d, '\r': 0xff0d, '\t': 0xff09, '\b': 0xff08 };
export const SHIFT_L = 0xffe1;

export function typedKeys(text: string): TypedKey[] {
  const keys: TypedKey[] = [];
  for (const ch of text.replace(/\r\n/g, '\n')) {
    const special = SPECIAL[ch];
    if (special !== undefined) keys.push({ keysym: special, shift: false });
    else {
      const cp = ch.codePointAt(0)!;
      if (cp < 0x20 || cp === 0x7f) continue; // other control characters have no key
      // Latin-1 keysyms equal their code points; the rest are 0x01000000 + code point.
      const keysym = cp <= 0xff ? cp : 0x01000000 + cp;
      keys.push({ keysym, shift: (ch >= 'A' && ch <= 'Z') || SHIFTED.has(ch) });
    }
  }
  return keys;
}
