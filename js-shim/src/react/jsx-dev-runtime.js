// @reel/shim/react/jsx-dev-runtime — React's development JSX runtime,
// re-exported for `"jsxImportSource": "@reel/shim/react"` (see jsx-runtime.js).
export { jsxDEV, Fragment } from 'react/jsx-dev-runtime';
