// The wizard's form: what the user has chosen so far, turned into the contract's spec, and
// checked step by step so Forward says what is missing.
import type { ConnectionId } from '../../../../electron/common/api/connections.js';
import type { NetworkSummary } from '../../../../electron/common/api/networks.js';
import type { NetworkChoice, SourceKind, StorageChoice, VirtType, VmCreateSpec } from '../../../../electron/common/api/vm-create.js';
import { vmNameProblem } from '../../../../electron/common/api/vm-name.js';
import { wordMessage } from '../../i18n/messages.js';
import type { UiKey } from '../../i18n/resources.js';

export type WizardSource = SourceKind;
export const SOURCE_KINDS: WizardSource[] = ['iso', 'url', 'cdrom', 'import', 'cloud', 'pxe', 'kernel'];
export const STEPS = ['source', 'os', 'resources', 'storage', 'finish', 'customize'] as const;
export type StepId = (typeof STEPS)[number];

export interface WizardForm {
  source: WizardSource;
  isoPath: string;
  cdromDevice: string;
  /** A network install's tree (http or https). */
  treeUrl: string;
  importPath: string;
  kernelPath: string;
  initrdPath: string;
  cmdline: string;
  cloudImage: string;
  ciUser: string;
  ciPassword: string;
  /** One OpenSSH public key per line. */
  ciKeys: string;
  ciHostname: string;
  ciYaml: string;
  /** Detach and delete the seed once the VM first stops (virt-install's default). */
  ciRemoveSeed: boolean;
  arch: string;
  machine: string;
  virtType: VirtType | '';
  os: string;
  memoryMiB: string;
  vcpus: string;
  storage: StorageChoice['kind'];
  pool: string;
  sizeGiB: string;
  format: 'qcow2' | 'raw';
  existingPath: string;
  name: string;
  /** 'none' | 'user' | 'network:NAME' | 'bridge:NAME' | 'direct:NAME' */
  network: string;
  customize: boolean;
}

export const initialForm: WizardForm = {
  source: 'iso',
  isoPath: '',
  cdromDevice: '/dev/sr0',
  treeUrl: '',
  importPath: '',
  kernelPath: '',
  initrdPath: '',
  cmdline: 'console=ttyS0',
  cloudImage: '',
  ciUser: '',
  ciPassword: '',
  ciKeys: '',
  ciHostname: '',
  ciYaml: '',
  ciRemoveSeed: true,
  arch: '',
  machine: '',
  virtType: '',
  os: 'linux2022',
  memoryMiB: '2048',
  vcpus: '2',
  storage: 'new',
  pool: 'default',
  sizeGiB: '20',
  format: 'qcow2',
  existingPath: '',
  name: '',
  network: 'user',
  customize: false,
};

export function networkValue(n: NetworkSummary | 'none' | 'user'): string {
  return typeof n === 'string' ? n : `${n.kind}:${n.name}`;
}

function networkChoice(v: string): NetworkChoice {
  if (v === 'none' || v === 'user') return { kind: v };
  const i = v.indexOf(':');
  const kind = v.slice(0, i);
  const name = v.slice(i + 1);
  return kind === 'bridge' || kind === 'direct' ? { kind, name } : { kind: 'network', name };
}

/** The steps the wizard walks through: an import has no storage to choose; customize only when asked. */
export function visibleSteps(f: WizardForm): StepId[] {
  return STEPS.filter((s) => s !== 'customize' || f.customize);
}

const int = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : NaN);
const num = (s: string) => (/^\d+(\.\d+)?$/.test(s.trim()) ? Number(s.trim()) : NaN);

type T = (key: UiKey, values?: Record<string, string | number>) => string;

