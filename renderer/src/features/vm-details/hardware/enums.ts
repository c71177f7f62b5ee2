// The values the hardware editors offer, mirrored from the XML model the backend checks them
// against (the renderer cannot import electron/node). Where a list here names a subset, it is
// the choices virt-manager offers; a definition holding another value still shows it.

/** electron/node/xml/domain.ts: cpuMode. */
export const CPU_MODES = ['host-passthrough', 'host-model', 'custom', 'maximum'] as const;

/** Buses a disk can move to (electron/node/xml/devices/disk.ts: targetBus is free text; virt-manager's list). */
export const DISK_BUSES = ['virtio', 'sata', 'scsi', 'usb', 'ide'] as const;
/** electron/node/xml/devices/disk.ts: driverCache, driverIo, driverDiscard. */
export const DISK_CACHES = ['none', 'writethrough', 'writeback', 'directsync', 'unsafe', 'default'] as const;
export const DISK_IOS = ['threads', 'native', 'io_uring'] as const;
export const DISK_DISCARDS = ['ignore', 'unmap'] as const;
/** Image formats a new disk may have (driver/@type, free text in the model). */
export const DISK_FORMATS = ['raw', 'qcow2'] as const;

/** electron/node/xml/devices/interface.ts: the types the NIC editor changes between (the model knows more). */
export const NIC_TYPES = ['network', 'bridge', 'direct', 'user'] as const;
export type NicType = (typeof NIC_TYPES)[number];
/** electron/node/xml/devices/interface.ts: sourceMode (macvtap). */
export const NIC_DIRECT_MODES = ['bridge', 'vepa', 'private', 'passthrough'] as const;
/** NIC models QEMU offers on x86 (model/@type, free text in the model; virt-manager's list). */
export const NIC_MODELS = ['virtio', 'e1000e', 'e1000', 'rtl8139', 'ne2k_pci', 'pcnet', 'vmxnet3'] as const;

/** electron/node/xml/devices/graphics.ts: the display types the editor changes between. */
export const GRAPHICS_TYPES = ['vnc', 'spice'] as const;

/** electron/node/xml/devices/video.ts: modelType. */
export const VIDEO_MODELS = ['vga', 'cirrus', 'vmvga', 'xen', 'vbox', 'qxl', 'virtio', 'gop', 'bochs', 'ramfb', 'none'] as const;
/** electron/node/xml/devices/sound.ts: model. */
export const SOUND_MODELS = ['ich9', 'ich6', 'ich7', 'ac97', 'es1370', 'sb16', 'pcspk', 'usb', 'ics2', 'virtio'] as const;

/** Device kinds that can take a place in the boot order (electron/node/domains/edit/plan.ts, bootOrder). */
export const BOOTABLE_KINDS = ['disk', 'interface', 'hostdev', 'redirdev'] as const;

/** The guest agent's channel name (QEMU's convention, libvirt's `virsh domfsinfo` and friends rely on it). */
export const GUEST_AGENT_CHANNEL = 'org.qemu.guest_agent.0';
