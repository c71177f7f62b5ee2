// What every device editor shows besides its fields: Remove (through the preview dialog), the
// properties of a kind Virtdeck does not edit, and the device's XML (passwords masked).
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { HardwareDevice } from '../../../../../electron/common/api/domain-edits.js';
import type { EditorContext } from './editor-context.js';
import { Fact } from './fields.js';
import { maskSecrets } from './props.js';

export function RemoveButton(props: { ctx: EditorContext; device: HardwareDevice; label: string }) {
  const { t } = useTranslation();
  const { ctx, device } = props;
  return (
    <button
      type="button"
      className="danger"
      disabled={ctx.readOnly}
      onClick={() => void ctx.edit({ title: t('hardware.removeTitle', { name: props.label }), changes: [{ kind: 'removeDevice', id: device.id }], etag: ctx.hw.etag })}
    >
      {t('hardware.remove')}
    </button>
  );
}

/** A property's value in words. */
function valueWords(v: HardwareDevice['props'][string], yes: string, no: string): string {
  if (typeof v === 'boolean') return v ? yes : no;
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}

export function PropFacts(props: { device: HardwareDevice; omit?: readonly string[] }) {
  const { t } = useTranslation();
  const entries = Object.entries(props.device.props).filter(([k]) => !props.omit?.includes(k));
  if (!entries.length) return props.omit ? null : <p className="muted">{t('hardware.noProps')}</p>;
  return (
    <div className="hw-facts">
      {entries.map(([k, v]) => (
        <Fact key={k} label={t(`hardware.prop.${k}`, { defaultValue: k })}>
          {k === 'passwd' ? t('hardware.graphics.passwordSet') : valueWords(v, t('overview.yes'), t('overview.no'))}
        </Fact>
      ))}
    </div>
  );
}

export function DeviceXml(props: { device: HardwareDevice; open?: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <details className="hw-xml" open={props.open}>
      <summary id={id}>{t('hardware.xml')}</summary>
      <pre tabIndex={0} aria-labelledby={id}>
        {maskSecrets(props.device.xml)}
      </pre>
    </details>
  );
}

/** A device of a kind Virtdeck does not edit: its properties and XML, and Remove. */
export function DeviceFacts(props: { ctx: EditorContext; device: HardwareDevice; label: string }) {
  return (
    <div className="hw-form" data-testid="device-facts">
      <PropFacts device={props.device} />
      <DeviceXml device={props.device} open />
      <div className="buttons">
        <div className="hw-extra">
          <RemoveButton ctx={props.ctx} device={props.device} label={props.label} />
        </div>
      </div>
    </div>
  );
}
