// A VM's XML tab: its definition (libvirt's inactive XML, with secrets where the connection may
// read them, so an edit keeps a display password) in an XML editor, and beside it the running
// VM's XML, read-only. Apply asks the backend for the diff first (domains.previewXml: well-formed,
// same VM, same etag), shows it, then writes (domains.defineXml, validated by libvirt). XML that
// is not well-formed is marked at its line. A change made elsewhere while the user edits is said,
// never overwritten; without edits the editor follows it.
import type { EditorView } from '@codemirror/view';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainConfigXml } from '../../../../../electron/common/api/domains.js';
import { msg } from '../../../../../electron/common/messages/messages.js';
import { ErrorNotice } from '../../../components/ErrorNotice.js';
import { asApiError, wordMessage } from '../../../i18n/messages.js';
import { connectionById } from '../../../store/connections.js';
import { api, onDomainsChanged, useStore } from '../../../store/store.js';
import type { VmTabProps } from '../registry.js';
import { XmlApplyDialog, type XmlPreview } from './XmlApplyDialog.js';
import { XmlEditor } from './XmlEditor.js';
import { markErrorLine, replaceDoc, showErrorAt } from './xml-editor-setup.js';
import './xml.css';

/** The line and column a not-well-formed error names, if it names them. */
function errorPosition(err: unknown): { line: number; column: number } | null {
  const e = asApiError(err);
  if (e.messageId !== 'config.notXmlAt') return null;
  const { line, column } = e.params;
  return typeof line === 'number' && typeof column === 'number' ? { line, column } : null;
}

