// JSX types for Reel's host elements under React, for TypeScript only.
//
// Why this file: @types/react already declares <view>, <text> and <image>
// as SVG elements, and a module augmentation cannot replace a property's
// type, so `<view w={100}>` would be checked as SVG. tsconfig.json maps
// react/jsx-runtime (and jsx-dev-runtime) to this file for type checking;
// Vite still compiles with React's real runtime. Types only, nothing here runs.
import type * as React from 'react';
import type { ReelNode } from '@reel/shim';
import type { ReelElementProps } from '@reel/shim/react';

export { Fragment } from 'react';

interface ReelHostProps extends ReelElementProps {
  ref?: React.Ref<ReelNode>;
  key?: React.Key | null;
  children?: React.ReactNode;
}

export namespace JSX {
  type ElementType = React.JSX.ElementType;
  interface Element extends React.JSX.Element {}
  interface ElementClass extends React.JSX.ElementClass {}
  interface ElementAttributesProperty extends React.JSX.ElementAttributesProperty {}
  interface ElementChildrenAttribute extends React.JSX.ElementChildrenAttribute {}
  type LibraryManagedAttributes<C, P> = React.JSX.LibraryManagedAttributes<C, P>;
  interface IntrinsicAttributes extends React.JSX.IntrinsicAttributes {}
  interface IntrinsicClassAttributes<T> extends React.JSX.IntrinsicClassAttributes<T> {}
  interface IntrinsicElements {
    view: ReelHostProps;
    image: ReelHostProps & { src?: string | null };
    /** String children (or a `text` prop) set the node's text. */
    text: ReelHostProps & { text?: string | number | null };
  }
}

export function jsx(type: React.ElementType, props: unknown, key?: React.Key): React.ReactElement;
export function jsxs(type: React.ElementType, props: unknown, key?: React.Key): React.ReactElement;
export function jsxDEV(
  type: React.ElementType, props: unknown, key: React.Key | undefined, isStatic: boolean, source?: unknown, self?: unknown,
): React.ReactElement;
