// examples/apps/a11y-fail.js — an app that `reel certify`'s accessibility
// gates must fail, each for one precise reason (host/cli/tests/a11y.rs):
//
//   * a11y-names: the "Favourite" button (node 4) is an icon-only view with
//     no `label` and no text: focus lands on it and nothing can be spoken;
//   * a11y-contrast: the caption "Low contrast caption" is #6a6a6a on the
//     #505050 background (1.49:1, needs 4.5:1 at 20 px);
//   * a11y-focus: the "Settings" button (node 6) sits below the others, but
//     both of them block Down (`focusDown` = themselves): arrow keys never
//     reach it.
//
//   reel certify examples/apps/a11y-fail.js --device tv-midrange --script examples/apps/a11y-fail.keys.txt
import { createRenderer } from '@reel/shim';

const r = await createRenderer({ width: 1280, height: 720 });
const bg = r.createNode('view', { w: 1280, h: 720, color: 0x505050ff });
r.root.appendChild(bg);

const button = (x, y, props) => r.createNode('view', { x, y, w: 240, h: 80, color: 0x1a1a1aff, focusable: true, role: 'button', ...props });
const play = button(100, 100, { label: 'Play' }); // node 2
bg.appendChild(play);
play.appendChild(r.createNode('text', { x: 24, w: 200, h: 80, verticalAlign: 'middle', fontSize: 28, text: 'Play', color: 0xffffffff }));
const favourite = button(400, 100, {}); // node 4: an icon, no label, no text
bg.appendChild(favourite);
favourite.appendChild(r.createNode('view', { x: 100, y: 20, w: 40, h: 40, color: 0xffd700ff }));
const settings = button(100, 400, {}); // node 6
bg.appendChild(settings);
settings.appendChild(r.createNode('text', { x: 24, w: 200, h: 80, verticalAlign: 'middle', fontSize: 28, text: 'Settings', color: 0xffffffff }));
play.focusDown = play;
favourite.focusDown = favourite;
bg.appendChild(r.createNode('text', { x: 100, y: 220, text: 'Low contrast caption', fontSize: 20, color: 0x6a6a6aff }));

r.attachKeyboard();