/** What is missing or wrong on a step, in words; empty when the step may be left. */
export function stepProblems(step: StepId, f: WizardForm, takenNames: Set<string>, t: T): string[] {
  const p: string[] = [];
  const need = (v: string, what: string) => {
    if (!v.trim()) p.push(t('create.required', { what }));
  };
  if (step === 'source') {
    if (f.source === 'iso') need(f.isoPath, 'the ISO image path');
    if (f.source === 'cdrom') need(f.cdromDevice, 'the CD-ROM device');
    if (f.source === 'url') need(f.treeUrl, 'the install tree URL');
    if (f.source === 'import') need(f.importPath, 'the disk image path');
    if (f.source === 'kernel') need(f.kernelPath, 'the kernel path');
    if (f.source === 'cloud') {
      need(f.cloudImage, 'the cloud image path');
      need(f.ciUser, 'the user name');
      if (f.ciUser.trim() && !f.ciPassword && !f.ciKeys.trim()) p.push(t('create.ciNeedsLogin'));
    }
  } else if (step === 'resources') {
    if (!(int(f.memoryMiB) >= 16)) p.push(t('create.positive', { what: 'Memory', min: 16 }));
    if (!(int(f.vcpus) >= 1)) p.push(t('create.positive', { what: 'CPUs', min: 1 }));
  } else if (step === 'storage' && f.source !== 'import') {
    if ((f.storage === 'new' || f.source === 'cloud') && !(num(f.sizeGiB) > 0)) p.push(t('create.positive', { what: 'Size', min: 1 }));
    if (f.storage === 'existing') need(f.existingPath, 'the volume or file path');
  } else if (step === 'finish') {
    const problem = vmNameProblem(f.name);
    if (problem) p.push(wordMessage(problem));
    else if (takenNames.has(f.name)) p.push(t('create.nameTaken', { name: f.name }));
  }
  return p;
}

export function toSpec(connection: ConnectionId, f: WizardForm): VmCreateSpec {
  const source: VmCreateSpec['source'] =
    f.source === 'iso'
      ? { kind: 'iso', path: f.isoPath.trim() }
      : f.source === 'url'
        ? { kind: 'url', url: f.treeUrl.trim(), kernel: '', initrd: '', ...(f.cmdline.trim() ? { cmdline: f.cmdline.trim() } : {}) }
        : f.source === 'cdrom'
          ? { kind: 'cdrom', device: f.cdromDevice.trim() }
          : f.source === 'import'
            ? { kind: 'import', path: f.importPath.trim() }
            : f.source === 'pxe'
              ? { kind: 'pxe' }
              : f.source === 'cloud'
                ? {
                    kind: 'cloud',
                    baseImage: f.cloudImage.trim(),
                    cloudInit: {
                      user: f.ciUser.trim(),
                      ...(f.ciPassword ? { password: f.ciPassword } : {}),
                      ...(f.ciKeys.trim()
                        ? {
                            sshKeys: f.ciKeys
                              .split('\n')
                              .map((k) => k.trim())
                              .filter(Boolean),
                          }
                        : {}),
                      ...(f.ciHostname.trim() ? { hostname: f.ciHostname.trim() } : {}),
                      ...(f.ciYaml.trim() ? { extraYaml: f.ciYaml } : {}),
                    },
                    removeSeed: f.ciRemoveSeed,
                  }
                : {
                    kind: 'kernel',
                    kernel: f.kernelPath.trim(),
                    ...(f.initrdPath.trim() ? { initrd: f.initrdPath.trim() } : {}),
                    ...(f.cmdline.trim() ? { cmdline: f.cmdline.trim() } : {}),
                  };
  const storage: StorageChoice =
    f.source === 'cloud'
      ? { kind: 'new', pool: f.pool, sizeGiB: num(f.sizeGiB), format: 'qcow2' }
      : f.source === 'import' || f.storage === 'none'
        ? { kind: 'none' }
        : f.storage === 'existing'
          ? { kind: 'existing', path: f.existingPath.trim() }
          : { kind: 'new', pool: f.pool, sizeGiB: num(f.sizeGiB), format: f.format };
  return {
    connection,
    name: f.name.trim(),
    source,
    os: f.os,
    memoryMiB: int(f.memoryMiB),
    vcpus: int(f.vcpus),
    storage,
    network: networkChoice(f.network),
    ...(f.arch ? { arch: f.arch } : {}),
    ...(f.machine ? { machine: f.machine } : {}),
    ...(f.virtType ? { virtType: f.virtType } : {}),
  };
}

/** A name not yet used on the host, from the OS's short id: linux2022, linux2022-2, … */
export function suggestName(base: string, taken: Set<string>): string {
  const clean = base.replace(/[^A-Za-z0-9._+:-]/g, '') || 'vm';
  if (!taken.has(clean)) return clean;
  for (let i = 2; ; i++) if (!taken.has(`${clean}-${i}`)) return `${clean}-${i}`;
}
