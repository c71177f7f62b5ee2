// Host validation, after `virt-host-validate`: can this host run VMs well, and the features the
// New VM wizard offers? On this machine the tool itself runs (its checks, in its own words);
// every host, remote ones too, is also checked through libvirt's capabilities and domain
// capabilities (UEFI firmware, swtpm, virtiofs, IOMMU, nested virtualization). And KVM that
// libvirt advertises but cannot start (`failed to set MSR` on some hosts) is found by starting a
// throwaway VM on request.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type * as libvirt from 'virtdeck/native';
import type { HostCheck } from '../../common/api/hosts.js';
import { msg, type MessageRef } from '../../common/messages/messages.js';
import { Capabilities } from '../xml/capabilities.js';
import { Domain } from '../xml/domain.js';
import { DomainCapabilities } from '../xml/domain-capabilities.js';
import { nestedState } from './host-hardware.js';

const run = promisify(execFile);

const check = (id: string, result: HostCheck['result'], what: MessageRef, detail?: MessageRef): HostCheck => ({
  id,
  result,
  what: { messageId: what.messageId, params: what.params as Record<string, string | number> },
  ...(detail ? { detail: { messageId: detail.messageId, params: detail.params as Record<string, string | number> } } : {}),
});

/** `virt-host-validate qemu` on this machine, line by line: "QEMU: Checking for X : PASS (detail)". */
export function parseHostValidate(output: string): HostCheck[] {
  const out: HostCheck[] = [];
  for (const line of output.split('\n')) {
    const m = /^\s*QEMU: Checking (?:for |if )?(.+?)\s*:\s*(PASS|WARN|FAIL)(?:\s*\((.*)\))?\s*$/.exec(line);
    if (!m) continue;
    const [, what = '', result = 'WARN', detail] = m;
    out.push(
      check(
        `tool:${what.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
        result.toLowerCase() as HostCheck['result'],
        msg('validate.tool', { check: what }),
        detail ? msg('validate.toolDetail', { detail }) : undefined,
      ),
    );
  }
  return out;
}

async function toolChecks(): Promise<HostCheck[] | null> {
  // Exits non-zero when a check fails: its output is what counts.
  const out = await run('virt-host-validate', ['qemu'], { timeout: 60_000 }).then(
    (r) => r.stdout,
    (err: { stdout?: string; code?: string }) => (err.code === 'ENOENT' ? null : (err.stdout ?? '')),
  );
  return out === null ? null : parseHostValidate(out);
}

/** The checks made through libvirt, for any host. */
export async function libvirtChecks(conn: libvirt.Connection, remote: boolean): Promise<HostCheck[]> {
  const caps = Capabilities.parse(await conn.getCapabilities());
  const arch = caps.cpuArch ?? 'x86_64';
  const kvm = caps.guests.some((g) => g.arch === arch && g.domains.some((d) => d.type === 'kvm'));
  const out: HostCheck[] = [check('kvm', kvm ? 'pass' : 'warn', msg('validate.kvm'), kvm ? undefined : msg('validate.kvmMissing'))];
  const domcaps = await conn
    .getDomainCapabilities(null, arch, null, kvm ? 'kvm' : 'qemu')
    .then((x) => DomainCapabilities.parse(x))
    .catch(() => null);
  if (domcaps) {
    out.push(check('ovmf', domcaps.efi ? 'pass' : 'warn', msg('validate.ovmf'), domcaps.efi ? undefined : msg('validate.ovmfMissing')));
    const swtpm = domcaps.deviceEnum('tpm', 'backendModel').includes('emulator');
    out.push(check('swtpm', swtpm ? 'pass' : 'warn', msg('validate.swtpm'), swtpm ? undefined : msg('validate.swtpmMissing')));
    const virtiofs = domcaps.deviceEnum('filesystem', 'driverType').includes('virtiofs');
    out.push(check('virtiofs', virtiofs ? 'pass' : 'warn', msg('validate.virtiofs'), virtiofs ? undefined : msg('validate.virtiofsMissing')));
  } else {
    out.push(check('domcaps', 'warn', msg('validate.noDomainCaps')));
  }
  const iommu = caps.find(['host', 'iommu'])?.attr('support');
  out.push(
    check(
      'iommu',
      iommu === 'yes' ? 'pass' : 'warn',
      msg('validate.iommu'),
      iommu === 'yes' ? undefined : iommu === 'no' ? msg('validate.iommuOff') : msg('validate.iommuUnknown'),
    ),
  );
  const nested = await nestedState(remote);
  out.push(
    check(
      'nested',
      nested.state === 'on' ? 'pass' : 'warn',
      msg('validate.nested'),
      nested.state === 'on'
        ? undefined
        : nested.state === 'unknown'
          ? msg('validate.remoteUnknown')
          : nested.state === 'no-kvm'
            ? msg('validate.kvmMissing')
            : nested.state === 'unsupported'
              ? msg('validate.nestedUnsupported', { module: nested.module ?? 'kvm' })
              : msg('validate.nestedOff', { module: nested.module ?? 'kvm' }),
    ),
  );
  return out;
}

/** Every check for a host: the tool's on this machine, else a note that it runs on the host itself; then libvirt's. */
export async function validateHost(conn: libvirt.Connection, remote: boolean): Promise<HostCheck[]> {
  const tool = remote ? null : await toolChecks();
  const first = tool ?? [check('tool', 'warn', msg('validate.toolElsewhere'), remote ? msg('validate.remoteUnknown') : msg('validate.toolMissing'))];
  return [...first, ...(await libvirtChecks(conn, remote))];
}

/**
 * Starts a throwaway KVM VM (no disk, 32 MiB, transient) and stops it at once: whether KVM that
 * libvirt advertises really starts guests here. The answer in libvirt's words when it does not.
 */
export async function probeKvm(conn: libvirt.Connection): Promise<{ works: boolean; detail?: string }> {
  const caps = Capabilities.parse(await conn.getCapabilities());
  const arch = caps.cpuArch ?? 'x86_64';
  if (!caps.guests.some((g) => g.arch === arch && g.domains.some((d) => d.type === 'kvm'))) return { works: false, detail: 'libvirt offers no KVM guests on this host' };
  const d = Domain.create('kvm');
  d.name = `virtdeck-kvm-probe-${randomBytes(4).toString('hex')}`;
  d.memoryUnit = 'MiB';
  d.memory = 32;
  d.vcpu = 1;
  d.osType = 'hvm';
  d.osArch = arch;
  let dom: libvirt.Domain | undefined;
  try {
    dom = await conn.createXML(d.serialize(), 0);
    return { works: true };
  } catch (err) {
    return { works: false, detail: err instanceof Error ? err.message : String(err) };
  } finally {
    await dom?.destroy().catch(() => undefined);
  }
}
