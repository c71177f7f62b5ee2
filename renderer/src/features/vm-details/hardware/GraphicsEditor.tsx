// A display (VNC or SPICE): its type, where it listens, its port, and its password, which is
// set or cleared but never shown (the field starts empty; empty keeps the current one).
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainChange, HardwareDevice, PropValue } from '../../../../../electron/common/api/domain-edits.js';
import type { Validators } from '../../../components/form/form-state.js';
import { useForm } from '../../../components/form/use-form.js';
import { DeviceXml, RemoveButton } from './device-parts.js';
import type { EditorContext } from './editor-context.js';
import { GRAPHICS_TYPES } from './enums.js';
import { Choice, NumberInput, Row } from './fields.js';
import { HardwareForm } from './HardwareForm.js';
import { bool, num, text } from './props.js';

interface GraphicsValues {
  type: string;
  listenType: string;
  address: string;
  autoport: boolean;
  port: number;
  passwordOn: boolean;
  password: string;
}

const LISTEN_TYPES = ['address', 'none'] as const;

export function GraphicsEditor(props: { ctx: EditorContext; device: HardwareDevice; label: string }) {
  const { t } = useTranslation();
  const { ctx, device } = props;
  const p = device.props;
  const hadPassword = text(p, 'passwd') !== undefined;
  const base = useMemo((): GraphicsValues => {
    const q = device.props;
    const port = num(q, 'port');
    return {
      type: text(q, 'type') ?? 'vnc',
      listenType: text(q, 'listenType') ?? 'address',
      address: text(q, 'listenAddress') ?? text(q, 'listen') ?? '',
      autoport: bool(q, 'autoport') ?? (port === undefined || port < 0),
      port: port !== undefined && port > 0 ? port : 5900,
      passwordOn: text(q, 'passwd') !== undefined,
      password: '',
    };
  }, [device]);
  const validators = useMemo(
    (): Validators<GraphicsValues> => ({
      port: (v, all) => (all.autoport || (Number.isInteger(v) && v >= 5900 && v <= 65535) ? null : { key: 'form.integerBetween', params: { min: 5900, max: 65535 } }),
      password: (v, all) => {
        if (all.passwordOn && !hadPassword && v === '') return { key: 'form.required' };
        // libvirt refuses longer VNC passwords (the RFB protocol's DES key is 8 bytes).
        return all.type === 'vnc' && v.length > 8 ? { key: 'hardware.graphics.vncPasswordLength' } : null;
      },
    }),
    [hadPassword],
  );
  const form = useForm(base, validators);
  const v = form.values;
  const toChanges = (changed: Partial<GraphicsValues>, all: GraphicsValues): DomainChange[] => {
    const set: Record<string, PropValue> = {};
    if ('type' in changed) set['type'] = all.type;
    if ('listenType' in changed || 'address' in changed) {
      set['listenType'] = all.listenType;
      const address = all.listenType === 'address' ? all.address.trim() || null : null;
      if (address !== (text(p, 'listenAddress') ?? null)) set['listenAddress'] = address;
      // libvirt wants the old attribute, where there is one, to match the first <listen>.
      if (text(p, 'listen') !== undefined && address !== text(p, 'listen')) set['listen'] = address;
    }
    if ('autoport' in changed || 'port' in changed) {
      set['autoport'] = all.autoport;
      if (!all.autoport) set['port'] = all.port;
      else if (num(p, 'port') !== undefined) set['port'] = null;
    }
    if (!all.passwordOn && hadPassword) set['passwd'] = null;
    else if (all.passwordOn && all.password !== '') set['passwd'] = all.password;
    return Object.keys(set).length ? [{ kind: 'device', id: device.id, set }] : [];
  };
  return (
    <>
      <HardwareForm ctx={ctx} form={form} label={props.label} toChanges={toChanges} extra={<RemoveButton ctx={ctx} device={device} label={props.label} />}>
        <Row label={t('hardware.graphics.type')}>
          <Choice value={v.type} options={GRAPHICS_TYPES} word={(x) => t(`hardware.graphics.type_${x}`, { defaultValue: x })} onChange={(x) => form.set('type', x)} />
        </Row>
        <Row label={t('hardware.graphics.listenType')}>
          <Choice value={v.listenType} options={LISTEN_TYPES} word={(x) => t(`hardware.graphics.listen_${x}`, { defaultValue: x })} onChange={(x) => form.set('listenType', x)} />
        </Row>
        {v.listenType === 'address' && (
          <Row label={t('hardware.graphics.address')} hint={t('hardware.graphics.addressHint')}>
            <input value={v.address} onChange={(e) => form.set('address', e.target.value)} spellCheck={false} placeholder="127.0.0.1" />
          </Row>
        )}
        <Row inline label={t('hardware.graphics.autoport')}>
          <input type="checkbox" checked={v.autoport} onChange={(e) => form.set('autoport', e.target.checked)} />
        </Row>
        {!v.autoport && (
          <Row label={t('hardware.graphics.port')} problem={form.problems.port}>
            <NumberInput value={v.port} min={5900} max={65535} onChange={(x) => form.set('port', x)} />
          </Row>
        )}
        <Row inline label={t('hardware.graphics.passwordOn')}>
          <input type="checkbox" checked={v.passwordOn} onChange={(e) => form.set('passwordOn', e.target.checked)} />
        </Row>
        {v.passwordOn && (
          <Row label={t('hardware.graphics.password')} problem={form.problems.password} {...(hadPassword ? { hint: t('hardware.graphics.passwordKeep') } : {})}>
            <input type="password" autoComplete="new-password" value={v.password} onChange={(e) => form.set('password', e.target.value)} />
          </Row>
        )}
      </HardwareForm>
      <DeviceXml device={device} />
    </>
  );
}
