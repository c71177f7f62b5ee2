// Device classes by kind; kinds Virtdeck does not map are plain Devices (read, kept, removable).
import { Channel, Console, Parallel, Serial } from './char.js';
import { Controller } from './controller.js';
import { type Device } from './device.js';
import { Disk } from './disk.js';
import { Filesystem } from './filesystem.js';
import { Graphics } from './graphics.js';
import { Hostdev, Redirdev } from './hostdev.js';
import { Input } from './input.js';
import { Interface } from './interface.js';
import { Sound } from './sound.js';
import { Memballoon, Panic, Rng, Smartcard, Tpm, Vsock, Watchdog } from './small.js';
import { Video } from './video.js';

export { DEVICE_KINDS, Device, type DeviceKind } from './device.js';
export { Channel, CharDevice, Console, Parallel, Serial } from './char.js';
export { Controller, Disk, Filesystem, Graphics, Hostdev, Input, Interface, Memballoon, Panic, Redirdev, Rng, Smartcard, Sound, Tpm, Video, Vsock, Watchdog };

export const DEVICE_CLASSES = {
  disk: Disk,
  controller: Controller,
  filesystem: Filesystem,
  interface: Interface,
  smartcard: Smartcard,
  serial: Serial,
  parallel: Parallel,
  console: Console,
  channel: Channel,
  input: Input,
  tpm: Tpm,
  graphics: Graphics,
  sound: Sound,
  video: Video,
  hostdev: Hostdev,
  redirdev: Redirdev,
  watchdog: Watchdog,
  memballoon: Memballoon,
  rng: Rng,
  panic: Panic,
  vsock: Vsock,
} as const;

export type MappedKind = keyof typeof DEVICE_CLASSES;
export type DeviceOf<K extends string> = K extends MappedKind ? InstanceType<(typeof DEVICE_CLASSES)[K]> : Device;

export function isMappedKind(kind: string): kind is MappedKind {
  return kind in DEVICE_CLASSES;
}
