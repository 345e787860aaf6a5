// JSX types for React apps rendering Reel host nodes: tsconfig.json
// `"jsx": "react-jsx", "jsxImportSource": "@reel/shim/react"`.
//
// Why a namespace of our own: @types/react declares <view>, <text> and
// <image> as SVG elements (and every HTML tag), and a module augmentation
// cannot replace a property's type. Here the intrinsic elements are exactly
// Reel's three, with the props the engine takes (generated from its property
// table, ../props.d.ts); everything else is React's JSX, so components typed
// with React (`FC`, `ReactNode`) mix freely. At run time this module is
// React's own runtime (jsx-runtime.js).
import type * as React from 'react';
import type { ReelIntrinsicElements } from './index.js';

export { Fragment } from 'react';

export namespace JSX {
  type ElementType = React.JSX.ElementType;
  interface Element extends React.JSX.Element {}
  interface ElementClass extends React.JSX.ElementClass {}
  interface ElementAttributesProperty extends React.JSX.ElementAttributesProperty {}
  interface ElementChildrenAttribute extends React.JSX.ElementChildrenAttribute {}
  type LibraryManagedAttributes<C, P> = React.JSX.LibraryManagedAttributes<C, P>;
  interface IntrinsicAttributes extends React.JSX.IntrinsicAttributes {}
  interface IntrinsicClassAttributes<T> extends React.JSX.IntrinsicClassAttributes<T> {}
  interface IntrinsicElements extends ReelIntrinsicElements {}
}

export function jsx(type: React.ElementType, props: unknown, key?: React.Key): React.ReactElement;
export function jsxs(type: React.ElementType, props: unknown, key?: React.Key): React.ReactElement;
