// A NIC: its source (see NicSource), model, MAC address and link state (up or down, live on a
// running VM: the guest sees its carrier go).
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainChange, HardwareDevice, PropValue } from '../../../../../electron/common/api/domain-edits.js';
import type { FieldProblem, Validators } from '../../../components/form/form-state.js';
import { useForm } from '../../../components/form/use-form.js';
import { DeviceXml, RemoveButton } from './device-parts.js';
import type { EditorContext } from './editor-context.js';
import { NIC_MODELS } from './enums.js';
import { Choice, Fact, Row } from './fields.js';
import { HardwareForm } from './HardwareForm.js';
import { NicSource, nicSourceMissing, nicSourceProps, type NicSourceValues } from './NicSource.js';
import { text } from './props.js';
import { useNetworks } from './use-networks.js';

interface NicValues extends NicSourceValues {
  model: string;
  mac: string;
  linkUp: boolean;
}

const SOURCE_FIELDS = ['type', 'network', 'bridge', 'dev', 'mode'] as const;

/** A unicast MAC address (the first octet even), as libvirt accepts one for a NIC. */
export function macProblem(mac: string, optional = false): FieldProblem | null {
  if (optional && mac.trim() === '') return null;
  const m = /^([0-9a-f]{2})(:[0-9a-f]{2}){5}$/i.exec(mac.trim());
  return m && parseInt(m[1]!, 16) % 2 === 0 ? null : { key: 'hardware.nic.badMac' };
}

const validators: Validators<NicValues> = {
  // Empty: libvirt makes one up.
  mac: (v) => macProblem(v, true),
  network: (_v, all) => (nicSourceMissing(all) ? { key: 'form.required' } : null),
};

export function NicEditor(props: { ctx: EditorContext; device: HardwareDevice; label: string }) {
  const { t } = useTranslation();
  const { ctx, device } = props;
  const networks = useNetworks(ctx.target.connection);
  const base = useMemo((): NicValues => {
    const p = device.props;
    return {
      type: text(p, 'type') ?? 'network',
      network: text(p, 'sourceNetwork') ?? '',
      bridge: text(p, 'sourceBridge') ?? '',
      dev: text(p, 'sourceDev') ?? '',
      mode: text(p, 'sourceMode') ?? '',
      model: text(p, 'modelType') ?? '',
      mac: text(p, 'macAddress') ?? '',
      linkUp: text(p, 'linkState') !== 'down',
    };
  }, [device]);
  const form = useForm(base, validators);
  const v = form.values;
  const toChanges = (changed: Partial<NicValues>, all: NicValues): DomainChange[] => {
    const set: Record<string, PropValue> = {};
    if (SOURCE_FIELDS.some((k) => k in changed)) {
      set['type'] = all.type;
      // Only what differs from the definition: clearing a source it does not have writes nothing.
      for (const [name, value] of Object.entries(nicSourceProps(all))) if ((text(device.props, name) ?? null) !== value) set[name] = value;
    }
    if ('model' in changed) set['modelType'] = all.model || null;
    if ('mac' in changed) set['macAddress'] = all.mac.trim().toLowerCase() || null;
    if ('linkUp' in changed) set['linkState'] = all.linkUp ? 'up' : 'down';
    return [{ kind: 'device', id: device.id, set }];
  };
  return (
    <>
      <HardwareForm ctx={ctx} form={form} label={props.label} toChanges={toChanges} extra={<RemoveButton ctx={ctx} device={device} label={props.label} />}>
        <NicSource
          values={v}
          networks={networks}
          onChange={(c) => {
            for (const [k, x] of Object.entries(c) as [keyof NicSourceValues, string][]) form.set(k, x);
          }}
        />
        <Row label={t('hardware.nic.model')}>
          <Choice value={v.model} options={NIC_MODELS} {...(base.model === '' ? { unset: t('hardware.default') } : {})} onChange={(x) => form.set('model', x)} />
        </Row>
        <Row label={t('hardware.nic.mac')} problem={form.problems.mac}>
          <input value={v.mac} onChange={(e) => form.set('mac', e.target.value)} spellCheck={false} />
        </Row>
        <Row inline label={t('hardware.nic.linkUp')}>
          <input type="checkbox" checked={v.linkUp} onChange={(e) => form.set('linkUp', e.target.checked)} />
        </Row>
        {text(device.props, 'targetDev') && <Fact label={t('hardware.prop.targetDev')}>{text(device.props, 'targetDev')}</Fact>}
      </HardwareForm>
      <DeviceXml device={device} />
    </>
  );
}
