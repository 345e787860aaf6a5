// @reel/shim — animations and transitions, run by the engine.
//
// `node.animate(props, timing)` encodes one ANIMATE command (protocol op 9:
// node id, a fresh non-zero animation id, the 9-word timing block, then the
// target property entries) and returns a controller; its pause/resume/stop/
// finish are ANIM_CTRL commands (op 10). The engine evaluates animations on
// its own frame clock (engine/src/anim/), so nothing runs in JS per frame;
// the controller settles from the engine's ANIM events (0x83).
//
// `node.transition = { alpha: 300, x: { duration: 400, easing: 'ease-out' } }`
// (or `node.setTransition('alpha', opts)`) encodes TRANSITION commands
// (op 11): later plain writes of those properties animate in the engine.
//
// Values: numbers for numeric properties (no '50%' / 'auto': the engine
// interpolates plain numbers), colours as numbers or colour strings (src/color.js),
// exactly as the setters take them.
//
// Getters keep returning the last value *written* with a setter: an
// animation does not change what `node.x` reads (the value in flight lives
// only in the engine). A transition does: the write itself is stored.

import { PROP_BY_NAME, encodeValue, unknownProp } from './encoder.js';
import { OP, ANIMATABLE_PROPS, MAX_TRACKS, MAX_TRANSITIONS } from './props.js';

/** Opcodes, from the table generated from the engine (engine/wire/src/protocol/mod.rs). */
export const OP_ANIMATE = OP.ANIMATE;
export const OP_ANIM_CTRL = OP.ANIM_CTRL;
export const OP_TRANSITION = OP.TRANSITION;
/** ANIM event (0x83) kinds. */
export const ANIM_STARTED = 0;
export const ANIM_FINISHED = 1;
export const ANIM_CANCELLED = 2;
/** ANIM_CTRL actions. */
export const CTRL = Object.freeze({ pause: 0, resume: 1, stop: 2, finish: 3 });

/** Easing wire codes (engine/wire/src/anim/easing.rs `code`). */
export const EASING_CODES = Object.freeze({
  linear: 0, ease: 1, 'ease-in': 2, 'ease-out': 3, 'ease-in-out': 4, 'cubic-bezier': 5, steps: 6, spring: 7,
});
const DIRECTIONS = Object.freeze({ normal: 0, reverse: 1, alternate: 2, 'alternate-reverse': 3 });

/** Animatable properties (the engine's property table, generated into props.js) and the engine tracks each one drives. */
export const ANIMATABLE = new Map(ANIMATABLE_PROPS);
/** Tracks one animation may drive, transitions per node (engine limits, generated into props.js). */
export { MAX_TRACKS, MAX_TRANSITIONS };
/** Duration used when none is given, ms. */
export const DEFAULT_DURATION = 300;

const SCRATCH = new ArrayBuffer(4);
const F32 = new Float32Array(SCRATCH);
const U32 = new Uint32Array(SCRATCH);
/** Bits of `v` as an f32. */
export function f32bits(v) {
  F32[0] = v;
  return U32[0];
}

function num(s) {
  const t = s.trim();
  return t === '' ? NaN : Number(t);
}

/**
 * Parses an easing into its wire form `{ code, params: [p0, p1, p2, p3] }`.
 * Accepts 'linear' | 'ease' | 'ease-in' | 'ease-out' | 'ease-in-out',
 * 'cubic-bezier(x1, y1, x2, y2)' (x in 0..1), 'steps(n[, jump-start|jump-end|start|end])',
 * `{ type: 'spring', stiffness = 100, damping = 10, mass = 1, velocity = 0 }`
 * and `{ type: 'cubic-bezier', x1, y1, x2, y2 }` / `{ type: 'steps', steps, position }`.
 * Throws a TypeError / RangeError naming the problem.
 */
