import { r } from './renderer';
import { startRouter, type Route, type Params } from './router';
import type { Screen } from './ui';
import { focusLastPoster } from './focus';
import { home } from './home';
import { details } from './details';

// Two routes: the home screen and a poster's details page. The home screen
// is built once and stays (hidden) under a details page, so Back is
// instant — nothing is rebuilt — and focus goes back to the poster.
const routes: Route[] = [
  { path: '/', screen: home },
  { path: '/details/:id', screen: details },
];

let homeScreen: Screen | null = null;
let page: { screen: Screen; route: Route; params: Params } | null = null; // a screen over home
let at: { route: Route; params: Params } | null = null;

function buildHome() {
  const old = homeScreen;
  homeScreen = routes[0].screen({});
  r.root.insertBefore(homeScreen.node, r.root.firstChild);
  old?.node.destroy(); // the whole subtree, engine nodes included
}

function show(route: Route, params: Params) {
  if (!homeScreen) buildHome();
  const home = homeScreen!;
  page?.screen.node.destroy();
  page = null;
  at = { route, params };
  if (route === routes[0]) {
    home.node.visible = true;
    if (!focusLastPoster() && home.focus) r.focus(home.focus);
    return;
  }
  home.node.visible = false;
  const screen = route.screen(params);
  r.root.appendChild(screen.node);
  if (screen.focus) r.focus(screen.focus);
  page = { screen, route, params };
}

startRouter(routes, show);

// Hot module replacement: an edited screen module replaces its route's
// screen function and that screen is rebuilt in place — no reload; the
// renderer, the route and the focused poster survive.
if (import.meta.hot) {
  import.meta.hot.accept(['./home', './details'], ([h, d]) => {
    if (h) {
      routes[0].screen = h.home;
      buildHome();
    }
    if (d) routes[1].screen = d.details;
    if (at) show(at.route, at.params);
  });
}
