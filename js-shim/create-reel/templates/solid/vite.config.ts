import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

// Solid compiles JSX for Reel's host nodes (<view>, <text>, <image>) with its
// universal renderer from @reel/shim/solid; hot module replacement
// (solid-refresh) keeps the page, the renderer and focus while you edit.
export default defineConfig({
  plugins: [solid({ solid: { generate: 'universal', moduleName: '@reel/shim/solid' } })],
});
