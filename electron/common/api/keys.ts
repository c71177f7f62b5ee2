// Key combinations a user can send to a VM from the console's Send Key menu (as virt-manager
// offers them): sent through libvirt, so they reach any display, or none.
export const KEY_COMBOS = ['ctrl-alt-del', 'ctrl-alt-backspace', ...Array.from({ length: 12 }, (_, i) => `ctrl-alt-f${i + 1}` as const), 'printscreen', 'alt-sysrq'] as const;
export type KeyCombo = (typeof KEY_COMBOS)[number];
