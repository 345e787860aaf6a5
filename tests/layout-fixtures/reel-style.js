// tests/layout-fixtures/reel-style.js — turns each fixture element's
// `data-reel` (Reel property names and values in the scene-file syntax of
// reel_engine::script: `w=102 display=flex flexGrow=2 margin=auto`) into the
// CSS that means the same thing, so one description drives both Chromium
// and the Reel batch (tests/tests/layout_conformance.rs).
//
// The model: every box is border-box (taffy's default) and position:
// relative (Reel's default, so an absolute child is placed in its parent as
// taffy does); a node whose parent is not a flex container is in Reel's
// scene mode: absolutely placed at its x/y. `start`/`end` are the CSS
// keywords `start`/`end`, as Reel maps them to taffy's Start/End.
(function () {
  'use strict';
  const len = (v) => (v === 'auto' ? 'auto' : /%$/.test(v) ? v : `${Number(v)}px`);
  const maxLen = (v) => (v === 'auto' ? 'none' : len(v));
  const same = (v) => v;
  const CSS = {
    w: ['width', len], h: ['height', len],
    minW: ['min-width', len], minH: ['min-height', len],
    maxW: ['max-width', maxLen], maxH: ['max-height', maxLen],
    flexDirection: ['flex-direction', same], flexWrap: ['flex-wrap', same],
    justifyContent: ['justify-content', same], alignItems: ['align-items', same],
    alignSelf: ['align-self', same], alignContent: ['align-content', same],
    flexGrow: ['flex-grow', same], flexShrink: ['flex-shrink', same], flexBasis: ['flex-basis', len],
    gap: ['gap', len], rowGap: ['row-gap', len], columnGap: ['column-gap', len],
    padding: ['padding', len], paddingTop: ['padding-top', len], paddingRight: ['padding-right', len],
    paddingBottom: ['padding-bottom', len], paddingLeft: ['padding-left', len],
    margin: ['margin', len], marginTop: ['margin-top', len], marginRight: ['margin-right', len],
    marginBottom: ['margin-bottom', len], marginLeft: ['margin-left', len],
    position: ['position', same],
  };
  function parse(text) {
    const out = {};
    for (const tok of text.trim().split(/\s+/)) {
      if (!tok) continue;
      const i = tok.indexOf('=');
      if (i < 1) throw new Error(`data-reel: '${tok}' is not name=value`);
      out[tok.slice(0, i)] = tok.slice(i + 1);
    }
    return out;
  }
  function apply(el) {
    const p = parse(el.getAttribute('data-reel'));
    const parent = el.parentElement.closest('[data-reel]');
    const parentFlex = parent && parse(parent.getAttribute('data-reel')).display === 'flex';
    const s = el.style;
    s.display = p.display === 'flex' ? 'flex' : p.display === 'none' ? 'none' : 'block';
    if (!parentFlex) {
      // Scene mode: at x/y in the parent, sized by w/h (auto = 0 unless flex).
      s.position = 'absolute';
      s.left = `${Number(p.x || 0)}px`;
      s.top = `${Number(p.y || 0)}px`;
      if (p.display !== 'flex') { s.width = '0px'; s.height = '0px'; }
    } else {
      if (p.x !== undefined) s.left = `${Number(p.x)}px`;
      if (p.y !== undefined) s.top = `${Number(p.y)}px`;
    }
    for (const [k, v] of Object.entries(p)) {
      if (k === 'x' || k === 'y' || k === 'display') continue;
      const m = CSS[k];
      if (!m) throw new Error(`data-reel: property '${k}' has no CSS mapping`);
      s.setProperty(m[0], m[1](v));
    }
  }
  const style = document.createElement('style');
  style.textContent = 'html,body{margin:0;padding:0}body{position:relative;overflow:hidden}'
    + '[data-reel]{box-sizing:border-box;position:relative;margin:0;padding:0;border:0;min-width:auto;min-height:auto;flex:0 1 auto}';
  document.head.appendChild(style);
  function run() {
    const vp = (document.body.getAttribute('data-viewport') || '1024 768').split(/\s+/).map(Number);
    document.body.style.width = `${vp[0]}px`;
    document.body.style.height = `${vp[1]}px`;
    for (const el of document.querySelectorAll('[data-reel]')) apply(el);
    window.__reelLayoutReady = true;
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run);
  else run();
})();
