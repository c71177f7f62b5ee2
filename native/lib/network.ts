import { native, type DHCPLease, type NetworkHandle } from './binding.js';
import type { Connection } from './connection.js';

/** A virtual network (virNetworkPtr). */
export class Network {
  #ident: { name: string; uuid: string } | undefined;

  /** @internal */
  constructor(
    readonly conn: Connection,
    readonly handle: NetworkHandle,
  ) {}

  async name(): Promise<string> {
    return this.#identity().name;
  }
  async UUIDString(): Promise<string> {
    return this.#identity().uuid;
  }
  XMLDesc(flags = 0): Promise<string> {
    return native.networkXMLDesc(this.handle, flags);
  }
  create(): Promise<number> {
    return native.networkCreate(this.handle);
  }
  destroy(): Promise<number> {
    return native.networkDestroy(this.handle);
  }
  undefine(): Promise<number> {
    return native.networkUndefine(this.handle);
  }
  isActive(): Promise<boolean> {
    return native.networkIsActive(this.handle);
  }
  isPersistent(): Promise<boolean> {
    return native.networkIsPersistent(this.handle);
  }
  autostart(): Promise<boolean> {
    return native.networkGetAutostart(this.handle);
  }
  setAutostart(autostart: boolean): Promise<number> {
    return native.networkSetAutostart(this.handle, autostart);
  }
  bridgeName(): Promise<string> {
    return native.networkGetBridgeName(this.handle);
  }
  DHCPLeases(mac: string | null = null, flags = 0): Promise<DHCPLease[]> {
    return native.networkDHCPLeases(this.handle, mac, flags);
  }
  /** Changes one section live and/or in the config (NetworkUpdateCommand, NetworkUpdateSection). */
  update(command: number, section: number, parentIndex: number, xml: string, flags = 0): Promise<number> {
    return native.networkUpdate(this.handle, command, section, parentIndex, xml, flags);
  }

  #identity(): { name: string; uuid: string } {
    this.#ident ??= native.networkIdent(this.handle);
    return this.#ident;
  }
}
