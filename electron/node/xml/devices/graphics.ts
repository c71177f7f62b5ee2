// <graphics>: a VNC or SPICE display (or another kind Virtdeck only reads).
import { bindProps, p } from '../binding.js';
import type { XmlElement } from '../document.js';
import { Device } from './device.js';

export class Graphics extends Device {
  declare type: string | undefined;
  declare port: number | undefined;
  declare tlsPort: number | undefined;
  declare autoport: boolean | undefined;
  declare listen: string | undefined;
  declare socket: string | undefined;
  declare passwd: string | undefined;
  declare keymap: string | undefined;
  declare websocket: number | undefined;
  declare listenType: string | undefined;
  declare listenAddress: string | undefined;
  declare listenSocket: string | undefined;
  declare glEnable: boolean | undefined;

  /** Every <listen> child (libvirt may list several). */
  get listens(): XmlElement[] {
    return this.el.elements('listen');
  }

  protected override childOrder(): readonly string[] {
    return ['listen', 'channel', 'image', 'jpeg', 'zlib', 'playback', 'streaming', 'clipboard', 'mouse', 'filetransfer', 'gl', 'audio'];
  }
}
bindProps(Graphics, [
  p.enum('type', './@type', ['vnc', 'spice', 'sdl', 'rdp', 'desktop', 'egl-headless', 'dbus']),
  p.int('port', './@port'),
  p.int('tlsPort', './@tlsPort'),
  p.bool('autoport', './@autoport'),
  p.str('listen', './@listen'),
  p.str('socket', './@socket'),
  p.str('passwd', './@passwd'),
  p.str('keymap', './@keymap'),
  p.int('websocket', './@websocket'),
  p.enum('listenType', './listen/@type', ['address', 'network', 'socket', 'none']),
  p.str('listenAddress', './listen/@address'),
  p.str('listenSocket', './listen/@socket'),
  p.bool('glEnable', './gl/@enable'),
]);
