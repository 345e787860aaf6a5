import { render } from '@reel/shim/solid';
import { HashRouter, Route } from '@solidjs/router';
import { r } from './renderer';
import Home from './Home';
import Details from './Details';

// Two routes: the home screen and a poster's details page (a child route:
// the home screen stays mounted under it). The hash router
// keeps the route in location.hash (#/details/0-3): a reload stays there,
// and it works from any static file server and under `reel run`.
render(
  () => (
    <HashRouter>
      <Route path="/" component={Home}>
        <Route path="/" />
        <Route path="/details/:id" component={Details} />
      </Route>
    </HashRouter>
  ),
  r,
);