export function XmlTab({ target, vm, host }: VmTabProps) {
  const { t } = useTranslation();
  const readonlyConnection = useStore((s) => connectionById(target.connection)(s)?.spec.readonly === true);
  const [loaded, setLoaded] = useState<DomainConfigXml | null>(null);
  /** The definition as it is now, when it changed while the user had edits (loaded stays theirs). */
  const [newer, setNewer] = useState<DomainConfigXml | null>(null);
  const [liveXml, setLiveXml] = useState<string | undefined>(undefined);
  const [readError, setReadError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [preview, setPreview] = useState<XmlPreview | null>(null);
  const [status, setStatus] = useState('');
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const view = useRef<EditorView | null>(null);
  const text = useRef('');
  const defId = useId();
  const liveId = useId();
  const running = vm.state !== 'shutoff' && vm.state !== 'crashed' && vm.state !== 'nostate';

  // Reads overlap (events arrive while one is in flight): only the latest counts.
  const seq = useRef(0);
  const dirtyRef = useRef(false);
  dirtyRef.current = dirty;
  const loadedEtag = useRef<string | undefined>(undefined);
  loadedEtag.current = loaded?.etag;
  // A forced reload (after a write, or Reload) stays forced when a later read supersedes it.
  const forced = useRef(false);
  /** The etag of what this tab last wrote: reading it back is not a change made elsewhere. */
  const written = useRef<string | null>(null);
  const load = useCallback(
    async (force = false) => {
      if (force) forced.current = true;
      const mine = ++seq.current;
      try {
        const [config, hw] = await Promise.all([api().domains.xml({ ref: target }), running ? api().domains.hardware({ ref: target }) : Promise.resolve(null)]);
        if (mine !== seq.current) return;
        setReadError(null);
        setLiveXml(hw?.liveXml);
        if (forced.current || !dirtyRef.current || config.etag === written.current) {
          forced.current = false;
          text.current = config.xml;
          setLoaded(config);
          setNewer(null);
          setDirty(false);
        } else setNewer(loadedEtag.current !== config.etag ? config : null);
      } catch (err) {
        if (mine === seq.current) setReadError(err);
      }
    },
    [target, running],
  );
  useEffect(() => {
    void load();
    return onDomainsChanged((refs) => {
      if (refs.some((r) => r.connection === target.connection && r.uuid === target.uuid)) void load();
    });
  }, [load, target]);

  const onChange = useCallback(
    (doc: string) => {
      text.current = doc;
      const edited = doc !== loaded?.xml;
      setDirty(edited);
      // A reload replaces the text too: only the user's edits clear what the last Apply said.
      if (edited) setStatus('');
    },
    [loaded],
  );

  const readOnlyReason = readonlyConnection ? wordMessage(msg('connection.readOnly', { name: host })) : loaded?.withoutSecrets ? wordMessage(msg('config.noSecrets')) : undefined;

  const apply = async () => {
    if (!loaded || busy) return;
    setBusy(true);
    setError(null);
    setStatus('');
    view.current?.dispatch({ effects: markErrorLine.of(null) });
    const xml = text.current;
    try {
      const { diff } = await api().domains.previewXml({ ref: target, xml, etag: loaded.etag });
      setPreview({ xml, etag: loaded.etag, diff });
    } catch (err) {
      setError(err);
      const at = errorPosition(err);
      if (at && view.current) showErrorAt(view.current, at.line, at.column);
    } finally {
      setBusy(false);
    }
  };
  const revert = () => {
    if (!loaded) return;
    if (view.current) replaceDoc(view.current, newer?.xml ?? loaded.xml);
    if (newer) setLoaded(newer);
    setNewer(null);
    setError(null);
    setDirty(false);
  };
  const reload = () => {
    setPreview(null);
    setError(null);
    void load(true);
  };

  if (!loaded) {
    return (
      <div className="xml-tab" data-testid="vm-xml">
        {readError !== null ? <ErrorNotice error={readError} title={t('details2.xml.readFailed')} /> : <p className="muted">{t('details2.xml.loading')}</p>}
      </div>
    );
  }
  const conflict = error !== null && asApiError(error).code === 'conflict';
  return (
    <div className="xml-tab" data-testid="vm-xml">
      {readError !== null && <ErrorNotice error={readError} title={t('details2.xml.readFailed')} onDismiss={() => setReadError(null)} />}
      {readOnlyReason && (
        <p className="xml-note" data-testid="xml-readonly">
          {readOnlyReason}
        </p>
      )}
      {newer && (
        <div className="xml-note xml-stale" role="status">
          <p>{t('details2.xml.changedElsewhere')}</p>
          <button type="button" onClick={reload}>
            {t('details2.xml.reloadDiscard')}
          </button>
        </div>
      )}
      {error !== null && (
        <div className="xml-error">
          <ErrorNotice error={error} title={t('details2.xml.notWritten')} onDismiss={() => setError(null)} />
          {conflict && (
            <button type="button" onClick={reload}>
              {t('details2.xml.reloadDiscard')}
            </button>
          )}
        </div>
      )}
      <div className={liveXml !== undefined ? 'xml-panes two' : 'xml-panes'}>
        <section className="xml-pane" aria-labelledby={defId}>
          <div className="xml-pane-head">
            <h3 id={defId}>{t('details2.xml.definition')}</h3>
            <p className="muted">{t(running ? 'details2.xml.definitionRunning' : 'details2.xml.definitionOff')}</p>
          </div>
          <XmlEditor doc={loaded.xml} label={t('details2.xml.definition')} readOnly={readOnlyReason !== undefined} onChange={onChange} viewRef={view} testId="xml-definition" />
          <div className="xml-bar">
            <p className="xml-status" role="status">
              {status}
            </p>
            <button type="button" disabled={!dirty} onClick={revert}>
              {t('form.revert')}
            </button>
            <button type="button" className="primary" disabled={!dirty || busy || readOnlyReason !== undefined} onClick={() => void apply()}>
              {busy ? t('details2.xml.checking') : t('form.apply')}
            </button>
          </div>
        </section>
        {liveXml !== undefined && (
          <section className="xml-pane" aria-labelledby={liveId}>
            <div className="xml-pane-head">
              <h3 id={liveId}>{t('details2.xml.live')}</h3>
              <p className="muted">{t('details2.xml.liveHint')}</p>
            </div>
            <XmlEditor doc={liveXml} label={t('details2.xml.live')} readOnly testId="xml-live" />
          </section>
        )}
      </div>
      {preview && (
        <XmlApplyDialog
          target={target}
          preview={preview}
          running={running}
          onCancel={() => setPreview(null)}
          onReload={reload}
          onWritten={(etag) => {
            written.current = etag;
            setPreview(null);
            setStatus(t(running ? 'details2.xml.writtenRunning' : 'details2.xml.written'));
            void load(true);
          }}
        />
      )}
    </div>
  );
}
