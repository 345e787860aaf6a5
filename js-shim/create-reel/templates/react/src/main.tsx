import { createRoot } from '@reel/shim/react';
import { HashRouter, Route, Routes } from 'react-router';
import { r } from './renderer';
import Home from './Home';
import Details from './Details';

// Two routes: the home screen and a poster's details page (a child route:
// the home screen stays mounted under it). The hash router
// keeps the route in location.hash (#/details/0-3): a reload stays there,
// and it works from any static file server and under `reel run`.
//
// useTransitions={false}: a route change renders in the frame of the key
// press that caused it. With React transitions (the router's default) it
// lands a frame or two later — 34 ms from key to the details page on the
// console profile, whose reel certify input-latency gate is 20 ms.
createRoot(r).render(
  <HashRouter useTransitions={false}>
    <Routes>
      <Route path="/" element={<Home />}>
        <Route path="details/:id" element={<Details />} />
      </Route>
    </Routes>
  </HashRouter>,
);
