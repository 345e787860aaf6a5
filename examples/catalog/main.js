// examples/catalog/main.js — the catalog under the native host:
//
//   reel run examples/catalog/main.js --device tv-midrange --keys examples/catalog/keys.txt --frames 240
//
// The host's key script reaches the app through renderer.attachKeyboard()
// (with no target it listens to `__reel_host.onKey`), i.e. through
// renderer.handleKey like a browser keydown. Focus changes and the details
// overlay are logged (the run's log.txt / the integration tests read them).
import { createRenderer } from '@reel/shim';
import { main, W, H } from './app.js';

const r = await createRenderer({ width: W, height: H });
const app = main(r, { log: (line) => console.log(`catalog: ${line}`) });
r.attachKeyboard();
r.on('navedge', (e) => console.log(`catalog: edge ${e.dir}`));
console.log(`catalog: ${r.nodeCount} nodes, ${app.tiles.length} rows x ${app.tiles[0].length} tiles`);
