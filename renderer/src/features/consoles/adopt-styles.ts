// xterm.js writes its theme and cell sizes into <style> elements it creates. The renderer's CSP
// (style-src 'self') rightly refuses inline style elements, and reports every refusal (a console
// error each time xterm rewrites one; Chromium checks the CSP before it looks at a style
// element's type, so no type makes one inert). So xterm's "style elements" are <template>
// elements, which hold their text without applying or rendering it, and their rules are mirrored
// into constructed stylesheets (CSSOM, which the CSP allows), kept in step as xterm rewrites them.

/** Marks the templates that stand in for xterm's style elements. */
const STANDS_FOR_STYLE = 'data-adopted-style';

function inertCreateElement(doc: Document): (tag: string, options?: ElementCreationOptions) => HTMLElement {
  // The prototype's: withInertStyles shadows the document's own for a while.
  const create = (tag: string, options?: ElementCreationOptions): HTMLElement => Document.prototype.createElement.call(doc, tag, options);
  return (tag, options) => {
    if (tag.toLowerCase() !== 'style') return create(tag, options);
    // xterm only sets its textContent, inserts and removes it: a template does all of that inertly.
    const el = create('template');
    el.setAttribute(STANDS_FOR_STYLE, '');
    return el;
  };
}

/**
 * `doc` as xterm should see it (its documentOverride option): the same document, except that
 * the <style> elements it asks for are stand-ins (a style element is checked against the CSP as
 * soon as it is inserted). xterm takes an override only if it is a Document, which a proxy of
 * one is; its methods run on the real document.
 */
export function inertStyleDocument(doc: Document): Document {
  const createElement = inertCreateElement(doc);
  return new Proxy(doc, {
    get(target, prop) {
      if (prop === 'createElement') return createElement;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Runs xterm's open(): xterm 6 creates its scrollbar's <style> through window.document whatever
 * the override says, so during this synchronous call the document's own createElement makes the
 * same stand-ins.
 */
export function withInertStyles<T>(doc: Document, open: () => T): T {
  const own = Object.getOwnPropertyDescriptor(doc, 'createElement');
  Object.defineProperty(doc, 'createElement', { value: inertCreateElement(doc), configurable: true, writable: true });
  try {
    return open();
  } finally {
    if (own) Object.defineProperty(doc, 'createElement', own);
    else delete (doc as unknown as Record<string, unknown>).createElement;
  }
}

export function adoptInlineStyles(root: HTMLElement): () => void {
  const sheets = new Map<Element, CSSStyleSheet>();
  const doc = root.ownerDocument;
  const sync = () => {
    for (const el of root.querySelectorAll(`template[${STANDS_FOR_STYLE}]`)) {
      let sheet = sheets.get(el);
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheets.set(el, sheet);
        doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
      }
      sheet.replaceSync(el.textContent ?? '');
    }
    for (const [el, sheet] of sheets) {
      if (root.contains(el)) continue;
      sheets.delete(el);
      doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
    }
  };
  const observer = new MutationObserver(sync);
  observer.observe(root, { subtree: true, childList: true, characterData: true });
  sync();
  return () => {
    observer.disconnect();
    const mine = new Set(sheets.values());
    doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => !mine.has(s));
  };
}
