// Types of @reel/shim/react: createRoot, flushSync, and the JSX intrinsic
// elements <view>, <image>, <text>.
import type { ReactNode, Ref } from 'react';
import type { ReelNode, Renderer } from '../index.js';
import type { ReelElementProps } from '../solid/index.js';

export type { ReelEvent, ReelHandler, AnimateProp, ReelElementProps } from '../solid/index.js';

interface ReactHostProps extends ReelElementProps {
  ref?: Ref<ReelNode>;
  key?: string | number | null;
  children?: ReactNode;
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      view: ReactHostProps;
      image: ReactHostProps & { src?: string | null };
      /** String children (or a `text` prop) set the node's text. */
      text: ReactHostProps & { text?: string | number | null };
    }
  }
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
