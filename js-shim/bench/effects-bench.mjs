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
// engine/wire/src/display_list.rs), so only the painter is measured.
import { launch, startServer } from '../../tests/browser/lib/browser.mjs';

const server = await startServer({ port: 0, isolation: true });
const browser = await launch();
try {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/tests/browser/pages/scene.html?scene=none`, { waitUntil: 'load' }).catch(() => {});
  const result = await page.evaluate(async () => {
    const { WebGLPainter } = await import('/js-shim/src/paint/webgl.js');
    const W = 1920, H = 1080, N = 1000;
    // effects: 'plain' | 'effects' | 'floor'. 'floor' draws, with plain
    // colour quads, the pixels the effects frame must touch at least: the
    // shadows' blurred bounds (3 sigma + 1 px, as the painter pads them)
    // minus the tile's opaque core they are hidden under, and the tile.
    // effects/floor is the shader's cost per pixel; floor/plain is what
    // any painter pays for the shadow's larger area.
    function list(mode) {
      const effects = mode === 'effects';
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
        if (mode === 'floor') {
          const p = 19, sy = y + 4, c = 0x00000050, core = 8 * (1 - Math.SQRT1_2);
          const cx0 = Math.ceil(x + core), cx1 = Math.floor(x + w - core), cy0 = Math.ceil(y + core), cy1 = Math.floor(y + h - core);
          const band = (x0, y0, x1, y1) => item(1, (dv) => quad(dv, 1, x0, y0, x1 - x0, y1 - y0, c));
          band(x - p, sy - p, x + w + p, cy0); band(x - p, cy1, x + w + p, sy + h + p);
          band(x - p, cy0, cx0, cy1); band(cx1, cy0, x + w + p, cy1);
        }
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
    const plain = list('plain'), effects = list('effects'), floor = list('floor');
    const rounds = [];
    for (let r = 0; r < 3; r++) rounds.push({ plain: run(plain), effects: run(effects), floor: run(floor) });
    return rounds;
  });
  console.log('round | tiles | draws | quads | GPU ms/frame (median of 30, SwiftShader)');
  result.forEach(({ plain, effects, floor }, r) => {
    console.log(`${r} | 1000 plain | ${plain.draws} | ${plain.quads} | ${plain.ms.toFixed(2)}`);
    console.log(`${r} | 1000 radius+border+shadow | ${effects.draws} | ${effects.quads} | ${effects.ms.toFixed(2)}`);
    console.log(`${r} | floor: the same pixels as plain quads | ${floor.draws} | ${floor.quads} | ${floor.ms.toFixed(2)}`);
  });
  const per = (f) => result.map((r) => `${f(r).toFixed(2)}x`).join(', ');
  console.log(`ratio effects/plain per round: ${per(({ plain, effects }) => effects.ms / plain.ms)}`);
  console.log(`ratio floor/plain (the shadows' extra pixels, any painter): ${per(({ plain, floor }) => floor.ms / plain.ms)}`);
  console.log(`ratio effects/floor (cost per pixel of the effects shaders): ${per(({ effects, floor }) => effects.ms / floor.ms)}`);
} finally {
  await browser.close();
  await server.close();
}
