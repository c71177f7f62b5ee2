// What a list of changes does to a VM, worked out before anything is written: the new
// definition (the VM's own XML edited in place), a diff of it, where each part takes effect,
// and the steps that carry the live parts to the running VM (each with its undo, so a refusal
// part-way leaves the running VM as it was). Pure over the two XML texts; the steps run later.
import * as libvirt from 'virtdeck/native';
import type { ChangeOutcome, DomainChange, EditEffect } from '../../../common/api/domain-edits.js';
import { ApiError } from '../../../common/api/errors.js';
import { msg, type MessageRef } from '../../../common/messages/messages.js';
import { Domain, unitBytes } from '../../xml/domain.js';
import { DEVICE_KINDS, type Device } from '../../xml/devices/index.js';
import { liveDeviceOf } from './device-match.js';
import { checkProps, writeProps } from './set-props.js';
import { consequencesOf } from './consequences.js';
import { freeTarget } from './disk-targets.js';
import { xmlDiff } from '../../xml/text-diff.js';

const LIVE = libvirt.DomainModificationImpact.LIVE;

/** One action on the running VM, and how to take it back. */
export interface LiveStep {
  run(dom: libvirt.Domain): Promise<unknown>;
  undo(dom: libvirt.Domain): Promise<unknown>;
}

export interface EditPlan {
  before: string;
  xml: string;
  diff: string;
  outcomes: ChangeOutcome[];
  steps: LiveStep[];
}

/** Device properties that libvirt changes on a running VM (updateDevice), by device kind; given the running device. */
const LIVE_PROPS: Record<string, (live: Device) => ReadonlySet<string>> = {
  // Media change: only removable drives take a new source while running.
  disk: (d) => (['cdrom', 'floppy'].includes(d.el.attr('device') ?? '') ? new Set(['sourceFile', 'sourceDev']) : new Set()),
  interface: () => new Set(['linkState']),
  // QEMU changes a display's password only where the display started with one.
  graphics: (d) => (d.el.hasAttr('passwd') ? new Set(['passwd']) : new Set()),
};

/** Whether libvirt can add or remove a device of this kind on a running VM (QEMU's hotplug). */
function hotpluggable(d: Device): boolean {
  switch (d.kind) {
    case 'disk': {
      const bus = d.el.element('target')?.attr('bus');
      return bus === 'virtio' || bus === 'scsi' || bus === 'usb';
    }
    case 'interface':
    case 'hostdev':
    case 'redirdev':
    case 'rng':
      return true;
    case 'channel':
      return d.el.element('target')?.attr('type') === 'virtio';
    case 'input':
      return ['usb', 'virtio'].includes(d.el.attr('bus') ?? '');
    default:
      return false;
  }
}

const KIB = 1024;

/** Writes a size given in KiB in the element's own unit when it is a whole number there, else in KiB. */
function setKiB(dom: Domain, value: 'memory' | 'currentMemory', unit: 'memoryUnit' | 'currentMemoryUnit', kib: number): void {
  const perUnit = unitBytes(dom[unit]);
  if (perUnit !== undefined && (kib * KIB) % perUnit === 0 && dom[value] !== undefined) {
    dom[value] = (kib * KIB) / perUnit;
    return;
  }
  dom[value] = kib;
  if (dom[unit] !== undefined) dom[unit] = 'KiB';
}

const kibOf = (bytes: number | undefined): number | undefined => (bytes === undefined ? undefined : Math.round(bytes / KIB));

/** A locally administered MAC in QEMU's range, as libvirt itself generates them. */
function randomMac(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(3));
  return ['52', '54', '00', ...[...bytes].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}

/**
 * Works out `changes` against the VM's definition `configXml`, and (when it runs) its live XML.
 * `definitionOnly` puts every part in the definition, for a running VM's "apply at next boot".
 */
