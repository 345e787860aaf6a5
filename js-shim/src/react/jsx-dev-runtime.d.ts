// Types of @reel/shim/react/jsx-dev-runtime: the same JSX namespace as
// jsx-runtime.d.ts (TypeScript reads it under `"jsx": "react-jsxdev"`).
import type * as React from 'react';

export { Fragment, JSX } from './jsx-runtime.js';

export function jsxDEV(
  type: React.ElementType, props: unknown, key: React.Key | undefined, isStatic: boolean, source?: unknown, self?: unknown,
): React.ReactElement;
