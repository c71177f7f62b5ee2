// The small device kinds: TPM, RNG, watchdog, memory balloon, panic notifier, smartcard, vsock.
import { bindProps, p } from '../binding.js';
import { Device } from './device.js';

export class Tpm extends Device {
  declare model: string | undefined;
  declare backendType: string | undefined;
  declare backendVersion: string | undefined;

  protected override childOrder(): readonly string[] {
    return ['backend'];
  }
}
bindProps(Tpm, [
  p.enum('model', './@model', ['tpm-tis', 'tpm-crb', 'tpm-spapr', 'spapr-tpm-proxy']),
  p.enum('backendType', './backend/@type', ['passthrough', 'emulator', 'external']),
  p.str('backendVersion', './backend/@version'),
]);

export class Rng extends Device {
  declare model: string | undefined;
  declare backendModel: string | undefined;
  declare backend: string | undefined;
  declare rateBytes: number | undefined;
  declare ratePeriod: number | undefined;

  protected override childOrder(): readonly string[] {
    return ['driver', 'rate', 'backend'];
  }
}
bindProps(Rng, [
  p.enum('model', './@model', ['virtio', 'virtio-transitional', 'virtio-non-transitional']),
  p.enum('backendModel', './backend/@model', ['random', 'egd', 'builtin']),
  p.str('backend', './backend'),
  p.int('rateBytes', './rate/@bytes'),
  p.int('ratePeriod', './rate/@period'),
]);

export class Watchdog extends Device {
  declare model: string | undefined;
  declare action: string | undefined;
}
bindProps(Watchdog, [
  p.enum('model', './@model', ['i6300esb', 'ib700', 'diag288', 'itco']),
  p.enum('action', './@action', ['reset', 'shutdown', 'poweroff', 'pause', 'none', 'dump', 'inject-nmi']),
]);

export class Memballoon extends Device {
  declare model: string | undefined;
  declare autodeflate: boolean | undefined;
  declare statsPeriod: number | undefined;

  protected override childOrder(): readonly string[] {
    return ['stats', 'driver'];
  }
}
bindProps(Memballoon, [
  p.enum('model', './@model', ['virtio', 'xen', 'none', 'virtio-transitional', 'virtio-non-transitional']),
  p.onOff('autodeflate', './@autodeflate'),
  p.int('statsPeriod', './stats/@period'),
]);

export class Panic extends Device {
  declare model: string | undefined;
}
bindProps(Panic, [p.enum('model', './@model', ['isa', 'pseries', 'hyperv', 's390', 'pvpanic'])]);

export class Smartcard extends Device {
  declare mode: string | undefined;
  declare type: string | undefined;
}
bindProps(Smartcard, [p.enum('mode', './@mode', ['host', 'host-certificates', 'passthrough']), p.str('type', './@type')]);

export class Vsock extends Device {
  declare model: string | undefined;
  declare cid: number | undefined;
  declare cidAuto: boolean | undefined;

  protected override childOrder(): readonly string[] {
    return ['cid'];
  }
}
bindProps(Vsock, [p.str('model', './@model'), p.bool('cidAuto', './cid/@auto'), p.int('cid', './cid/@address')]);