export function planEdit(configXml: string, liveXml: string | undefined, changes: readonly DomainChange[], definitionOnly = false): EditPlan {
  const config = Domain.parse(configXml);
  // The definition as read, for matching its devices to the running VM's (by position among their kind).
  const original = Domain.parse(configXml);
  const live = liveXml === undefined ? undefined : Domain.parse(liveXml);
  const running = live !== undefined && !definitionOnly;
  // Ids name devices of the definition as it was read: resolved once, before any change moves them.
  const byId = new Map(config.devices().map((d) => [d.id, d] as const));
  const device = (id: string): Device => {
    const d = byId.get(id);
    if (!d || !d.el.parent) throw new ApiError('invalid-input', msg('edit.noDevice', { id }));
    return d;
  };
  const outcomes: ChangeOutcome[] = [];
  const steps: LiveStep[] = [];
  const outcome = (change: number, part: string, effect: EditEffect, reason?: MessageRef): void => {
    outcomes.push({
      change,
      part,
      effect: live === undefined ? 'definition' : effect,
      ...(reason && live !== undefined ? { reason: { messageId: reason.messageId, params: reason.params as Record<string, string | number> } } : {}),
    });
  };
  const atBoot = (change: number, part: string): void => outcome(change, part, 'next-boot', definitionOnly ? msg('edit.why.asked') : msg('edit.why.atBoot', { part }));

  changes.forEach((change, i) => {
    switch (change.kind) {
      case 'domain': {
        checkProps(config, 'VM', change.set, false);
        writeProps(config, change.set);
        for (const [name, value] of Object.entries(change.set)) {
          const type = name === 'title' ? libvirt.DomainMetadataType.TITLE : name === 'description' ? libvirt.DomainMetadataType.DESCRIPTION : undefined;
          if (running && type !== undefined && live) {
            const old = name === 'title' ? live.title : live.description;
            const next = typeof value === 'string' && value !== '' ? value : null;
            steps.push({ run: (dom) => dom.setMetadata(type, next, null, null, LIVE), undo: (dom) => dom.setMetadata(type, old ?? null, null, null, LIVE) });
            outcome(i, name, 'now');
          } else atBoot(i, name);
        }
        return;
      }
      case 'memory': {
        if (change.currentKiB > change.maxKiB) throw new ApiError('invalid-input', msg('edit.memoryOverMax', { current: change.currentKiB, max: change.maxKiB }));
        if (config.find(['cpu', 'numa']) && change.maxKiB !== kibOf(config.memoryBytes)) throw new ApiError('invalid-input', msg('edit.memoryNuma'));
        setKiB(config, 'memory', 'memoryUnit', change.maxKiB);
        if (config.currentMemory !== undefined || change.currentKiB !== change.maxKiB) setKiB(config, 'currentMemory', 'currentMemoryUnit', change.currentKiB);
        if (!running || !live) {
          atBoot(i, 'current');
          atBoot(i, 'max');
          return;
        }
        const liveMax = kibOf(live.memoryBytes) ?? 0;
        const liveCurrent = kibOf(live.currentMemoryBytes) ?? liveMax;
        if (change.currentKiB !== liveCurrent) {
          if (change.currentKiB <= liveMax) {
            steps.push({ run: (dom) => dom.setMemoryFlags(change.currentKiB, LIVE), undo: (dom) => dom.setMemoryFlags(liveCurrent, LIVE) });
            outcome(i, 'current', 'now');
          } else outcome(i, 'current', 'next-boot', msg('edit.why.overLiveMemory', { max: liveMax }));
        }
        if (change.maxKiB !== liveMax) outcome(i, 'max', 'next-boot', msg('edit.why.maxMemory'));
        return;
      }
      case 'vcpus': {
        if (change.current > change.max) throw new ApiError('invalid-input', msg('edit.vcpusOverMax', { current: change.current, max: change.max }));
        config.vcpu = change.max;
        config.vcpuCurrent = change.current < change.max ? change.current : undefined;
        if (!running || !live) {
          atBoot(i, 'current');
          atBoot(i, 'max');
          return;
        }
        const liveMax = live.vcpu ?? 1;
        const liveCurrent = live.vcpuCurrent ?? liveMax;
        if (change.current !== liveCurrent) {
          if (change.current <= liveMax) {
            steps.push({ run: (dom) => dom.setVcpusFlags(change.current, LIVE), undo: (dom) => dom.setVcpusFlags(liveCurrent, LIVE) });
            outcome(i, 'current', 'now');
          } else outcome(i, 'current', 'next-boot', msg('edit.why.overLiveVcpus', { max: liveMax }));
        }
        if (change.max !== liveMax) outcome(i, 'max', 'next-boot', msg('edit.why.maxVcpus'));
        return;
      }
      case 'device': {
        const d = device(change.id);
        checkProps(d, d.kind, change.set, true);
        // Matched before the change, which may alter what it is matched by (a target, a MAC).
        const liveDev = running && live ? liveDeviceOf(d, original, live) : undefined;
        const follow = consequencesOf(d, change.set);
        writeProps(d, change.set);
        follow(config);
        const liveable = (liveDev && LIVE_PROPS[d.kind]?.(liveDev)) || new Set<string>();
        const now = Object.keys(change.set).filter((name) => liveDev && liveable.has(name));
        for (const name of Object.keys(change.set)) if (!now.includes(name)) atBoot(i, name);
        if (liveDev && now.length) {
          const original = liveDev.el.serialize();
          writeProps(liveDev, Object.fromEntries(now.map((name) => [name, change.set[name] ?? null])));
          const updated = liveDev.el.serialize();
          steps.push({ run: (dom) => dom.updateDeviceFlags(updated, LIVE), undo: (dom) => dom.updateDeviceFlags(original, LIVE) });
          for (const name of now) outcome(i, name, 'now');
        }
        return;
      }
      case 'addDevice': {
        if (!(DEVICE_KINDS as readonly string[]).includes(change.device)) throw new ApiError('invalid-input', msg('edit.unknownDeviceKind', { kind: change.device }));
        const d = config.addDevice(change.device, change.attributes ?? {});
        checkProps(d, d.kind, change.set, true);
        writeProps(d, change.set);
        if (d.kind === 'disk' && !d.el.element('target')?.attr('dev')) Reflect.set(d, 'targetDev', freeTarget(config, Reflect.get(d, 'targetBus') as string | undefined));
        // virtiofs maps the VM's memory into virtiofsd: the memory must be shared (libvirt refuses
        // the filesystem otherwise), which takes effect at the next start.
        if (d.kind === 'filesystem' && Reflect.get(d, 'driverType') === 'virtiofs' && config.memoryAccess !== 'shared') {
          if (!config.memorySource) config.memorySource = 'memfd';
          config.memoryAccess = 'shared';
          outcome(i, 'memoryBacking', 'next-boot', msg('edit.why.virtiofsMemory'));
        }
        // Both the running VM and the definition must know the NIC by the same MAC.
        if (d.kind === 'interface' && !Reflect.get(d, 'macAddress')) Reflect.set(d, 'macAddress', randomMac());
        if (running && hotpluggable(d)) {
          const xml = d.el.serialize();
          steps.push({ run: (dom) => dom.attachDeviceFlags(xml, LIVE), undo: (dom) => dom.detachDeviceFlags(xml, LIVE) });
          outcome(i, 'device', 'now');
        } else if (running) outcome(i, 'device', 'next-boot', msg('edit.why.notHotpluggable', { kind: d.kind }));
        else atBoot(i, 'device');
        return;
      }
      case 'removeDevice': {
        const d = device(change.id);
        const liveDev = running && live ? liveDeviceOf(d, original, live) : undefined;
        config.removeDevice(d);
        if (liveDev && hotpluggable(liveDev)) {
          const xml = liveDev.el.serialize();
          steps.push({ run: (dom) => dom.detachDeviceFlags(xml, LIVE), undo: (dom) => dom.attachDeviceFlags(xml, LIVE) });
          outcome(i, 'device', 'now');
        } else if (liveDev) outcome(i, 'device', 'next-boot', msg('edit.why.notHotpluggable', { kind: d.kind }));
        else atBoot(i, 'device');
        return;
      }
      case 'osinfo': {
        config.osinfoId = change.id ?? undefined;
        // Information about the VM, read from its definition: nothing for the running VM to take.
        outcome(i, 'os', 'now');
        return;
      }
      case 'bootOrder': {
        const chosen = change.ids.map(device);
        if (new Set(chosen).size !== chosen.length) throw new ApiError('invalid-input', msg('edit.bootTwice'));
        for (const d of chosen) if (!['disk', 'interface', 'hostdev', 'redirdev'].includes(d.kind)) throw new ApiError('invalid-input', msg('edit.notBootable', { id: d.id }));
        // libvirt takes either <os><boot dev=…/> or per-device order, never both.
        config.bootDevices = undefined;
        for (const d of config.devices()) if (Reflect.get(d, 'bootOrder') !== undefined) Reflect.set(d, 'bootOrder', undefined);
        chosen.forEach((d, n) => Reflect.set(d, 'bootOrder', n + 1));
        atBoot(i, 'order');
        return;
      }
    }
  });

  const topology = [config.cpuSockets, config.cpuDies ?? 1, config.cpuCores, config.cpuThreads];
  if (topology.every((n) => n !== undefined) && topology.reduce((a, b) => (a ?? 1) * (b ?? 1), 1) !== config.vcpu) {
    throw new ApiError('invalid-input', msg('edit.topology', { product: topology.reduce((a, b) => (a ?? 1) * (b ?? 1), 1) ?? 0, vcpus: config.vcpu ?? 0 }));
  }
  const xml = config.serialize();
  return { before: configXml, xml, diff: xmlDiff(configXml, xml), outcomes, steps };
}
