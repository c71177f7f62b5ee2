// Video and sound: the model of the emulated card. A new video model drops the old one's
// memory sizes and heads (they belong to the model), as virt-manager does.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainChange, HardwareDevice, PropValue } from '../../../../../electron/common/api/domain-edits.js';
import { useForm } from '../../../components/form/use-form.js';
import { DeviceXml, PropFacts, RemoveButton } from './device-parts.js';
import type { EditorContext } from './editor-context.js';
import { SOUND_MODELS, VIDEO_MODELS } from './enums.js';
import { Choice, Row } from './fields.js';
import { HardwareForm } from './HardwareForm.js';
import { text } from './props.js';

const KINDS = {
  video: { prop: 'modelType', models: VIDEO_MODELS, clears: ['vram', 'heads'] },
  sound: { prop: 'model', models: SOUND_MODELS, clears: [] },
} as const;

export function ModelEditor(props: { ctx: EditorContext; device: HardwareDevice; kind: 'video' | 'sound'; label: string }) {
  const { t } = useTranslation();
  const { ctx, device } = props;
  const kind = KINDS[props.kind];
  const base = useMemo(() => ({ model: text(device.props, kind.prop) ?? '' }), [device, kind]);
  const form = useForm(base);
  const toChanges = (_c: unknown, v: { model: string }): DomainChange[] => {
    const set: Record<string, PropValue> = { [kind.prop]: v.model };
    for (const name of kind.clears) if (device.props[name] !== undefined) set[name] = null;
    return [{ kind: 'device', id: device.id, set }];
  };
  return (
    <>
      <HardwareForm ctx={ctx} form={form} label={props.label} toChanges={toChanges} extra={<RemoveButton ctx={ctx} device={device} label={props.label} />}>
        <Row label={t('hardware.model')}>
          <Choice value={form.values.model} options={kind.models} onChange={(x) => form.set('model', x)} />
        </Row>
        <PropFacts device={device} omit={[kind.prop, 'alias']} />
      </HardwareForm>
      <DeviceXml device={device} />
    </>
  );
}