export function parseEasing(e) {
  if (e === undefined || e === null) return { code: EASING_CODES.ease, params: [0, 0, 0, 0] };
  if (typeof e === 'string') {
    const s = e.trim().toLowerCase();
    if (s in EASING_CODES && s !== 'cubic-bezier' && s !== 'steps' && s !== 'spring') {
      return { code: EASING_CODES[s], params: [0, 0, 0, 0] };
    }
    let m = /^cubic-bezier\(([^)]*)\)$/.exec(s);
    if (m) {
      const p = m[1].split(',').map(num);
      if (p.length !== 4 || p.some((v) => !Number.isFinite(v))) {
        throw new TypeError(`reel: bad easing ${JSON.stringify(e)}: cubic-bezier() takes 4 finite numbers`);
      }
      return bezier(p, e);
    }
    m = /^steps\(([^)]*)\)$/.exec(s);
    if (m) {
      const parts = m[1].split(',').map((x) => x.trim());
      if (parts.length < 1 || parts.length > 2) throw new TypeError(`reel: bad easing ${JSON.stringify(e)}: steps(n[, jump-start|jump-end])`);
      return steps(num(parts[0]), parts[1], e);
    }
    if (s === 'spring' || s.startsWith('spring(')) {
      const inner = /^spring\(([^)]*)\)$/.exec(s);
      const p = inner ? inner[1].split(',').map(num) : [];
      return spring({ stiffness: p[0], damping: p[1], mass: p[2], velocity: p[3] }, e);
    }
    throw new TypeError(`reel: unknown easing ${JSON.stringify(e)} (expected 'linear', 'ease', 'ease-in', 'ease-out', 'ease-in-out', 'cubic-bezier(a,b,c,d)', 'steps(n[, jump-start|jump-end])' or { type: 'spring', ... })`);
  }
  if (typeof e === 'object') {
    if (e.type === 'spring') return spring(e, e);
    if (e.type === 'cubic-bezier') return bezier([e.x1, e.y1, e.x2, e.y2], e);
    if (e.type === 'steps') return steps(e.steps ?? e.n, e.position, e);
    if (Array.isArray(e) && e.length === 4) return bezier(e, e);
  }
  throw new TypeError(`reel: bad easing ${show(e)} (a name, 'cubic-bezier(...)', 'steps(...)' or { type: 'spring', stiffness, damping, mass, velocity })`);
}

function show(v) {
  try { return JSON.stringify(v) ?? String(v); } catch { return String(v); }
}

function bezier(p, orig) {
  if (p.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    throw new TypeError(`reel: bad easing ${show(orig)}: cubic-bezier needs 4 finite numbers`);
  }
  if (p[0] < 0 || p[0] > 1 || p[2] < 0 || p[2] > 1) {
    throw new RangeError(`reel: bad easing ${show(orig)}: cubic-bezier x1 and x2 must be within 0..1`);
  }
  return { code: EASING_CODES['cubic-bezier'], params: p.slice() };
}

function steps(n, pos, orig) {
  if (!Number.isInteger(n) || n < 1 || n > 10000) {
    throw new RangeError(`reel: bad easing ${show(orig)}: steps() needs a whole number of steps in 1..10000`);
  }
  const p = pos === undefined ? 'jump-end' : String(pos);
  let start;
  if (p === 'jump-end' || p === 'end') start = 0;
  else if (p === 'jump-start' || p === 'start') start = 1;
  else throw new TypeError(`reel: bad easing ${show(orig)}: steps position must be 'jump-start' or 'jump-end'`);
  return { code: EASING_CODES.steps, params: [n, start, 0, 0] };
}

function spring(o, orig) {
  const k = o.stiffness ?? 100;
  const c = o.damping ?? 10;
  const m = o.mass ?? 1;
  const v = o.velocity ?? 0;
  for (const [name, x] of [['stiffness', k], ['damping', c], ['mass', m], ['velocity', v]]) {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new TypeError(`reel: bad spring ${show(orig)}: ${name} must be a finite number`);
  }
  if (!(k > 0) || !(c >= 0) || !(m > 0)) {
    throw new RangeError(`reel: bad spring ${show(orig)}: needs stiffness > 0, damping >= 0, mass > 0`);
  }
  return { code: EASING_CODES.spring, params: [k, c, m, v] };
}

