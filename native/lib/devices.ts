import { native, type InterfaceHandle, type NodeDeviceHandle } from './binding.js';
import type { Connection } from './connection.js';

/** A host device known to libvirt (virNodeDevicePtr). */
export class NodeDevice {
  /** @internal */
  constructor(
    readonly conn: Connection,
    readonly handle: NodeDeviceHandle,
  ) {}

  async name(): Promise<string> {
    return native.nodeDeviceIdent(this.handle).name;
  }
  XMLDesc(flags = 0): Promise<string> {
    return native.nodeDeviceXMLDesc(this.handle, flags);
  }
  listCaps(): Promise<string[]> {
    return native.nodeDeviceListCaps(this.handle);
  }
}

/** A host network interface (virInterfacePtr). */
export class Interface {
  /** @internal */
  constructor(
    readonly conn: Connection,
    readonly handle: InterfaceHandle,
  ) {}

  async name(): Promise<string> {
    return native.interfaceIdent(this.handle).name;
  }
  async MACString(): Promise<string> {
    return native.interfaceIdent(this.handle).mac;
  }
  XMLDesc(flags = 0): Promise<string> {
    return native.interfaceXMLDesc(this.handle, flags);
  }
  isActive(): Promise<boolean> {
    return native.interfaceIsActive(this.handle);
  }
}
