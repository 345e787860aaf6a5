// Builds the React catalog with esbuild (JSX automatic runtime, production React):
//
//   dist/catalog.js  the `reel run` / browser bundle: one ES module importing
//                    only '@reel/shim' (React, react-reconciler, scheduler, the
//                    adapter and the app inside)
//   dist/app.js      the app alone (exports main(r)), no imports: for tests
//   dist/assets/     a copy of examples/catalog/assets/ (posters, hero art)
//
//   node examples/catalog-react/build.mjs      (npm --prefix js-shim run build:catalog-react)
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const shim = path.resolve(here, '../../js-shim');
const req = createRequire(path.join(shim, 'package.json'));
const esbuild = await import(pathToFileURL(req.resolve('esbuild')).href);

const shimAliases = {
  name: 'reel-shim',
  setup(b) {
    b.onResolve({ filter: /^@reel\/shim\/react$/ }, () => ({ path: path.join(shim, 'src/react/index.js') }));
    b.onResolve({ filter: /^@reel\/shim$/ }, () => ({ path: '@reel/shim', external: true }));
  },
};

export async function build({ minify = true, write = true } = {}) {
  const common = {
    bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify, write, legalComments: 'none',
    jsx: 'automatic', jsxImportSource: 'react',
    define: { 'process.env.NODE_ENV': '"production"' },
    nodePaths: [path.join(shim, 'node_modules')],
    plugins: [shimAliases],
    logLevel: 'warning',
  };
  const [a, b] = await Promise.all([
    esbuild.build({ ...common, entryPoints: [path.join(here, 'main.jsx')], outfile: path.join(here, 'dist/catalog.js') }),
    esbuild.build({ ...common, entryPoints: [path.join(here, 'app.jsx')], outfile: path.join(here, 'dist/app.js') }),
  ]);
  // The catalog's art (examples/catalog/assets/): image srcs resolve against the bundle's root.
  if (write) fs.cpSync(path.join(here, '../catalog/assets'), path.join(here, 'dist/assets'), { recursive: true });
  return { catalog: path.join(here, 'dist/catalog.js'), app: path.join(here, 'dist/app.js'), results: [a, b] };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = await build();
  console.log(`built ${path.relative(process.cwd(), out.catalog)} and ${path.relative(process.cwd(), out.app)}`);
}
