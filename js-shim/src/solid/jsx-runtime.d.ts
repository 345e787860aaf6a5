// JSX types for Solid apps rendering Reel host nodes: tsconfig.json
// `"jsx": "preserve", "jsxImportSource": "@reel/shim/solid"`.
//
// Why a namespace of our own: solid-js's JSX declares <view>, <text> and
// <image> as SVG elements and every HTML tag, and a module augmentation
// cannot replace an inherited property's type. Here the intrinsic elements
// are exactly Reel's three, with the props the engine takes (generated from
// its property table, ../props.d.ts); everything else is Solid's JSX, so
// components typed with solid-js (`Component`, `JSX.Element`) mix freely.
// Types only: Solid's compiler (babel-preset-solid, `generate: 'universal'`,
// `moduleName: '@reel/shim/solid'`) emits the runtime calls.
import type { JSX as SolidJSX } from 'solid-js';
import type { ReelIntrinsicElements } from './index.js';

export namespace JSX {
  type Element = SolidJSX.Element;
  interface ArrayElement extends SolidJSX.ArrayElement {}
  interface ElementClass extends SolidJSX.ElementClass {}
  interface ElementAttributesProperty extends SolidJSX.ElementAttributesProperty {}
  interface ElementChildrenAttribute extends SolidJSX.ElementChildrenAttribute {}
  interface IntrinsicElements extends ReelIntrinsicElements {}
}
