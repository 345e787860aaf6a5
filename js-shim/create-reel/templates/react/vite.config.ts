import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// React renders Reel host nodes (<view>, <text>, <image>) through
// @reel/shim/react; Fast Refresh keeps component state, the renderer and
// focus while you edit a component.
export default defineConfig({
  plugins: [react()],
});
