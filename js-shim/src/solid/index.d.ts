// Types of @reel/shim/solid: the universal-renderer exports the compiled JSX
// imports, render(), and the JSX intrinsic elements <view>, <image>, <text>.
import type { JSX } from 'solid-js';
import type { NodeProps, ReelNode, Renderer } from '../index.js';

/** Events handed to on* handlers (see js-shim/src/input.js). */
export interface ReelEvent {
  type: string; key?: string; keyCode?: number; repeat?: boolean; timeStamp: number;
  target: ReelNode | null; currentTarget: ReelNode | Renderer | null; relatedTarget?: ReelNode | null; cause?: string;
  stopPropagation(): void; preventDefault(): void; defaultPrevented: boolean;
}
export type ReelHandler = (e: ReelEvent) => void;

/** `animate={{ to: { scale: 1.1 }, duration: 200, easing: 'ease-out' }}` starts when the value changes. */
export interface AnimateProp { to: Partial<NodeProps>; duration?: number; delay?: number; easing?: unknown; loop?: boolean; iterations?: number; direction?: string }

/** Props every host element takes (framework-neutral part). */
export interface ReelElementProps extends Omit<NodeProps, 'text' | 'src'> {
  style?: NodeProps;
  onKeyDown?: ReelHandler; onKeyUp?: ReelHandler; onClick?: ReelHandler;
  onFocus?: ReelHandler; onBlur?: ReelHandler; onFocusIn?: ReelHandler; onFocusOut?: ReelHandler;
  /** Focus once attached (also `autoFocus`). */
  autofocus?: boolean; autoFocus?: boolean;
  animate?: AnimateProp | null;
  /** `{ scale: 200, x: { duration, easing } }`: later writes of those properties animate. */
  transition?: Record<string, number | { duration?: number; delay?: number; easing?: unknown }> | null;
}

interface SolidHostProps extends ReelElementProps {
  ref?: ReelNode | ((node: ReelNode) => void);
  children?: JSX.Element;
}

declare module 'solid-js' {
  namespace JSX {
    interface IntrinsicElements {
      view: SolidHostProps;
      image: SolidHostProps & { src?: string | null };
      text: SolidHostProps & { text?: string | number | null };
    }
  }
}

/** Mounts `code()` under `parent` (default renderer.root); the disposer unmounts and frees every engine node. */
export function render(code: () => JSX.Element, renderer: Renderer, parent?: ReelNode): () => void;
/** Runs `fn` with `renderer` in scope for creating elements outside render(). */
export function withRenderer<T>(renderer: Renderer, fn: () => T): T;
export const ReelContext: import('solid-js').Context<Renderer | null>;
export const hostConfig: import('solid-js/universal').RendererOptions<ReelNode>;
export function setHostProp(ctx: Renderer | object, node: ReelNode, name: string, value: unknown, prev?: unknown): void;
export function setHostProps(ctx: Renderer | object, node: ReelNode, props: Record<string, unknown>): void;
export function eventType(propName: string): string;

// The universal renderer's runtime (imported by the compiled JSX).
export const effect: import('solid-js/universal').Renderer<ReelNode>['effect'];
export const memo: import('solid-js/universal').Renderer<ReelNode>['memo'];
export const createComponent: import('solid-js/universal').Renderer<ReelNode>['createComponent'];
export const createElement: import('solid-js/universal').Renderer<ReelNode>['createElement'];
export const createTextNode: import('solid-js/universal').Renderer<ReelNode>['createTextNode'];
export const insertNode: import('solid-js/universal').Renderer<ReelNode>['insertNode'];
export const insert: import('solid-js/universal').Renderer<ReelNode>['insert'];
export const spread: import('solid-js/universal').Renderer<ReelNode>['spread'];
export const setProp: import('solid-js/universal').Renderer<ReelNode>['setProp'];
export const mergeProps: import('solid-js/universal').Renderer<ReelNode>['mergeProps'];
export const use: import('solid-js/universal').Renderer<ReelNode>['use'];
