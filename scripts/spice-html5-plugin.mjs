// An esbuild plugin that gives spice-html5 (0.2.1, dormant upstream) one seam: SpiceConn opens
// its WebSockets with `new WebSocket(uri, 'binary')`, hard-coding the subprotocols, and every
// channel (main, display, inputs, cursor, ...) opens its own. Our console tickets travel as a
// subprotocol and are single-use, so each channel must get its own socket from us. The patch
// lets the caller pass `open_socket(uri)` with SpiceMainConn's options; its channels inherit it
// from their parent, and their errors go to its onerror. Without that option the library behaves as before. The build fails if the
// line it patches is not there exactly once (a new spice-html5 needs a look, not a silent miss).
import { readFile } from 'node:fs/promises';

const ORIGINAL = "this.ws = new WebSocket(o.uri, 'binary');";
const PATCHED =
  'this.open_socket = o.parent !== undefined ? o.parent.open_socket : o.open_socket;\n' +
  "    this.ws = this.open_socket !== undefined ? this.open_socket(o.uri) : new WebSocket(o.uri, 'binary');\n" +
  // A channel's errors go to the caller's onerror too; upstream throws them from a socket
  // callback (an uncaught error in the page) when only the main channel has one.
  '    if (o.parent !== undefined && o.onerror === undefined && o.parent.onerror !== undefined) this.onerror = o.parent.onerror;';

function replaceOnce(source, original, patched, file) {
  const at = source.indexOf(original);
  if (at < 0 || source.indexOf(original, at + 1) >= 0) {
    throw new Error(`spice-html5's ${file} no longer contains ${JSON.stringify(original)} exactly once; review scripts/spice-html5-plugin.mjs for this version.`);
  }
  return source.slice(0, at) + patched + source.slice(at + original.length);
}

/** The patched source of spice-html5's spiceconn.js. */
export function patchSpiceConn(source) {
  return replaceOnce(source, ORIGINAL, PATCHED, 'spiceconn.js');
}

// A key with no PS/2 scancode (a media key, say) made upstream open a browser alert() over the
// console on every press; it is now only skipped (scancode 0, which QEMU ignores).
const NO_MAP_ALERT = "alert('no map for ' + code);";

/** The patched source of spice-html5's utils.js. */
export function patchSpiceUtils(source) {
  return replaceOnce(source, NO_MAP_ALERT, '/* no scancode for this key: skipped */', 'utils.js');
}

export const spiceHtml5Plugin = {
  name: 'spice-html5-socket',
  setup(build) {
    build.onLoad({ filter: /[\\/]@spice-project[\\/]spice-html5[\\/]src[\\/]spiceconn\.js$/ }, async (args) => ({
      contents: patchSpiceConn(await readFile(args.path, 'utf8')),
      loader: 'js',
    }));
    build.onLoad({ filter: /[\\/]@spice-project[\\/]spice-html5[\\/]src[\\/]utils\.js$/ }, async (args) => ({
      contents: patchSpiceUtils(await readFile(args.path, 'utf8')),
      loader: 'js',
    }));
  },
};
