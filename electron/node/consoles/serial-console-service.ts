// Text consoles: lists a VM's serial ports and consoles and attaches to one through libvirt's
// console stream. The stream travels inside the libvirt connection, so a remote host needs no
// tunnel. Attaching happens here, not when the bridge connects, so "someone else holds it"
// comes back as an answer the UI can offer Force for.
import * as libvirt from 'virtdeck/native';
import { TICKET_PROTOCOL_PREFIX, type SerialDevice, type SerialTicket } from '../../common/api/consoles.js';
import type { DomainRef } from '../../common/api/domains.js';
import { ApiError } from '../../common/api/errors.js';
import { msg } from '../../common/messages/messages.js';
import type { ConnectionManager } from '../connections/manager.js';
import { ObjectRegistry } from '../objects/registry.js';
import type { ConsoleTickets } from './console-tickets.js';
import { serialDevicesOf } from './serial-devices.js';

export class SerialConsoleService {
  readonly #objects: ObjectRegistry;

  constructor(
    private readonly connections: ConnectionManager,
    private readonly tickets: ConsoleTickets,
    /** Where the page opens the bridge: the same place as for graphical consoles. */
    private readonly socketPath: () => string,
    private readonly log: (msg: string) => void = () => {},
  ) {
    this.#objects = new ObjectRegistry(connections);
  }

  async serialDevices({ ref }: { ref: DomainRef }): Promise<SerialDevice[]> {
    const dom = await this.#objects.domain(ref);
    // Aliases exist in the live XML only; a defined VM's are derived (serial-devices.ts).
    return serialDevicesOf(await dom.XMLDesc(0));
  }

  async openSerial({ ref, device, force = false }: { ref: DomainRef; device: string; force?: boolean | undefined }): Promise<SerialTicket> {
    const conn = this.connections.connection(ref.connection);
    const dom = await this.#objects.domain(ref);
    const name = await dom.name();
    if (!(await dom.isActive())) throw new ApiError('invalid-input', msg('serial.notRunning', { name }));
    const dev = serialDevicesOf(await dom.XMLDesc(0)).find((d) => d.name === device);
    if (!dev) throw new ApiError('not-found', msg('serial.noDevice', { name, device }));
    if (!dev.openable) {
      throw new ApiError('invalid-input', msg('serial.notPty', { device, name, sourceType: dev.sourceType }));
    }
    const stream = await conn.newStream();
    const flags = libvirt.DomainConsoleFlags.SAFE | (force ? libvirt.DomainConsoleFlags.FORCE : 0);
    try {
      await dom.openConsole(device, stream, flags);
    } catch (err) {
      stream.destroy();
      throw this.#explain(err, name, device);
    }
    this.log(`console ${device} of ${name} attached${force ? ' (forced)' : ''}`);
    const ticket = this.tickets.issue({ kind: 'serial', ref, device, name, conn, dom, stream });
    return { device, path: this.socketPath(), protocols: ['binary', `${TICKET_PROTOCOL_PREFIX}${ticket}`] };
  }

  #explain(err: unknown, name: string, device: string): unknown {
    if (!(err instanceof libvirt.LibvirtError)) return err;
    // libvirt: "operation failed: Active console session exists for this domain".
    if (err.code === libvirt.ErrorNumber.OPERATION_FAILED && /active console session/i.test(err.message)) {
      return new ApiError('in-use', msg('serial.inUse', { device, name }), { libvirtCode: err.code });
    }
    if (/cannot find character device/i.test(err.message)) return new ApiError('not-found', msg('serial.noDeviceNow', { name, device }), { libvirtCode: err.code });
    if (err.code === libvirt.ErrorNumber.OPERATION_INVALID) return new ApiError('invalid-input', msg('serial.notRunning', { name }), { libvirtCode: err.code });
    return err;
  }
}
