// What the page's Content Security Policy refused, as Chromium reports it: every enforced
// violation is logged to the page's console ("Refused to apply inline style because it violates
// the following Content Security Policy directive: …"). Watches every page of the context, so a
// detached console's tab counts too.
import type { BrowserContext, Page } from 'playwright-core';

export function watchCsp(context: BrowserContext): string[] {
  const refused: string[] = [];
  const watch = (p: Page) =>
    p.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
  for (const p of context.pages()) watch(p);
  context.on('page', watch);
  return refused;
}
