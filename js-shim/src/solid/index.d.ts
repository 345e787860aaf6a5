// Types of @reel/shim/solid: the universal-renderer exports the compiled JSX
// imports, render(), and the JSX intrinsic elements <view>, <image>, <text>.
//
// JSX types: set `"jsx": "preserve", "jsxImportSource": "@reel/shim/solid"`
// in tsconfig.json (solid/jsx-runtime.d.ts: Solid's JSX namespace with only
// Reel's three host elements, so `<div>` or a misspelt property is an error).
import type { JSX } from 'solid-js';
import type {
  ReelNode, Renderer, ReelEvent, ReelElementProps, ReelImageProps, ReelTextProps, ReelVideoProps,
} from '../index.js';

export type { ReelEvent, AnimateProp, ReelElementProps, ReelImageProps, ReelTextProps } from '../index.js';
/** Any host event handler. */
export type ReelHandler = (e: ReelEvent) => void;

/** What Solid adds to every host element. */
export interface SolidHostAttributes {
  ref?: ReelNode | ((node: ReelNode) => void);
  children?: JSX.Element;
}

/** Reel's intrinsic elements under Solid. */
export interface ReelIntrinsicElements {
  view: ReelElementProps & SolidHostAttributes;
  image: ReelImageProps & SolidHostAttributes;
  /** A video surface (the host plays it on a plane under the UI). */
  video: ReelVideoProps & SolidHostAttributes;
  /** String children (or a `text` prop) set the node's text. */
  text: ReelTextProps & SolidHostAttributes;
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
