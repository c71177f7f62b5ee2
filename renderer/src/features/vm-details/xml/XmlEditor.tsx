// A CodeMirror editor of XML in a React tree. It sits in a shadow root of its host element so
// that CodeMirror's styles go into a constructed stylesheet (CSP-clean; see xml-editor-setup.ts);
// CSS variables still reach it from the page, so it follows the light and dark themes.
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { useEffect, useRef, type RefObject } from 'react';
import { replaceDoc, xmlEditorExtensions } from './xml-editor-setup.js';

export function XmlEditor(props: {
  /** The text as loaded: a new value (a reload) replaces what the editor holds. */
  doc: string;
  /** The accessible name, as the editor's heading shows it. */
  label: string;
  readOnly: boolean;
  onChange?(doc: string): void;
  /** Set to the editor's view while it is mounted (to mark an error, to revert). */
  viewRef?: RefObject<EditorView | null>;
  testId?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  const { label, readOnly, viewRef } = props;
  const firstDoc = useRef(props.doc);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const root = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
    const v = new EditorView({
      state: EditorState.create({
        doc: view.current?.state.doc.toString() ?? firstDoc.current,
        extensions: xmlEditorExtensions({ label, readOnly, onChange: (d) => onChange.current?.(d) }),
      }),
      parent: root,
      root,
    });
    view.current = v;
    if (viewRef) viewRef.current = v;
    return () => {
      v.destroy();
      if (viewRef) viewRef.current = null;
    };
  }, [label, readOnly, viewRef]);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== props.doc) replaceDoc(v, props.doc);
  }, [props.doc]);

  return <div className="xml-editor" ref={host} data-testid={props.testId} />;
}
