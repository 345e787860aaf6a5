// @reel/shim/react/jsx-runtime — React's automatic JSX runtime, re-exported
// so that `"jsxImportSource": "@reel/shim/react"` (tsconfig.json; Vite's
// React plugin and esbuild read the same option) compiles JSX exactly as
// React's own runtime does. The reason for the entry is its types
// (jsx-runtime.d.ts): <view>, <image> and <text> get Reel's props instead of
// @types/react's SVG elements of the same names.
export { jsx, jsxs, Fragment } from 'react/jsx-runtime';
