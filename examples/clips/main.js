// examples/clips/main.js — the clips feed under the native host:
//
//   reel run examples/clips/main.js --device stick-lowend --keys examples/clips/keys.txt --out out/clips
//   reel certify examples/clips/main.js --device all --script examples/clips/keys.txt
//
// The host's video plane decodes assets/clip.webp (tools/make-test-clip.sh)
// on the emulated clock; the key script reaches the app through
// renderer.attachKeyboard().
import { createRenderer } from '@reel/shim';
import { main, W, H } from './app.js';

const r = await createRenderer({ width: W, height: H });
const app = main(r, { log: (line) => console.log(`clips: ${line}`) });
r.attachKeyboard();
console.log(`clips: ${r.nodeCount} nodes, ${app.pages.length} clips`);
