import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buildUri, type Preset } from '../../../../electron/common/api/connection-uri.js';
import type { ConnectionInfo } from '../../../../electron/common/api/connections.js';
import { Field } from '../../components/Field.js';
import { api } from '../../store/store.js';
import { describeError, errorLine } from '../../i18n/messages.js';
import type { UiLabelKey } from '../../i18n/resources.js';

type Kind = Preset['kind'];
const KIND_LABELS: Record<Kind, UiLabelKey> = {
  'qemu-system': 'addConnection.preset_qemu_system',
  'qemu-session': 'addConnection.preset_qemu_session',
  ssh: 'addConnection.preset_ssh',
  xen: 'addConnection.preset_xen',
  lxc: 'addConnection.preset_lxc',
  test: 'addConnection.preset_test',
  custom: 'addConnection.preset_custom',
};
const KINDS = Object.keys(KIND_LABELS) as Kind[];

/** Adds a connection, or edits one (its URI then shows as a custom URI). */
export function AddConnectionDialog(props: { onClose(): void; editing?: ConnectionInfo }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const editing = props.editing;
  const [kind, setKind] = useState<Kind>(editing ? 'custom' : 'qemu-system');
  const [user, setUser] = useState('root');
  const [host, setHost] = useState('');
  const [port, setPort] = useState('');
  const [keyFile, setKeyFile] = useState('');
  const [custom, setCustom] = useState(editing?.spec.uri ?? '');
  const [label, setLabel] = useState(editing?.spec.label ?? '');
  const [autoconnect, setAutoconnect] = useState(editing?.spec.autoconnect ?? true);
  const [readonly, setReadonly] = useState(editing?.spec.readonly ?? false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    ref.current?.showModal();
  }, []);

  // The same builder the backend checks with: errors show while typing.
  const built = useMemo((): { uri: string } | { error: string } => {
    try {
      const preset: Preset =
        kind === 'ssh'
          ? { kind, host, ...(user ? { user } : {}), ...(port ? { port: Number(port) } : {}), ...(keyFile ? { keyFile } : {}) }
          : kind === 'custom'
            ? { kind, uri: custom }
            : { kind };
      return { uri: buildUri(preset) };
    } catch (e) {
      return { error: describeError(e).text };
    }
  }, [kind, user, host, port, keyFile, custom]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!('uri' in built)) return;
    setBusy(true);
    setSubmitError(null);
    try {
      const spec = { uri: built.uri, autoconnect, ...(label.trim() ? { label: label.trim() } : {}), ...(readonly ? { readonly } : {}) };
      if (editing) await api().connections.update({ id: editing.id, spec });
      else await api().connections.add({ spec });
      props.onClose();
    } catch (err) {
      setSubmitError(errorLine(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="form-dialog" aria-labelledby="add-conn-title" onCancel={props.onClose}>
      <form onSubmit={(e) => void submit(e)}>
        <h2 id="add-conn-title">{editing ? t('addConnection.editTitle') : t('addConnection.title')}</h2>
        <Field label={t('addConnection.preset')}>
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(KIND_LABELS[k])}
              </option>
            ))}
          </select>
        </Field>
        {kind === 'ssh' && (
          <>
            <Field label={t('addConnection.user')}>
              <input value={user} onChange={(e) => setUser(e.target.value)} autoComplete="off" />
            </Field>
            <Field label={t('addConnection.host')}>
              <input value={host} onChange={(e) => setHost(e.target.value)} autoComplete="off" required />
            </Field>
            <Field label={t('addConnection.port')}>
              <input value={port} onChange={(e) => setPort(e.target.value)} inputMode="numeric" placeholder="22" />
            </Field>
            <Field label={t('addConnection.keyFile')}>
              <input value={keyFile} onChange={(e) => setKeyFile(e.target.value)} placeholder="/home/you/.ssh/id_ed25519" />
            </Field>
          </>
        )}
        {kind === 'custom' && (
          <Field label={t('addConnection.uri')}>
            <input value={custom} onChange={(e) => setCustom(e.target.value)} autoComplete="off" required />
          </Field>
        )}
        <Field label={t('addConnection.label')}>
          <input value={label} onChange={(e) => setLabel(e.target.value)} />
        </Field>
        <Field inline label={t('addConnection.autoconnect')}>
          <input type="checkbox" checked={autoconnect} onChange={(e) => setAutoconnect(e.target.checked)} />
        </Field>
        {/* libvirt's read-only access (VIR_CONNECT_RO): the host is watched, never changed. */}
        <Field inline label={t('hardware2.readOnlyLabel')}>
          <input type="checkbox" checked={readonly} onChange={(e) => setReadonly(e.target.checked)} />
        </Field>
        <p className="preview" aria-live="polite">
          {'uri' in built ? (
            <>
              {t('addConnection.preview')} <code>{built.uri}</code>
            </>
          ) : (kind === 'ssh' && !host) || (kind === 'custom' && !custom) ? null : (
            <span className="field-error" role="alert">
              {built.error}
            </span>
          )}
        </p>
        {submitError && (
          <p className="field-error" role="alert">
            {submitError}
          </p>
        )}
        <div className="buttons">
          <button type="button" onClick={props.onClose}>
            {t('addConnection.cancel')}
          </button>
          <button type="submit" disabled={!('uri' in built) || busy}>
            {editing ? t('addConnection.save') : t('addConnection.add')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
