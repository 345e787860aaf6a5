// @reel/shim — speaking the engine's announcements on the page.
//
// The engine composes what to say (engine/src/a11y.rs: the focused node's
// name, role, position, the row's heading, the dialog's name; live regions;
// renderer.announce) and sends ANNOUNCE events. This module is the browser
// half: a speech bridge on the platform's `speechSynthesis` (TVs without a
// DOM screen reader) and a visually hidden ARIA live region on the main
// thread (platform screen readers that read the DOM). Both are on by
// default where the platform has them and can be turned off:
// `createRenderer({ a11y: { speech: false, liveRegion: false } })`, or
// `a11y: false` for neither. An 'announce' event ({ text, politeness, kind,
// node, id }) reaches `renderer.on('announce', fn)` either way.

/** Politeness values of `renderer.announce` and ANNOUNCE events. */
const POLITENESS = { polite: 1, assertive: 2 };

const HIDDEN = 'position:absolute;width:1px;height:1px;margin:-1px;padding:0;border:0;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap';

/** The longest announcement the engine accepts (engine/src/a11y.rs MAX_TEXT), in UTF-8 bytes. */
export const MAX_ANNOUNCE_BYTES = 1024;

/**
 * Validates `renderer.announce(text, { politeness })` arguments; returns the
 * wire politeness (1 polite, 2 assertive).
 */
export function announceArgs(text, opts) {
  if (typeof text !== 'string') throw new TypeError(`reel: announce(text): text must be a string; got ${text === null ? 'null' : typeof text}`);
  const p = opts && opts.politeness !== undefined ? opts.politeness : 'polite';
  const w = POLITENESS[p];
  if (w === undefined) throw new TypeError(`reel: announce(text, { politeness }): politeness must be 'polite' or 'assertive'; got ${JSON.stringify(p)}`);
  const bytes = typeof TextEncoder === 'function' ? new TextEncoder().encode(text).length : text.length * 3;
  if (bytes > MAX_ANNOUNCE_BYTES) throw new RangeError(`reel: announce(text): text is ${bytes} UTF-8 bytes; at most ${MAX_ANNOUNCE_BYTES}`);
  return w;
}

/**
 * Installs the speech bridge and the live region on renderer `r` (its
 * 'announce' events). `opts` is createRenderer's `a11y` option.
 * @returns {{ speech: boolean, liveRegion: boolean, dispose: () => void }}
 */
export function installSpeech(r, opts) {
  const o = opts === false ? { speech: false, liveRegion: false } : (opts ?? {});
  const g = globalThis;
  const synth = o.speech !== false && g.speechSynthesis && typeof g.SpeechSynthesisUtterance === 'function' ? g.speechSynthesis : null;
  const doc = g.document;
  const canDom = o.liveRegion !== false && doc && doc.body && typeof doc.createElement === 'function';
  let regions = null;
  if (canDom) {
    regions = {};
    for (const p of ['polite', 'assertive']) {
      const el = doc.createElement('div');
      el.setAttribute('aria-live', p);
      el.setAttribute('aria-atomic', 'true');
      el.setAttribute('role', p === 'assertive' ? 'alert' : 'status');
      el.setAttribute('data-reel-live', p);
      el.style.cssText = HIDDEN;
      doc.body.appendChild(el);
      regions[p] = el;
    }
  }
  const off = r.on('announce', (a) => {
    if (synth) {
      // Assertive (focus moves, alerts) interrupts what is being said.
      if (a.politeness === 'assertive') synth.cancel();
      const u = new g.SpeechSynthesisUtterance(a.text);
      if (o.lang) u.lang = o.lang;
      synth.speak(u);
    }
    if (regions) {
      const el = regions[a.politeness] ?? regions.polite;
      // Replace the text node: screen readers announce the change (the same
      // text twice included, as the region is emptied first).
      el.textContent = '';
      el.appendChild(doc.createTextNode(a.text));
    }
  });
  return {
    speech: synth !== null,
    liveRegion: regions !== null,
    dispose() {
      off();
      if (regions) for (const el of Object.values(regions)) el.remove();
      regions = null;
    },
  };
}
