/** What libvirt reported about a failure (virError), plus the binding call that failed. */
export interface LibvirtErrorInfo {
  message: string;
  /** The libvirt function that failed, e.g. `virDomainCreateWithFlags`. */
  call: string;
  /** virErrorNumber (see `ErrorNumber`). */
  code: number;
  /** virErrorDomain: the libvirt subsystem that raised it (see `ErrorDomain`). */
  domain: number;
  /** virErrorLevel (see `ErrorLevel`). */
  level: number;
  str1?: string;
  str2?: string;
  str3?: string;
  int1?: number;
  int2?: number;
}

/** Every libvirt failure rejects with this. The binding's own checks throw TypeError instead. */
export class LibvirtError extends Error implements LibvirtErrorInfo {
  override readonly name = 'LibvirtError';
  readonly call: string;
  readonly code: number;
  readonly domain: number;
  readonly level: number;
  readonly str1?: string;
  readonly str2?: string;
  readonly str3?: string;
  readonly int1?: number;
  readonly int2?: number;

  constructor(info: LibvirtErrorInfo) {
    super(info.message);
    this.call = info.call;
    this.code = info.code;
    this.domain = info.domain;
    this.level = info.level;
    if (info.str1 !== undefined) this.str1 = info.str1;
    if (info.str2 !== undefined) this.str2 = info.str2;
    if (info.str3 !== undefined) this.str3 = info.str3;
    if (info.int1 !== undefined) this.int1 = info.int1;
    if (info.int2 !== undefined) this.int2 = info.int2;
  }
}