/**
 * The 9-word timing block for `opts`:
 * `{ duration = 300, delay = 0, easing = 'ease', loop, repeat, iterations, direction = 'normal' }`.
 * `loop: true` or `repeat: Infinity` runs forever; `repeat: n` plays n
 * extra times (n + 1 iterations); `iterations: n` plays n times.
 * A number is a duration.
 */
export function timingWords(opts, what = 'animation') {
  const o = typeof opts === 'number' ? { duration: opts } : opts ?? {};
  if (typeof o !== 'object') throw new TypeError(`reel: ${what} timing must be an object or a duration in ms; got ${show(opts)}`);
  const duration = o.duration ?? DEFAULT_DURATION;
  const delay = o.delay ?? 0;
  if (typeof duration !== 'number' || !Number.isFinite(duration) || duration < 0 || duration > 3600000) {
    throw new RangeError(`reel: ${what} duration must be a number of ms in 0..3600000; got ${show(duration)}`);
  }
  if (typeof delay !== 'number' || !Number.isFinite(delay) || Math.abs(delay) > 3600000) {
    throw new RangeError(`reel: ${what} delay must be a finite number of ms within an hour; got ${show(delay)}`);
  }
  let iterations = 1;
  if (o.loop === true || o.repeat === Infinity || o.iterations === Infinity) iterations = 0xffffffff;
  else if (o.iterations !== undefined) {
    if (!Number.isInteger(o.iterations) || o.iterations < 1 || o.iterations >= 0xffffffff) {
      throw new RangeError(`reel: ${what} iterations must be a whole number >= 1 (or Infinity); got ${show(o.iterations)}`);
    }
    iterations = o.iterations;
  } else if (o.repeat !== undefined) {
    if (!Number.isInteger(o.repeat) || o.repeat < 0 || o.repeat >= 0xfffffffe) {
      throw new RangeError(`reel: ${what} repeat must be a whole number >= 0 (or Infinity); got ${show(o.repeat)}`);
    }
    iterations = o.repeat + 1;
  }
  const dir = o.direction ?? 'normal';
  const d = DIRECTIONS[dir];
  if (d === undefined) {
    throw new TypeError(`reel: ${what} direction must be one of ${Object.keys(DIRECTIONS).map((k) => `'${k}'`).join(', ')}; got ${show(dir)}`);
  }
  const e = parseEasing(o.easing);
  return [f32bits(duration), f32bits(delay), iterations >>> 0, d, e.code,
    f32bits(e.params[0]), f32bits(e.params[1]), f32bits(e.params[2]), f32bits(e.params[3])];
}

function animatableSpec(name, what) {
  const spec = PROP_BY_NAME.get(name);
  if (spec === undefined) throw unknownProp(name);
  if (!ANIMATABLE.has(name)) {
    throw new TypeError(`reel: property '${name}' cannot be ${what} (animatable: ${[...ANIMATABLE.keys()].join(', ')})`);
  }
  return spec;
}

/** Property entry words (key|ty<<16, value bits) for an animation target. */
function targetEntry(spec, value, id) {
  const colour = spec.anim === 'color';
  if (!colour && typeof value !== 'number') {
    throw new TypeError(`reel: cannot animate '${spec.name}'${id >= 0 ? ` (node ${id})` : ''} to ${show(value)}: animation targets are numbers${colour ? '' : " (no '50%' or 'auto')"}`);
  }
  if (colour && value == null) throw new TypeError(`reel: cannot animate '${spec.name}' to ${show(value)}: expected a colour`);
  let enc;
  try {
    enc = encodeValue(spec, value, true);
  } catch (e) {
    e.message = `${e.message}${id >= 0 ? ` (animating node ${id})` : ''}`;
    throw e;
  }
  return [spec.key | (enc.ty << 16), enc.bits];
}

