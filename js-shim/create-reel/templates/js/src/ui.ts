// A tiny helper for building node trees without a framework:
//   h('view', { w: 100, color: '#ff0000' }, [h('text', { text: 'Hi' })])
import type { NodeProps, ReelNode } from '@reel/shim';
import { r } from './renderer';

type Props = NodeProps & { text?: string; src?: string; onKeyDown?: ReelNode['onKeyDown']; onFocus?: ReelNode['onFocus'] };

export function h(type: 'view' | 'text' | 'image', props: Props = {}, children: ReelNode[] = []): ReelNode {
  const { onKeyDown, onFocus, ...rest } = props;
  const n = r.createNode(type, rest as NodeProps);
  if (onKeyDown) n.onKeyDown = onKeyDown;
  if (onFocus) n.onFocus = onFocus;
  for (const c of children) n.appendChild(c);
  return n;
}

/** A screen: its root node, the node to focus first, and what to undo when it leaves. */
export interface Screen {
  node: ReelNode;
  focus: ReelNode | null;
}
