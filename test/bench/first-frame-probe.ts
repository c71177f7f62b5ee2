// Measures, inside the page, the time from clicking a button to the first frame a console
// canvas paints: checked on every animation frame, so both Virtdeck and the reference are
// timed the same way, without Playwright's round trips in the figure.

/** Page-side source (a string: the bench is typechecked without DOM types). Resolves to ms. */
export const FIRST_FRAME_PROBE = `window.__firstFrame = (buttonText, canvasSelector) => new Promise((resolve, reject) => {
  const button = [...document.querySelectorAll('button')].find((b) => b.textContent === buttonText);
  if (!button) return reject(new Error('no button ' + buttonText));
  const painted = () => {
    const c = document.querySelector(canvasSelector);
    if (!c || !c.width || !c.height) return false;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length && seen.size < 2; i += 4 * 97) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size > 1;
  };
  const t0 = performance.now();
  const deadline = t0 + 60000;
  button.click();
  const tick = () => {
    if (painted()) resolve(performance.now() - t0);
    else if (performance.now() > deadline) reject(new Error('no frame within 60 s'));
    else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})`;

/** Evaluates the probe in a page that has FIRST_FRAME_PROBE installed. */
export const firstFrameCall = (buttonText: string, canvasSelector: string) => `window.__firstFrame(${JSON.stringify(buttonText)}, ${JSON.stringify(canvasSelector)})`;
