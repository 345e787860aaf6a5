// The app's one renderer. In a browser the engine runs in a Web Worker and
// paints the #screen canvas; under `reel run` / `reel certify` the native
// host runs it (there is no canvas: the host paints).
import { createRenderer } from '@reel/shim';
import { W, H } from './data';

const canvas = document.getElementById('screen') as HTMLCanvasElement | null;

export const r = await createRenderer({
  width: W,
  height: H,
  canvas: canvas && 'transferControlToOffscreen' in canvas ? canvas.transferControlToOffscreen() : undefined,
});

r.on('error', (e) => console.error('reel:', e.message));
// Arrow keys, Enter and Back (Escape / Backspace, the remote's Back key).
r.attachKeyboard();
// Handy in devtools (and the starter's own test reads it).
(globalThis as { reel?: typeof r }).reel = r;
