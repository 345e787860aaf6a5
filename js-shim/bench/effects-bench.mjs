// js-shim/bench/effects-bench.mjs — what rounded corners, borders and
// shadows (issue 16) cost the WebGL2 painter, in one run: 1,000 plain tiles
// vs the same 1,000 tiles each with radius + border + shadow, on a 1920x1080
// OffscreenCanvas in headless Chromium (SwiftShader, as CI). Prints draw
// calls, quads and the GPU time per frame (paint + a 1-pixel readPixels
// that waits for the GPU, the median of 30 frames after 5 warm-up frames)
// for both, alternating plain / effects three times (the machine's load
// changes; compare the ratios of one round), and the ratios.
//
//   node js-shim/bench/effects-bench.mjs
//
// The display lists are written here (the display-list format of
// engine/src/display_list.rs), so only the painter is measured.
import { launch, startServer } from '../../tests/browser/lib/browser.mjs';

const server = await startServer({ port: 0, isolation: true });
const browser = await launch();
try {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/tests/browser/pages/scene.html?scene=none`, { waitUntil: 'load' }).catch(() => {});
  const result = await page.evaluate(async () => {
    const { WebGLPainter } = await import('/js-shim/src/paint/webgl.js');
    const W = 1920, H = 1080, N = 1000;
    function list(effects) {
      const items = [];
      const item = (kind, f) => { const b = new ArrayBuffer(80); f(new DataView(b)); items.push(new Uint8Array(b)); };
      const quad = (dv, kind, x, y, w, h, color) => {
        dv.setUint32(0, kind, true);
        [1, 0, 0, 1, x, y].forEach((v, i) => dv.setFloat32(16 + 4 * i, v, true));
        dv.setFloat32(40, w, true); dv.setFloat32(44, h, true);
        for (let k = 0; k < 4; k++) dv.setUint32(48 + 4 * k, color, true);
      };
      item(1, (dv) => quad(dv, 1, 0, 0, W, H, 0x101018ff));
      for (let i = 0; i < N; i++) {
        const x = 8 + (i % 40) * 47.8, y = 8 + Math.floor(i / 40) * 42.8, w = 40, h = 34;
        if (effects) {
          item(6, (dv) => { // shadow: offset (0, 4), blur 12
            dv.setUint32(0, 6, true); dv.setFloat32(12, 12, true);
            [1, 0, 0, 1, x, y + 4].forEach((v, k) => dv.setFloat32(16 + 4 * k, v, true));
            dv.setFloat32(40, w, true); dv.setFloat32(44, h, true); dv.setUint32(48, 0x000000a0, true);
            for (let k = 0; k < 4; k++) dv.setFloat32(64 + 4 * k, 8, true);
          });
          item(7, (dv) => { // shape: radius 8, 2 px white border
            dv.setUint32(0, 7, true); dv.setFloat32(12, 2, true); dv.setUint32(48, 0xffffffff, true);
            for (let k = 0; k < 4; k++) dv.setFloat32(64 + 4 * k, 8, true);
          });
        }
        item(1, (dv) => quad(dv, 1, x, y, w, h, 0x3060c0ff));
      }
      const out = new Uint8Array(32 + 80 * items.length);
      const hv = new DataView(out.buffer);
      hv.setUint32(0, 0x4c444552, true); hv.setUint32(4, 1, true); hv.setUint32(8, items.length, true);
      hv.setFloat32(16, W, true); hv.setFloat32(20, H, true);
      items.forEach((b, i) => out.set(b, 32 + 80 * i));
      return out;
    }
    const canvas = new OffscreenCanvas(W, H);
    const p = WebGLPainter.create(canvas);
    const px = new Uint8Array(4);
    const run = (bytes) => {
      const times = [];
      let stats;
      for (let f = 0; f < 35; f++) {
        const t0 = performance.now();
        stats = p.paint(bytes);
        p.gl.readPixels(0, 0, 1, 1, p.gl.RGBA, p.gl.UNSIGNED_BYTE, px); // waits for the GPU
        if (f >= 5) times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      return { draws: stats.draws, quads: stats.quads, ms: times[times.length >> 1] };
    };
    const plain = list(false), effects = list(true);
    const rounds = [];
    for (let r = 0; r < 3; r++) rounds.push({ plain: run(plain), effects: run(effects) });
    return rounds;
  });
  console.log('round | tiles | draws | quads | GPU ms/frame (median of 30, SwiftShader)');
  result.forEach(({ plain, effects }, r) => {
    console.log(`${r} | 1000 plain | ${plain.draws} | ${plain.quads} | ${plain.ms.toFixed(2)}`);
    console.log(`${r} | 1000 radius+border+shadow | ${effects.draws} | ${effects.quads} | ${effects.ms.toFixed(2)}`);
  });
  console.log(`ratio effects/plain per round: ${result.map(({ plain, effects }) => `${(effects.ms / plain.ms).toFixed(2)}x`).join(', ')}`);
} finally {
  await browser.close();
  await server.close();
}
