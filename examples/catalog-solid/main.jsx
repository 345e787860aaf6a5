// Entry of the solid catalog for `reel run` and browsers: bundled by build.mjs
// into dist/catalog.js, which imports only @reel/shim.
//
//   npm --prefix js-shim run build:catalog-solid
//   reel run examples/catalog-solid/dist/catalog.js --device tv-midrange --frames 120 --out out/catalog-solid
import { createRenderer } from '@reel/shim';
import { main, W, H } from './app.jsx';

const r = await createRenderer({ width: W, height: H });
const app = main(r, { log: (line) => console.log(line) });
try {
  r.attachKeyboard(); // the host's key script under `reel run`, window in a browser
} catch {
  // no key source here
}
console.log(`catalog-solid: ${r.nodeCount} nodes, focus ${app.focusedLabel() ?? '(pending)'}`);
