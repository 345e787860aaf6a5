import { createRenderer } from '@reel/shim';

const state = (window.__reel = { done: false, error: null, backend: null, bare: null, image: null });
try {
  // No options at all: the packaged engine, font and Worker.
  const bare = await createRenderer();
  state.bare = bare.backend.transport + '/' + bare.backend.name + '/' + (bare.font && bare.font.family);
  bare.destroy();
  // Painting into a canvas: a red tile, text (the default font) and a poster
  // whose relative src resolves against the document.
  const canvas = document.getElementById('screen');
  const r = await createRenderer({ canvas: canvas.transferControlToOffscreen(), width: 320, height: 180 });
  state.backend = r.backend.name;
  r.root.appendChild(r.createNode('view', { x: 0, y: 0, w: 160, h: 180, color: '#ff0000' }));
  r.root.appendChild(r.createNode('text', { x: 170, y: 10, w: 150, fontSize: 24, color: '#ffffff', text: 'Reel' }));
  const img = r.createNode('image', { x: 170, y: 60, w: 64, h: 64, src: 'poster.png' });
  r.root.appendChild(img);
  r.on('error', (e) => { state.error = e.message; });
  r.on('paint', () => {});
  let frames = 0;
  const wait = () => { frames++; if (frames > 30) state.done = true; else requestAnimationFrame(wait); };
  requestAnimationFrame(wait);
} catch (e) {
  state.error = String(e && e.message || e);
  state.done = true;
}
