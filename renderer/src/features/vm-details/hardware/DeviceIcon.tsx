// Small line icons for the hardware list, after the freedesktop icons virt-manager shows
// (drive-harddisk, media-optical, network-idle, video-display…); drawn in the text colour, so
// they follow the theme. Decorative: the item's label names it.
import type { ReactNode } from 'react';
import type { IconName } from './device-list.js';

const SHAPES: Record<IconName, ReactNode> = {
  cpu: (
    <>
      <rect x="7" y="7" width="10" height="10" rx="1" />
      <path d="M10 3v4M14 3v4M10 17v4M14 17v4M3 10h4M3 14h4M17 10h4M17 14h4" />
    </>
  ),
  memory: (
    <>
      <rect x="3" y="7" width="18" height="9" rx="1" />
      <path d="M7 16v3M11 16v3M15 16v3M19 16v3M7 10v3M11 10v3M15 10v3" />
    </>
  ),
  boot: <path d="M12 3v8M7.5 6.5a7 7 0 1 0 9 0" />,
  disk: (
    <>
      <rect x="3" y="6" width="18" height="12" rx="2" />
      <path d="M3 13h18" />
      <circle cx="17" cy="15.5" r="0.8" />
    </>
  ),
  cdrom: (
    <>
      <circle cx="12" cy="12" r="9" />
      <circle cx="12" cy="12" r="2.5" />
    </>
  ),
  floppy: (
    <>
      <path d="M4 4h13l3 3v13H4z" />
      <path d="M8 4v5h8V4M8 20v-6h8v6" />
    </>
  ),
  nic: (
    <>
      <rect x="4" y="9" width="16" height="11" rx="1" />
      <path d="M8 9V6h8v3M8 20v-3M12 20v-3M16 20v-3" />
    </>
  ),
  keyboard: (
    <>
      <rect x="2" y="6" width="20" height="12" rx="2" />
      <path d="M6 10h1M10 10h1M14 10h1M18 10h0.5M7 14h10" />
    </>
  ),
  mouse: (
    <>
      <rect x="7" y="3" width="10" height="18" rx="5" />
      <path d="M12 3v6" />
    </>
  ),
  tablet: (
    <>
      <rect x="4" y="3" width="16" height="18" rx="2" />
      <path d="M9 17l6-6" />
    </>
  ),
  display: (
    <>
      <rect x="3" y="4" width="18" height="12" rx="1" />
      <path d="M12 16v4M8 20h8" />
    </>
  ),
  sound: <path d="M4 9h4l5-4v14l-5-4H4zM16 9a4 4 0 0 1 0 6M18.5 6.5a8 8 0 0 1 0 11" />,
  serial: (
    <>
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <path d="M7 9l3 3-3 3M12 15h5" />
    </>
  ),
  usb: (
    <>
      <path d="M12 3v15M12 7l-4 3v2M12 9l4 3v1" />
      <circle cx="12" cy="19.5" r="1.5" />
      <rect x="6.8" y="12" width="2.4" height="2" />
      <circle cx="16" cy="14" r="1" />
    </>
  ),
  pci: (
    <>
      <rect x="3" y="5" width="18" height="11" rx="1" />
      <path d="M6 16v3h4v-3M12 16v3h6v-3M7 9h5v3H7z" />
    </>
  ),
  folder: <path d="M3 6h6l2 2h10v11H3z" />,
  chip: (
    <>
      <rect x="6" y="6" width="12" height="12" rx="2" />
      <circle cx="12" cy="12" r="2" />
      <path d="M9 3v3M15 3v3M9 18v3M15 18v3" />
    </>
  ),
};

export function DeviceIcon(props: { name: IconName }) {
  return (
    <svg
      className="hw-icon"
      viewBox="0 0 24 24"
      width="20"
      height="20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {SHAPES[props.name]}
    </svg>
  );
}
