// Entry of the react catalog for `reel run` and browsers: bundled by build.mjs
// into dist/catalog.js, which imports only @reel/shim.
//
//   npm --prefix js-shim run build:catalog-react
//   reel run examples/catalog-react/dist/catalog.js --device tv-midrange --frames 120 --out out/catalog-react
import { createRenderer } from '@reel/shim';
import { main, W, H } from './app.jsx';

const r = await createRenderer({ width: W, height: H });
const app = main(r, { log: (line) => console.log(line) });
try {
  r.attachKeyboard(); // the host's key script under `reel run`, window in a browser
} catch {
  // no key source here
}
console.log(`catalog-react: ${r.nodeCount} nodes, focus ${app.focusedLabel() ?? '(pending)'}`);
