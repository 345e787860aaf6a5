// examples/apps/grid-1k.js — entry of the grid-1k sample for `reel run`:
//
//   reel run examples/apps/grid-1k.js --device tv-midrange --frames 120 --out out/grid
//
// Builds the shared scene (grid-1k-scene.js) and sways the hero banner on
// every animation frame; the renderer sends each frame's writes itself.
import { createRenderer } from '@reel/shim';
import { buildGrid, W, H } from './grid-1k-scene.js';

const r = await createRenderer({ width: W, height: H });
const scene = buildGrid(r);
console.log(`grid-1k: ${r.nodeCount} nodes`);

function tick(t) {
  scene.animate(t);
  requestAnimationFrame(tick);
}
requestAnimationFrame(tick);
