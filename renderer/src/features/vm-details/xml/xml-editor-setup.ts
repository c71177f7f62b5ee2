// CodeMirror 6 set up for a libvirt XML definition: highlighting and folding, line numbers,
// undo, and a mark on the line an error names. Its look comes from the page's CSS variables
// (both themes), through CodeMirror's own theme: the editor lives in a shadow root (see
// XmlEditor.tsx), where CodeMirror puts its styles into a constructed stylesheet, which the
// page's CSP (style-src 'self') allows, instead of the <style> element it makes in a document.
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { xml } from '@codemirror/lang-xml';
import { bracketMatching, codeFolding, foldGutter, foldKeymap, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { EditorState, RangeSet, StateEffect, StateField, type Extension } from '@codemirror/state';
import {
  Decoration,
  type DecorationSet,
  drawSelection,
  EditorView,
  GutterMarker,
  gutterLineClass,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { tags } from '@lezer/highlight';

/** Marks one line (1-based) as the one an error names; null clears the mark. */
export const markErrorLine = StateEffect.define<number | null>();

class ErrorGutterMarker extends GutterMarker {
  override elementClass = 'cm-error-gutter';
}
const errorGutterMarker = new ErrorGutterMarker();
const errorLineDecoration = Decoration.line({ class: 'cm-error-line' });

/** The marked line as a line decoration and a gutter class; it moves with edits above it. */
const errorLine = StateField.define<{ line: DecorationSet; gutter: RangeSet<GutterMarker> }>({
  create: () => ({ line: Decoration.none, gutter: RangeSet.of<GutterMarker>([]) }),
  update(value, tr) {
    let next = { line: value.line.map(tr.changes), gutter: value.gutter.map(tr.changes) };
    for (const e of tr.effects) {
      if (!e.is(markErrorLine)) continue;
      if (e.value === null || e.value < 1 || e.value > tr.state.doc.lines) next = { line: Decoration.none, gutter: RangeSet.of<GutterMarker>([]) };
      else {
        const from = tr.state.doc.line(e.value).from;
        next = { line: Decoration.set([errorLineDecoration.range(from)]), gutter: RangeSet.of([errorGutterMarker.range(from)]) };
      }
    }
    return next;
  },
  provide: (f) => [EditorView.decorations.from(f, (v) => v.line), gutterLineClass.from(f, (v) => v.gutter)],
});

/**
 * Typing over a selection is done here rather than by the browser: Chromium's contenteditable,
 * replacing a selection across highlighted spans, keeps their look by writing `style`
 * attributes, which the page's CSP refuses (and reports) even though CodeMirror redraws the
 * text anyway. Single characters typed at the cursor, and composition (IME), stay native.
 */
const replaceSelectionInput = EditorView.domEventHandlers({
  beforeinput(event, view) {
    if (event.isComposing || view.state.readOnly || view.state.selection.ranges.every((r) => r.empty)) return false;
    if (event.inputType !== 'insertText' && event.inputType !== 'insertReplacementText' && !event.inputType.startsWith('delete')) return false;
    const text = event.inputType.startsWith('delete') ? '' : (event.data ?? event.dataTransfer?.getData('text/plain') ?? '');
    event.preventDefault();
    view.dispatch(view.state.replaceSelection(text), { scrollIntoView: true, userEvent: text ? 'input.type' : 'delete.selection' });
    return true;
  },
});

/** XML's parts in the page's colours (variables set per theme in xml.css). */
const highlight = HighlightStyle.define([
  { tag: tags.tagName, color: 'var(--xml-tag)' },
  { tag: tags.attributeName, color: 'var(--xml-attr)' },
  { tag: tags.attributeValue, color: 'var(--xml-value)' },
  { tag: [tags.comment, tags.processingInstruction, tags.documentMeta], color: 'var(--muted)', fontStyle: 'italic' },
  { tag: [tags.angleBracket, tags.definitionOperator], color: 'var(--muted)' },
  { tag: tags.character, color: 'var(--xml-value)' },
  { tag: tags.invalid, color: 'var(--danger)' },
]);

const theme = EditorView.theme({
  '&': { height: '100%', color: 'var(--fg)', backgroundColor: 'var(--panel)', fontSize: '12.5px' },
  '&.cm-focused': { outline: '2px solid var(--accent)', outlineOffset: '-2px' },
  '.cm-scroller': { fontFamily: 'ui-monospace, monospace', lineHeight: '1.5', overflow: 'auto' },
  '.cm-content': { caretColor: 'var(--fg)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--fg)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--xml-selection)' },
  '.cm-gutters': { backgroundColor: 'var(--bg)', color: 'var(--muted)', borderRight: '1px solid var(--line)' },
  '.cm-activeLine': { backgroundColor: 'var(--xml-active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--xml-active-line)', color: 'var(--fg)' },
  '.cm-foldPlaceholder': { backgroundColor: 'var(--sel)', border: '1px solid var(--line)', color: 'var(--fg)', padding: '0 4px' },
  '.cm-foldGutter .cm-gutterElement': { cursor: 'pointer', padding: '0 4px' },
  '.cm-matchingBracket, &.cm-focused .cm-matchingBracket': { backgroundColor: 'var(--xml-match)', outline: 'none' },
  '.cm-error-line': { backgroundColor: 'var(--xml-error-line)' },
  '.cm-error-gutter': { backgroundColor: 'var(--danger)', color: 'var(--panel)', fontWeight: '600' },
  '&.cm-readonly .cm-content': { cursor: 'default' },
});

/**
 * The editor's extensions. `label` is its accessible name (as its heading shows it);
 * `readOnly` keeps the text selectable and copyable but unchangeable.
 */
export function xmlEditorExtensions(options: { label: string; readOnly: boolean; onChange?(doc: string): void }): Extension[] {
  const { onChange } = options;
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    codeFolding(),
    foldGutter(),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    highlightActiveLine(),
    xml(),
    syntaxHighlighting(highlight),
    theme,
    errorLine,
    replaceSelectionInput,
    // Tab stays with the page (moving focus on), as WCAG's "no keyboard trap" asks: no indentWithTab.
    keymap.of([...defaultKeymap, ...historyKeymap, ...foldKeymap]),
    EditorState.readOnly.of(options.readOnly),
    EditorView.editorAttributes.of({ class: options.readOnly ? 'cm-readonly' : '' }),
    EditorView.contentAttributes.of({ 'aria-label': options.label }),
    onChange ? EditorView.updateListener.of((u) => u.docChanged && onChange(u.state.doc.toString())) : [],
  ];
}

/** Puts the cursor at a line and column (1-based, as libvirt's and the parser's errors count), marks the line, scrolls to it. */
export function showErrorAt(view: EditorView, line: number, column: number): void {
  const doc = view.state.doc;
  if (line < 1 || line > doc.lines) return;
  const l = doc.line(line);
  const pos = Math.min(l.from + Math.max(0, column - 1), l.to);
  view.dispatch({ selection: { anchor: pos }, effects: [markErrorLine.of(line), EditorView.scrollIntoView(pos, { y: 'center' })] });
}

/** Replaces the whole text (a reload) and clears the error mark. */
export function replaceDoc(view: EditorView, text: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, effects: markErrorLine.of(null) });
}
