// Which poster had the focus last, and the tile nodes by poster id: when the
// user comes back from a details page, the home screen (kept alive under
// it) focuses that poster again, and a rebuilt home screen (hot module
// replacement) starts there.
import type { ReelNode } from '@reel/shim';
import { r } from './renderer';

let last: string | null = null;
const tiles = new Map<string, ReelNode>();

export const lastPoster = () => last;
export const rememberPoster = (id: string) => {
  last = id;
};
export const registerTile = (id: string, node: ReelNode) => {
  tiles.set(id, node);
};
/** Focuses the poster opened last (if any); true when it did. */
export function focusLastPoster(): boolean {
  const t = last ? tiles.get(last) : undefined;
  if (!t || t.destroyed) return false;
  r.focus(t);
  return true;
}
