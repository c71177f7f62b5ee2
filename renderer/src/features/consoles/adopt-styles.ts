// xterm.js writes its theme and cell sizes into <style> elements it creates. The renderer's CSP
// (style-src 'self') rightly blocks inline style elements, so their rules are mirrored into
// constructed stylesheets (CSSOM, which the CSP allows) and kept in step as xterm rewrites them.
export function adoptInlineStyles(root: HTMLElement): () => void {
  const sheets = new Map<HTMLStyleElement, CSSStyleSheet>();
  const doc = root.ownerDocument;
  const sync = () => {
    for (const el of root.querySelectorAll('style')) {
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