/**
 * What `finished` resolves with:
 * `{ finished: true, cancelled: false, animation }` when it ran to its end
 * (or `finish()` jumped there), `{ finished: false, cancelled: true, animation }`
 * when it was stopped, replaced on all its properties by a newer animation,
 * or its node was destroyed. It never rejects (an unhandled rejection for a
 * routine interruption would be noise in every app).
 * @typedef {{ finished: boolean, cancelled: boolean, animation: ReelAnimation }} AnimationResult
 */

/** Installs `animate`, `transition` and `setTransition` on the renderer's node class. */
export function installAnimation(r) {
  const anims = new Map(); // anim id -> controller (running or paused)
  const transitions = new Map(); // node id -> { [prop]: timing as given }
  let nextId = 1;
  const freshId = () => {
    let id = nextId;
    do {
      id = id >= 0xfffffffe ? 1 : id + 1;
    } while (anims.has(id));
    nextId = id;
    return id;
  };
  r._anims = anims;

  // The timing declared for `prop` on node `id`, as given (node.js: an
  // array write of a transitioned property).
  r._transitionOf = (id, prop) => transitions.get(id)?.[prop];

  const prevFree = r.onFree;
  r.onFree = (id) => {
    prevFree(id);
    transitions.delete(id);
  };

  class ReelAnimation {
    constructor(node, body, props, timing) {
      this.node = node;
      this.props = props;
      this.timing = timing;
      /** @type {'idle'|'running'|'paused'|'finished'|'cancelled'} */
      this.state = 'idle';
      this.id = 0;
      this._body = body; // targets + timing words (id and anim id are filled at start)
      this._new();
    }

    _new() {
      this.finished = new Promise((resolve) => { this._resolve = resolve; });
    }

    _ctrl(action) {
      if (this.id === 0 || r._closed) return this;
      r.enc.raw(OP_ANIM_CTRL, [this.id, action], this.node.id);
      r.touch();
      return this;
    }

    /** Sends the animation (again, from the current values, if it had ended). */
    start() {
      if (this.state === 'running' || this.state === 'paused') return this;
      if (this.node.destroyed) throw new Error(`reel: cannot animate destroyed node ${this.node.id}`);
      if (this.state !== 'idle') this._new();
      this.id = freshId();
      const b = this._body;
      b[0] = this.node.id;
      b[1] = this.id;
      r.enc.raw(OP_ANIMATE, b, this.node.id);
      anims.set(this.id, this);
      this.state = 'running';
      r.touch();
      return this;
    }

    /** Holds the animation at its current value. */
    pause() {
      if (this.state === 'running') { this.state = 'paused'; this._ctrl(CTRL.pause); }
      return this;
    }

    /** Continues a paused animation where it was. */
    resume() {
      if (this.state === 'paused') { this.state = 'running'; this._ctrl(CTRL.resume); }
      return this;
    }

    /** Cancels it, keeping the values it reached (`finished` resolves with cancelled: true). */
    stop() {
      if (this.state === 'running' || this.state === 'paused') this._ctrl(CTRL.stop);
      return this;
    }

    /** Jumps to the end values (`finished` resolves with finished: true). */
    finish() {
      if (this.state === 'running' || this.state === 'paused') this._ctrl(CTRL.finish);
      return this;
    }

    /** @internal engine ANIM event */
    _event(kind) {
      if (kind === ANIM_STARTED) return;
      anims.delete(this.id);
      const finished = kind === ANIM_FINISHED;
      this.state = finished ? 'finished' : 'cancelled';
      this._resolve({ finished, cancelled: !finished, animation: this });
    }
  }
  r.Animation = ReelAnimation;

  /** Called by the renderer for every ANIM event. */
  r._onAnimEvent = (animId, nodeId, kind) => {
    const a = anims.get(animId);
    if (a) a._event(kind);
    r._emit('anim', { id: animId, node: r.nodes[nodeId] ?? null, kind: kind === 0 ? 'started' : kind === 1 ? 'finished' : 'cancelled' });
  };

  const proto = r.Node.prototype;

  /**
   * Animates properties to `props` in the engine.
   * @param {object} props targets: numbers, colours as numbers or colour strings
   * @param {object|number} [timing] { duration, delay, easing, loop, repeat, iterations, direction, autoStart }
   * @returns {ReelAnimation}
   */
  proto.animate = function animate(props, timing = {}) {
    if (r.nodes[this.id] !== this) throw new Error(`reel: cannot animate destroyed node ${this.id}`);
    if (props === null || typeof props !== 'object') throw new TypeError('reel: animate(props, timing): props must be an object of target values');
    const words = timingWords(timing, 'animation');
    const body = [0, 0, ...words];
    let tracks = 0;
    const names = Object.keys(props);
    if (names.length === 0) throw new TypeError('reel: animate() needs at least one target property');
    for (const name of names) {
      const spec = animatableSpec(name, 'animated');
      tracks += ANIMATABLE.get(name);
      const [k, v] = targetEntry(spec, props[name], this.id);
      body.push(k, v);
    }
    if (tracks > MAX_TRACKS) {
      throw new RangeError(`reel: one animation drives at most ${MAX_TRACKS} engine tracks (${names.map((n) => `${n} ${ANIMATABLE.get(n)}`).join(', ')}: ${tracks}); split it into two animate() calls`);
    }
    const a = new ReelAnimation(this, body, props, timing);
    if (typeof timing !== 'object' || timing === null || timing.autoStart !== false) a.start();
    return a;
  };

  /**
   * Declares (or with null / duration 0 removes) a transition: later writes
   * of `prop` animate from the current value.
   */
  proto.setTransition = function setTransition(prop, opts) {
    if (r.nodes[this.id] !== this) throw new Error(`reel: cannot set a transition on destroyed node ${this.id}`);
    const spec = animatableSpec(prop, 'transitioned');
    let t = transitions.get(this.id);
    const remove = opts === null || opts === undefined || opts === false || opts === 0 || (typeof opts === 'object' && opts.duration === 0);
    if (!remove && (!t || !(prop in t)) && t && Object.keys(t).length >= MAX_TRANSITIONS) {
      throw new RangeError(`reel: node ${this.id} already has ${MAX_TRANSITIONS} transitions (${Object.keys(t).join(', ')}); the engine keeps at most ${MAX_TRANSITIONS}`);
    }
    const words = remove ? timingWords({ duration: 0, easing: 'linear' }, `transition of '${prop}'`) : timingWords(opts, `transition of '${prop}'`);
    r.enc.raw(OP_TRANSITION, [this.id, spec.key, ...words], this.id);
    r.touch();
    if (remove) {
      if (t) { delete t[prop]; if (Object.keys(t).length === 0) transitions.delete(this.id); }
    } else {
      if (!t) transitions.set(this.id, (t = {}));
      t[prop] = opts;
    }
    return this;
  };

  Object.defineProperty(proto, 'transition', {
    /** The transitions declared on this node, as given (a copy), or undefined. */
    get() {
      const t = transitions.get(this.id);
      return r.nodes[this.id] === this && t ? { ...t } : undefined;
    },
    /** Replaces the node's transitions: `{ prop: duration | { duration, delay, easing } }`; null removes all. */
    set(v) {
      if (v !== null && v !== undefined && typeof v !== 'object') throw new TypeError('reel: transition must be an object { prop: duration | timing } or null');
      const cur = transitions.get(this.id);
      const next = v ?? {};
      // Validate everything before encoding anything.
      for (const k of Object.keys(next)) {
        animatableSpec(k, 'transitioned');
        const o = next[k];
        if (!(o === null || o === undefined || o === false || o === 0)) timingWords(o, `transition of '${k}'`);
      }
      if (cur) for (const k of Object.keys(cur)) if (!(k in next)) this.setTransition(k, null);
      for (const k of Object.keys(next)) this.setTransition(k, next[k]);
    },
    enumerable: false,
    configurable: true,
  });

  return ReelAnimation;
}

