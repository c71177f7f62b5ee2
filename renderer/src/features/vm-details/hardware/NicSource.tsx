// A NIC's source, as virt-manager's network list offers it: a virtual network, a host bridge,
// a macvtap device (with its mode) or user-mode networking. Used by the NIC editor and by Add
// Hardware.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { NetworkSummary } from '../../../../../electron/common/api/networks.js';
import type { FieldProblem } from '../../../components/form/form-state.js';
import { NIC_DIRECT_MODES, NIC_TYPES } from './enums.js';
import { Choice, Row } from './fields.js';

export interface NicSourceValues {
  type: string;
  network: string;
  bridge: string;
  dev: string;
  mode: string;
}

/** The source properties a NIC of `v.type` sets (the others cleared: null), as the model names them. */
export function nicSourceProps(v: NicSourceValues): Record<string, string | null> {
  return {
    sourceNetwork: v.type === 'network' ? v.network.trim() || null : null,
    sourceBridge: v.type === 'bridge' ? v.bridge.trim() || null : null,
    sourceDev: v.type === 'direct' ? v.dev.trim() || null : null,
    sourceMode: v.type === 'direct' ? v.mode || null : null,
  };
}

/** What a source needs: its name, for every type but user networking. */
export function nicSourceMissing(v: NicSourceValues): boolean {
  return (v.type === 'network' && !v.network.trim()) || (v.type === 'bridge' && !v.bridge.trim()) || (v.type === 'direct' && !v.dev.trim());
}

export function NicSource(props: { values: NicSourceValues; networks: NetworkSummary[]; onChange(v: Partial<NicSourceValues>): void }) {
  const { t } = useTranslation();
  const { values: v, networks } = props;
  const listId = useId();
  const names = (kind: NetworkSummary['kind']) => networks.filter((n) => n.kind === kind).map((n) => n.name);
  const known = (NIC_TYPES as readonly string[]).includes(v.type);
  const missing: FieldProblem | undefined = nicSourceMissing(v) ? { key: 'form.required' } : undefined;
  return (
    <>
      <Row label={t('hardware.nic.sourceType')}>
        <Choice value={v.type} options={NIC_TYPES} word={(x) => t(`hardware.nic.type_${x}`, { defaultValue: x })} onChange={(type) => props.onChange({ type })} />
      </Row>
      {v.type === 'network' && (
        <Row label={t('hardware.nic.network')} problem={missing}>
          <Choice value={v.network} options={names('network')} unset={t('hardware.nic.choose')} onChange={(network) => props.onChange({ network })} />
        </Row>
      )}
      {v.type === 'bridge' && (
        <Row label={t('hardware.nic.bridge')} problem={missing}>
          <input value={v.bridge} list={`${listId}-bridges`} onChange={(e) => props.onChange({ bridge: e.target.value })} spellCheck={false} placeholder="br0" />
        </Row>
      )}
      {v.type === 'direct' && (
        <>
          <Row label={t('hardware.nic.device')} problem={missing}>
            <input value={v.dev} list={`${listId}-devs`} onChange={(e) => props.onChange({ dev: e.target.value })} spellCheck={false} placeholder="eth0" />
          </Row>
          <Row label={t('hardware.nic.mode')}>
            <Choice value={v.mode} options={NIC_DIRECT_MODES} unset={t('hardware.default')} onChange={(mode) => props.onChange({ mode })} />
          </Row>
        </>
      )}
      {v.type === 'user' && <p className="muted hw-hint">{t('hardware.nic.userHint')}</p>}
      {!known && <p className="muted hw-hint">{t('hardware.nic.otherType', { type: v.type })}</p>}
      <datalist id={`${listId}-bridges`}>
        {names('bridge').map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      <datalist id={`${listId}-devs`}>
        {names('direct').map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
    </>
  );
}
