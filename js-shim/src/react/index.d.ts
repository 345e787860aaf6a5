// Types of @reel/shim/react: createRoot, flushSync, and the JSX intrinsic
// elements <view>, <image>, <text>.
//
// JSX types: set `"jsx": "react-jsx", "jsxImportSource": "@reel/shim/react"`
// in tsconfig.json (react/jsx-runtime.d.ts: React's JSX namespace with only
// Reel's three host elements; at run time React's own JSX runtime).
import type { ReactNode, Ref, Key } from 'react';
import type {
  ReelNode, Renderer, ReelEvent, ReelElementProps, ReelImageProps, ReelTextProps, ReelVideoProps,
} from '../index.js';

export type { ReelEvent, AnimateProp, ReelElementProps, ReelImageProps, ReelTextProps } from '../index.js';
/** Any host event handler. */
export type ReelHandler = (e: ReelEvent) => void;

/** What React adds to every host element. */
export interface ReactHostAttributes {
  ref?: Ref<ReelNode>;
  key?: Key | null;
  children?: ReactNode;
}

/** Reel's intrinsic elements under React. */
export interface ReelIntrinsicElements {
  view: ReelElementProps & ReactHostAttributes;
  image: ReelImageProps & ReactHostAttributes;
  /** A video surface (the host plays it on a plane under the UI). */
  video: ReelVideoProps & ReactHostAttributes;
  /** String children (or a `text` prop) set the node's text. */
  text: ReelTextProps & ReactHostAttributes;
}

export interface ReelRoot {
  /** Schedules a render (committed asynchronously). */
  render(element: ReactNode): void;
  /** Renders and commits before returning (plus passive effects). */
  renderSync(element: ReactNode): void;
  /** Unmounts synchronously; every engine node of the root is destroyed. */
  unmount(): void;
  /** Flushes pending sync work and passive effects. */
  flush(): void;
  readonly container: { renderer: Renderer; node: ReelNode };
  readonly fiberRoot: unknown;
}

export function createRoot(renderer: Renderer, opts?: {
  parent?: ReelNode; identifierPrefix?: string;
  onUncaughtError?: (e: unknown) => void; onCaughtError?: (e: unknown) => void; onRecoverableError?: (e: unknown) => void;
}): ReelRoot;
export function flushSync<T>(fn: () => T): T;
export function act(fn: () => void): void;
export const reconciler: unknown;
