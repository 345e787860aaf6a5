// Types of @reel/shim (and its sub-paths ./engine-core, ./encoder, ./backend, ./node).

/** Node types. */
export type NodeType = 'view' | 'image' | 'text' | 'video';

// Per-property types are generated from the engine's property table
// (engine/wire/src/protocol/props.rs) into props.d.ts by
// engine/tests/js_props_in_sync.rs, which also fails when they drift.
import type {
  NodeProps as EngineNodeProps, AnimatableProp, AnimatableProps, Color, Percent, ErrorKindName,
} from './props.js';
// Every generated type (Color, Percent, AnimatableProp(s), the enum unions
// such as FlexDirection, PropEnums, ErrorKindName, ...); NodeProps below
// extends the generated one.
export type * from './props.js';

/** px, percent of the parent, or auto. `null`/`undefined` resets to the default. */
export type Dimension = number | Percent | 'auto' | null | undefined;
export type LengthPercent = number | Percent | null | undefined;
export type Num = number | null | undefined;

/** Every engine property (generated: props.d.ts) plus a text node's `text`. */
export interface NodeProps extends EngineNodeProps {
  /** text nodes (SET_TEXT) */ text?: string | null;
  /** In `createNode`/`setProps`: declares transitions as `node.transition =` does, at its place in the object. */
  transition?: Partial<Record<AnimatableProp, AnimationTiming | number>> | null;
}

/**
 * A host node: its id plus accessors. Setters encode into the current batch
 * at once (and throw TypeError/RangeError naming the property in dev
 * builds); getters return the last value written, as written, or undefined.
 */
export interface ReelNode extends NodeProps {
  /** Engine id (recycled after destroy: keep nodes, not ids). */
  readonly id: number;
  readonly type: NodeType | undefined;
  readonly destroyed: boolean;
  readonly parent: ReelNode | null;
  readonly firstChild: ReelNode | null;
  readonly lastChild: ReelNode | null;
  readonly nextSibling: ReelNode | null;
  readonly previousSibling: ReelNode | null;
  /** A new array each call. */
  readonly children: ReelNode[];
  set<K extends keyof NodeProps>(name: K, value: NodeProps[K]): this;
  get<K extends keyof NodeProps>(name: K): NodeProps[K];
  /** Several properties in one SET_PROPS; with `dev`, all are checked before any is written (a bad one throws and none applies). */
  setProps(props: NodeProps): this;
  appendChild<T extends ReelNode>(child: T): T;
  /** Inserts before `anchor` (null: last); an attached child is moved. */
  insertBefore<T extends ReelNode>(child: T, anchor: ReelNode | null | undefined): T;
  /** Detaches; the node stays alive until destroyed. */
  removeChild<T extends ReelNode>(child: T): T;
  remove(): this;
  /** Destroys the node and its subtree; ids are recycled after the next flush. */
  destroy(): void;

  // ---- animation (animation.js) ----
  /** Animates to `props` in the engine (starts at once unless `autoStart: false`). Getters keep the last value written with a setter. */
  animate(props: AnimatableProps, timing?: AnimationTiming | number): ReelAnimation;
  /** Later writes of `prop` animate; null / 0 / { duration: 0 } removes it (at most 4 per node). */
  setTransition(prop: AnimatableProp, timing: AnimationTiming | number | null): this;
  /** The node's transitions as given; assigning replaces them all (null removes all). */
  transition: Partial<Record<AnimatableProp, AnimationTiming | number>> | undefined | null;

  // ---- focus and input (focus.js, input.js) ----
  /** renderer.focus(this). */
  focus(): this;
  /** True when the engine reported this node focused (renderer.focused === this). */
  readonly focused: boolean;
  onKeyDown: ((e: ReelKeyEvent) => void) | null;
  onKeyUp: ((e: ReelKeyEvent) => void) | null;
  onClick: ((e: ReelPointerEvent) => void) | null;
  /** Not bubbling. */
  onFocus: ((e: ReelFocusEvent) => void) | null;
  /** Not bubbling. */
  onBlur: ((e: ReelFocusEvent) => void) | null;
  /** Bubbling focus/blur. */
  onFocusIn: ((e: ReelFocusEvent) => void) | null;
  onFocusOut: ((e: ReelFocusEvent) => void) | null;
  on(type: 'keydown' | 'keyup', fn: (e: ReelKeyEvent) => void): () => void;
  on(type: 'click', fn: (e: ReelPointerEvent) => void): () => void;
  on(type: 'focus' | 'blur' | 'focusin' | 'focusout', fn: (e: ReelFocusEvent) => void): () => void;
  off(type: string, fn: (e: ReelEvent) => void): this;
}

// ---- JSX host elements (framework-neutral part; solid/ and react/ add ref, key, children) ----

/** `animate={{ to: { scale: 1.1 }, duration: 200, easing: 'ease-out' }}` starts when the value changes (structurally). */
export interface AnimateProp extends Omit<AnimationTiming, 'autoStart'> {
  to?: AnimatableProps;
  /** Same as `to`. */
  props?: AnimatableProps;
}

/** Props every host element (<view>, <image>, <text>) takes: engine properties, style, events, focus, animation. */
export interface ReelElementProps extends Omit<NodeProps, 'text' | 'src'> {
  /** The same properties as an object, diffed against the previous one. */
  style?: NodeProps | null;
  onKeyDown?: ((e: ReelKeyEvent) => void) | null;
  onKeyUp?: ((e: ReelKeyEvent) => void) | null;
  onClick?: ((e: ReelPointerEvent) => void) | null;
  /** Not bubbling. */
  onFocus?: ((e: ReelFocusEvent) => void) | null;
  /** Not bubbling. */
  onBlur?: ((e: ReelFocusEvent) => void) | null;
  onFocusIn?: ((e: ReelFocusEvent) => void) | null;
  onFocusOut?: ((e: ReelFocusEvent) => void) | null;
  /**
   * Focus the node when it is attached to the tree (also `autoFocus`, `focus`):
   * read when the node is inserted under the root (Solid: in the next
   * microtask; React: when it mounts), once per attach, like HTML's
   * `autofocus` and React DOM's `autoFocus`. Changing it later never moves
   * focus: true on a node that is already attached does nothing, even if it
   * was never focused by it. (Solid: a node the app detaches and inserts again
   * is attached again; a keyed move is not.)
   */
  autofocus?: boolean; autoFocus?: boolean; focus?: boolean;
  animate?: AnimateProp | null;
  /** `{ scale: 200, x: { duration, easing } }`: later writes of those properties animate. */
  transition?: Partial<Record<AnimatableProp, AnimationTiming | number>> | null;
}
/** <image> also takes `src`. */
export interface ReelImageProps extends ReelElementProps { src?: string | null }
/** <video> takes `src` (and `poster`, `autoplay`, `muted`, `loop`, `paused`, `currentTime`). */
export interface ReelVideoProps extends ReelElementProps { src?: string | null }
/** <text> also takes `text` (or string children). */
export interface ReelTextProps extends ReelElementProps { text?: string | number | null }

export type EasingName = 'linear' | 'ease' | 'ease-in' | 'ease-out' | 'ease-in-out';
export type Easing =
  | EasingName
  | `cubic-bezier(${string})`
  | `steps(${string})`
  | { type: 'spring'; stiffness?: number; damping?: number; mass?: number; velocity?: number }
  | { type: 'cubic-bezier'; x1: number; y1: number; x2: number; y2: number }
  | { type: 'steps'; steps: number; position?: 'jump-start' | 'jump-end' };

export interface AnimationTiming {
  /** ms, default 300 (springs last until settled). */
  duration?: number;
  /** ms, default 0. */
  delay?: number;
  /** default 'ease'. */
  easing?: Easing;
  /** Forever. */
  loop?: boolean;
  /** Extra plays after the first (Infinity: forever). */
  repeat?: number;
  /** Total plays (overrides repeat). */
  iterations?: number;
  direction?: 'normal' | 'reverse' | 'alternate' | 'alternate-reverse';
  /** animate() only: false creates it idle (call start()). */
  autoStart?: boolean;
}

/** What `finished` resolves with; it never rejects. */
export interface AnimationResult { finished: boolean; cancelled: boolean; animation: ReelAnimation }

export interface ReelAnimation {
  readonly node: ReelNode;
  /** Engine animation id of the current run (0 before start). */
  readonly id: number;
  readonly state: 'idle' | 'running' | 'paused' | 'finished' | 'cancelled';
  /** Settles when the engine reports it finished ({ finished: true }) or cancelled ({ cancelled: true }: stopped, replaced on all its properties, node destroyed). A new promise per start(). */
  readonly finished: Promise<AnimationResult>;
  /** Sends it (again, from the current values, once it has ended). */
  start(): this;
  pause(): this;
  resume(): this;
  /** Cancel, keeping the values reached. */
  stop(): this;
  /** Jump to the end values. */
  finish(): this;
}

export interface ReelEvent {
  readonly type: string;
  readonly target: ReelNode | null;
  readonly currentTarget: ReelNode | Renderer | null;
  readonly bubbles: boolean;
  readonly defaultPrevented: boolean;
  readonly timeStamp: number;
  stopPropagation(): void;
  stopImmediatePropagation(): void;
  /** Arrow keydown: skip the navigation. */
  preventDefault(): void;
}
export type KeyName =
  | 'Left' | 'Right' | 'Up' | 'Down' | 'Enter' | 'Back' | 'Play' | 'Pause' | 'PlayPause' | 'Stop' | 'Rewind' | 'FastForward'
  | 'Next' | 'Previous' | 'Red' | 'Green' | 'Yellow' | 'Blue' | 'Info' | 'Menu' | 'ChannelUp' | 'ChannelDown' | 'Exit' | string;
export interface ReelKeyEvent extends ReelEvent {
  readonly type: 'keydown' | 'keyup';
  /** Normalised name. */
  readonly key: KeyName;
  /** The platform event's key and keyCode. */
  readonly rawKey: string | undefined;
  readonly keyCode: number;
  readonly repeat: boolean;
  readonly originalEvent: unknown;
}
export interface ReelPointerEvent extends ReelEvent {
  readonly type: 'click';
  readonly x: number; readonly y: number;
  /** The focusable ancestor the engine focused (or null). */
  readonly focusTarget: ReelNode | null;
}
export interface ReelFocusEvent extends ReelEvent {
  readonly type: 'focus' | 'blur' | 'focusin' | 'focusout';
  readonly relatedTarget: ReelNode | null;
  readonly cause: 'navigation' | 'explicit' | 'pointer' | 'lost';
}
export type KeyMap = 'default' | 'common' | 'webos' | 'tizen' | 'androidtv' | 'hbbtv' | Record<number, KeyName>;
export const KEY_MAPS: Record<'common' | 'webos' | 'tizen' | 'androidtv' | 'hbbtv', Readonly<Record<number, KeyName>>>;
export function keyTable(map?: KeyMap): Record<number, KeyName>;
export function normalizeKey(e: { key?: string; keyCode?: number; which?: number }, table?: Record<number, KeyName>): KeyName | null;
export function parseEasing(e: Easing | undefined): { code: number; params: [number, number, number, number] };
export function timingWords(t: AnimationTiming | number, what?: string): number[];
export const ANIMATABLE: ReadonlyMap<AnimatableProp, number>;
export const EASING_CODES: Readonly<Record<string, number>>;
export const DIRS: Readonly<{ Left: 0; Right: 1; Up: 2; Down: 3 }>;

export interface FrameStats {
  frame: number; nodes: number; layoutNodes: number; dlItems: number; culled: number; dlRebuilt: boolean;
  batches: number; commands: number; rejected: number; memoryBytes: number; timeMs: number;
}

/** A batch the engine rejected (nothing of it was applied), or one command of a batch it skipped (`skipped`: the rest was applied). */
export interface EngineError {
  type: 'error' | 'worker';
  /** Batch sequence number (renderer.frame()/flush() return it). */
  seq: number;
  /** Index of the offending command in its batch; -1 for the header. */
  index: number;
  opcode?: number;
  /** 'CREATE' | 'DESTROY' | 'INSERT' | 'REMOVE' | 'SET_PROPS' | 'SET_TEXT' | 'FRAME' | 'SET_STR' | 'HEADER' */
  op?: string;
  code: number;
  /** ErrorKind name, e.g. 'OutOfRange'. */
  kind?: ErrorKindName;
  message: string;
  /**
   * True: the engine skipped this one command (refused for itself alone, e.g.
   * a bad `gradient` string) and applied the rest of its batch. False: it
   * rejected the whole batch (the scene is as before it).
   */
  skipped?: boolean;
  /** Node the command targeted (dev builds), or -1. */
  nodeId?: number;
  phase?: string;
}

export interface DisplayListHeader {
  version: number; itemCount: number; frame: number; viewportW: number; viewportH: number;
  /**
   * Worker/Node transports: engine texture deltas (glyph atlas, debug overlay
   * font) a main-thread painter applies before painting this list
   * (`painter.applyTextureDeltas(d)` for each).
   */
  textures?: { set: { id: number; pixels: Uint8Array; width: number; height: number }[]; free: number[] }[];
}

export interface DisplayItem {
  /** `param`: a SHADOW's blur, a SHAPE's border width (see ITEM_KIND); 0 otherwise. */
  kind: number; node: number; texture: number; param: number;
  transform: [number, number, number, number, number, number];
  size: [number, number]; colors: [number, number, number, number]; uv: [number, number, number, number];
}

export interface RendererEvents {
  frame: (stats: FrameStats) => void;
  error: (error: EngineError) => void;
  /** `bytes` may view engine memory (inline transport): copy it to keep it. */
  displaylist: (bytes: Uint8Array, header: DisplayListHeader | null) => void;
  /** `seq`: every app batch up to this one is in the painted list (0: none yet). */
  paint: (info: { frame: number; seq: number; items: number; paintMs: number; engineMs: number; painter: string; stats?: FrameStats }) => void;
  fatal: (error: Error) => void;
  message: (msg: any) => void;
  /** The engine moved focus (renderer.focused is already updated). */
  focus: (e: { from: ReelNode | null; to: ReelNode | null; cause: 'navigation' | 'explicit' | 'pointer' | 'lost' }) => void;
  /** Navigation found nothing that way. */
  navedge: (e: { focused: ReelNode | null; dir: 'left' | 'right' | 'up' | 'down'; direction: number }) => void;
  /**
   * The engine speaks (engine/src/a11y.rs): the settled focus ('focus'), a
   * live region whose text changed ('live'), or `renderer.announce` ('app').
   */
  announce: (e: { text: string; politeness: 'polite' | 'assertive'; kind: 'focus' | 'live' | 'app'; node: ReelNode | null; id: number | null }) => void;
  /** A node without an accessible name (no `label`, no text below it) took focus. */
  unnamedfocus: (e: { node: ReelNode | null; id: number }) => void;
  /**
   * A video node's player: `loadedmetadata` (duration = `time`, `width`,
   * `height`), `playing`, `waiting`, `timeupdate` (`time`, at most 4/s),
   * `ended`, `error` (`reason`).
   */
  video: (e: { type: 'loadedmetadata' | 'playing' | 'waiting' | 'timeupdate' | 'ended' | 'error'; node: ReelNode | null; id: number; time: number; width: number; height: number; reason: 'not-found' | 'decode' | 'unsupported' | 'decoder-limit' | null }) => void;
  /**
   * A text laid out this frame has a character that no registered font has
   * (drawn as the `.notdef` box): the first such character, once per layout.
   * Without a listener the renderer warns once per character on the console.
   */
  missingglyph: (e: { node: ReelNode | null; id: number; codepoint: number; char: string }) => void;
  /** Key events that bubbled past the root (like document listeners). */
  keydown: (e: ReelKeyEvent) => void;
  keyup: (e: ReelKeyEvent) => void;
  click: (e: ReelPointerEvent) => void;
  focusin: (e: ReelFocusEvent) => void;
  focusout: (e: ReelFocusEvent) => void;
  /** Every POINTER answer. */
  pointer: (e: { hit: ReelNode | null; target: ReelNode | null; action: 'move' | 'click'; x: number; y: number }) => void;
  /** Every ANIM event. */
  anim: (e: { id: number; node: ReelNode | null; kind: 'started' | 'finished' | 'cancelled' }) => void;
}

export type BackendName = 'wasm' | 'js';

export interface BackendChoice {
  name: BackendName;
  reason: string;
  rule: 'forced' | 'no-wasm' | 'deny' | 'allow' | 'rollout' | 'default';
  bucket?: number;
}

export interface BackendInfo extends BackendChoice {
  transport: string;
  abiVersion?: number;
}

export interface RolloutOptions {
  /** Percentage of devices (by id bucket) on wasm; default 100. */
  percent?: number;
  deviceId?: string;
  /** Case-insensitive substrings or RegExps matched against the device string. */
  allow?: (string | RegExp)[];
  deny?: (string | RegExp)[];
}

export type Scheduler = (cb: (timeMs: number) => void) => unknown;

export interface RendererOptions {
  /** Default: 'worker' in a browser window, else 'inline'. */
  transport?: 'inline' | 'worker' | 'node' | Transport;
  backend?: 'auto' | 'wasm' | 'js';
  /** Cap the engine's linear memory in bytes (backend 'wasm' from engineUrl or bytes), as a device does: a batch that needs more traps, is rejected alone and reported (README "Engine traps"). */
  memoryCap?: number;
  /** engine.wasm location (URL, or a path/file: URL in Node). Default: the packaged assets/engine.wasm (and assets/engine-wasm2js.mjs for backend 'js'). */
  engineUrl?: string | URL;
  /** engine.wasm as a compiled module, bytes, or instantiated exports. */
  engineModule?: WebAssembly.Module | ArrayBuffer | ArrayBufferView | object;
  /** The wasm2js build (backend 'js'): URL or module namespace. */
  wasm2jsUrl?: string | URL;
  wasm2jsModule?: object;
  width?: number;
  height?: number;
  /**
   * The font registered before the app's first batch (REGISTER_FONT), fetched
   * by the engine's thread (inside the Worker for the worker transport).
   * Default: the packaged DejaVu Sans subset (assets/DejaVuSans-subset.ttf,
   * 96 KB: Latin, Greek, Cyrillic, Hebrew, Arabic; DEFAULT_FONT_URL); pass
   * FULL_FONT_URL for the whole font (760 KB) when the app's text needs
   * characters outside the subset, which otherwise draw as the `.notdef` box; `null`
   * registers none (text draws nothing until registerFont). A font that cannot
   * be fetched or that the engine rejects makes createRenderer reject with
   * the URL and the reason. Ignored by the native host (it registers its own).
   */
  fontUrl?: string | URL | null | false;
  /** Family name of the init font (default 'DejaVu Sans'). */
  fontFamily?: string;
  /**
   * Load the engine built with the egui debug overlay (target/engine-debug.wasm,
   * tools/build-wasm-debug.sh) instead of engine.wasm, and set `renderer.overlay`.
   * F12 / the blue key (406) toggle it. The wasm2js backend has no debug build.
   */
  debug?: boolean;
  /**
   * Worker painters: after each paint wait until the GPU rasterized it (1x1
   * readPixels), so the 'paint' event means the pixels exist and a frame's
   * raster cost is not charged to the next batch. A pipeline stall per
   * frame: for benchmarks and tests.
   */
  paintSync?: boolean;
  /** The debug module (default: engineUrl with engine.wasm -> engine-debug.wasm). */
  debugEngineUrl?: string | URL;
  /** Validate every value at the call site (default true). */
  dev?: boolean;
  /** Dev: make nodes non-extensible so `node.colr = 1` throws (default true). */
  sealNodes?: boolean;
  /** Send a FRAME once per animation frame after writes (default true). */
  autoFrame?: boolean;
  /** Frame clock: requestAnimationFrame when present, else setTimeout(16). */
  scheduler?: 'raf' | 'timeout' | 'immediate' | 'microtask' | Scheduler;
  now?: () => number;
  /** Frames sent but not yet answered before automatic frames wait (default 3). */
  maxFramesInFlight?: number;
  /** Ask the engine side to send display lists back (default: when there is no canvas). */
  displayList?: boolean;
  /** Worker transport: a started Worker or the worker script's URL. */
  worker?: Worker | string | URL | object;
  canvas?: OffscreenCanvas | object;
  painter?: 'auto' | 'webgl2' | 'canvas2d' | 'main';
  /** WebGL2 painter: MSAA (default false: TV scenes are axis-aligned; MSAA multiplies fill cost and framebuffer memory). */
  antialias?: boolean;
  /**
   * Video nodes in the browser: the page's <canvas> element whose
   * transferred OffscreenCanvas is `canvas` (worker transport). The canvas
   * gets an alpha channel and real <video> elements are kept under it where
   * the video surfaces are (video-plane.js).
   */
  video?: HTMLCanvasElement | object;
  /** With `video`: how many videos may play at once (the device's decoders); one more fails with 'decoder-limit'. Default: no limit. */
  maxDecoders?: number;
  /**
   * Speaking announcements: `speechSynthesis` (`speech`) and a hidden ARIA
   * live region (`liveRegion`), both on by default where the platform has
   * them (off under the native host); `false` turns both off.
   */
  a11y?: false | { speech?: boolean; liveRegion?: boolean; lang?: string };
  clock?: 'raf' | 'manual';
  /** Backend selection inputs. */
  device?: string;
  deviceId?: string;
  rollout?: RolloutOptions;
  /** For tests: the WebAssembly namespace to probe (null = none). */
  webAssembly?: any;
  /** Initial batch buffer size in bytes (grows). */
  batchBytes?: number;
  /** Initial id capacity of the mirror (grows). */
  capacity?: number;
  /** keyCode table for handleKey (default: the union of the TV platforms'). */
  keyMap?: KeyMap;
}

export interface Renderer {
  readonly root: ReelNode;
  readonly backend: BackendInfo;
  readonly transport: Transport;
  /** The in-thread engine with the inline transport, else null. */
  readonly engine: EngineCore | null;
  readonly dev: boolean;
  readonly width: number;
  readonly height: number;
  autoFrame: boolean;
  maxFramesInFlight: number;
  readonly nodeCount: number;
  readonly pending: { bytes: number; commands: number; seq: number };
  createNode(type: NodeType, props?: NodeProps): ReelNode;
  nodeById(id: number): ReelNode | null;
  /** The debug overlay (debug: true), else null. */
  readonly overlay: Overlay | null;
  /** The <video> elements under the canvas (option `video`), else null. */
  readonly videoPlane: object | null;
  /** The font registered at init, or null (fontUrl null, or the native host). */
  readonly font: { family: string; bytes: number } | null;
  /**
   * Registers a TTF/OTF font under `family` in a batch of its own (pending
   * writes are sent first). Resolves once the engine accepted it; rejects
   * with the engine's reason (e.g. not a font). Throws a TypeError for an
   * empty family or bytes that are not an ArrayBuffer / typed array.
   */
  registerFont(family: string, bytes: ArrayBuffer | ArrayBufferView): Promise<{ family: string; bytes: number }>;
  /**
   * Speaks `text` (an ANNOUNCE command: back as an 'announce' event).
   * Throws for a non-string, an unknown politeness or more than 1024 UTF-8 bytes.
   */
  announce(text: string, opts?: { politeness?: 'polite' | 'assertive' }): void;
  /** Which speech outputs are on (createRenderer's `a11y`). */
  readonly a11y: { readonly speech: boolean; readonly liveRegion: boolean; dispose(): void };
  /** Sends the batch without a frame; returns its seq (0: nothing to send). */
  flush(): number;
  /** Appends FRAME (time default now) and sends; returns the batch seq. */
  frame(timeMs?: number): number;
  on<E extends keyof RendererEvents>(event: E, fn: RendererEvents[E]): () => void;
  off<E extends keyof RendererEvents>(event: E, fn: RendererEvents[E]): void;
  once(event: 'displaylist'): Promise<{ bytes: Uint8Array; header: DisplayListHeader | null }>;
  once(event: 'frame'): Promise<FrameStats>;
  once(event: 'error'): Promise<EngineError>;
  once(event: keyof RendererEvents): Promise<any>;
  destroy(): void;

  // ---- focus and input ----
  /** The focused node as of the last FOCUS event (null: none). */
  readonly focused: ReelNode | null;
  /** Sends FOCUS at once (null blurs); `focused` follows with the engine's event. */
  focus(node: ReelNode | null): void;
  blur(): void;
  /** Sends NAVIGATE at once; a frame follows on the next tick. */
  navigate(dir: 'left' | 'right' | 'up' | 'down' | 'Left' | 'Right' | 'Up' | 'Down' | 0 | 1 | 2 | 3): void;
  /** Dispatches a key (DOM KeyboardEvent, { type, key, keyCode, repeat } or a key name = keydown) from the focused node; arrows navigate unless prevented. Null for unknown keys. */
  handleKey(e: { type?: string; key?: string; keyCode?: number; which?: number; repeat?: boolean } | KeyName): ReelKeyEvent | null;
  /** keydown/keyup of `target` (default window; under `reel run`, the --keys script). Returns detach. */
  attachKeyboard(target?: { addEventListener: Function; removeEventListener: Function }, opts?: { preventDefault?: boolean }): () => void;
  /** POINTER at viewport px. */
  pointer(x: number, y: number, action?: 'move' | 'click'): void;
  /** Pointer moves/clicks of a canvas (CSS px scaled to viewport px). Returns detach. */
  attachPointer(canvas: HTMLCanvasElement | { addEventListener: Function; removeEventListener: Function; getBoundingClientRect(): { left: number; top: number; width: number; height: number } }, opts?: { move?: boolean }): () => void;
  /** Dispatches `ev` at `target`, bubbling, then to the renderer's listeners. */
  dispatch<T extends ReelEvent>(target: ReelNode | null, ev: T): T;
}

/** The egui debug overlay of a debug renderer (js-shim/src/overlay.js). */
export interface Overlay {
  /** The engine has the overlay (engine-debug.wasm on the wasm backend). */
  readonly available: boolean;
  readonly unavailableReason: string | null;
  /** Shown (as of the last key / the engine's last answer). */
  readonly open: boolean;
  /** A key press (event, DOM key code or key name): true when the overlay takes it (the app does not get it). */
  key(e: { key?: string; keyCode?: number; which?: number } | number | string): boolean;
  /** The blue key. */
  toggle(): boolean;
  /** Pointer at viewport px (only while open; returns whether it was taken). */
  pointer(x: number, y: number, action?: 'move' | 'down' | 'up' | 0 | 1 | 2): boolean;
  /** `selected`: the tree inspector's selected node; `highlighted`: the node the current display list highlights (null while closed). */
  state(): Promise<{ available: boolean; open: boolean; selected: number | null; highlighted: number | null; meshes: number }>;
}
export const OVERLAY_KEYS: Readonly<{ LEFT: 37; UP: 38; RIGHT: 39; DOWN: 40; ENTER: 13; BACKSPACE: 8; ESCAPE: 27; BACK: 461; BLUE: 406; F12: 123 }>;

export function createRenderer(opts?: RendererOptions): Promise<Renderer>;
/** URL of the default font, the packaged DejaVu Sans subset (null where there is no URL support, e.g. QuickJS). */
export const DEFAULT_FONT_URL: string | null;
/** URL of the packaged whole DejaVu Sans: `createRenderer({ fontUrl: FULL_FONT_URL })`. */
export const FULL_FONT_URL: string | null;
/** Family both default fonts register under ('DejaVu Sans'). */
export const DEFAULT_FONT_FAMILY: string;
export const Renderer: { new (opts?: RendererOptions): Renderer };
export const schedulers: Record<'raf' | 'timeout' | 'immediate' | 'microtask', Scheduler>;

/** What a transport receives from the engine side. */
export interface TransportSink {
  events(bytes: Uint8Array): void;
  displayList(bytes: Uint8Array): void;
  paint(info: any): void;
  ack(seq: number, buffer: ArrayBuffer | null): void;
  workerError(msg: { phase: string; message: string; seq?: number; code?: number }): void;
  fatal(err: Error): void;
  message(msg: any): void;
  /** Debug overlay answers ({ op, id?, open, consumed? | state? }). */
  overlay?(msg: any): void;
}

export interface TransportInit {
  backend: BackendName;
  engineUrl?: string | URL; engineModule?: any; wasm2jsUrl?: string | URL; wasm2jsModule?: any;
  fontUrl?: string | URL | null | false; fontFamily?: string; debug?: boolean;
  /** Cap the engine's linear memory (bytes; backend 'wasm' from engineUrl or bytes), as a device does: see README "Engine traps". */
  memoryCap?: number;
  width: number; height: number; canvas?: any; painter?: string; clock?: string; displayList?: boolean;
}

/** How a renderer reaches an engine. */
export interface Transport {
  readonly kind: string;
  connect(sink: TransportSink, init: TransportInit): Promise<{ backend?: BackendName; abiVersion?: number; [k: string]: any }>;
  /** Consumes the encoder's finished batch (finish() or take()). */
  send(enc: Encoder, frameTime: number | null): void;
  /** Debug overlay requests ({ op: 'key' | 'pointer' | 'state', ... }): the answer now (inline) or null (sent as a message). */
  overlay?(msg: any): any;
  close(): void;
}

export function createInlineTransport(opts?: { core?: EngineCore; displayList?: boolean }): Transport & { readonly core: EngineCore | null };
export function createWorkerTransport(opts?: { worker?: any; workerUrl?: string | URL; kind?: string; displayList?: boolean }): Transport & { post(msg: any, transfer?: Transferable[]): void };
/** '@reel/shim/node' */
export function createNodeTransport(opts?: { displayList?: boolean; resourceLimits?: object; unref?: boolean }): Transport;

// --- engine-core ---------------------------------------------------------

export class EngineCore {
  constructor(exports: object);
  static load(source: WebAssembly.Module | ArrayBuffer | ArrayBufferView | Response | object): Promise<EngineCore>;
  readonly x: any;
  readonly abiVersion: number;
  readonly buffer: ArrayBuffer;
  readonly memoryBytes: number;
  init(width: number, height: number): void;
  /** 0, or the rejection's error code. */
  submit(bytes: Uint8Array): number;
  frame(timeMs: number): number;
  /** A view into engine memory (valid until the next call) unless `copy`. */
  displayList(copy?: boolean): Uint8Array;
  eventsBytes(): Uint8Array;
  takeEventsBytes(): Uint8Array;
  events(): DecodedEvent[];
  clearEvents(): void;
  stats(): FrameStats | null;
  lastError(): string;
  snapshot(): Uint8Array;
}
export function instantiateEngine(source: any): Promise<object>;
export function engineExports(x: any): object;
/** An event of the engine's event buffer, decoded (src/wire/events.js); ids as sent (0xFFFFFFFF: none) unless noted. */
export type DecodedEvent =
  | EngineError
  | { type: 'frame'; stats: FrameStats }
  | { type: 'image'; node: number; state: 'loaded' | 'failed' | 'released' | 'unknown'; reason: string | null }
  | { type: 'video'; node: number; state: string; reason: string | null; time: number; width: number; height: number }
  | { type: 'announce'; node: number | null; politeness: 'polite' | 'assertive'; kind: 'focus' | 'live' | 'app'; text: string }
  | { type: 'unnamed-focus'; node: number }
  | { type: 'missing-glyph'; node: number; codepoint: number }
  | { type: 'anim'; anim: number; node: number; kind: number }
  | { type: 'focus'; from: number; to: number; cause: number }
  | { type: 'pointer'; hit: number; target: number; action: number; x: number; y: number }
  | { type: 'nav-edge'; focused: number; dir: number }
  | { type: 'image-request'; texture: number; src: string }
  | { type: 'image-release'; texture: number }
  | { type: 'unknown'; opcode: number };
/** Strict (default): a malformed buffer throws; lenient: the events before it. */
export function decodeEvents(bytes: Uint8Array | ArrayBuffer, strict?: boolean): DecodedEvent[];
export function decodeStats(dv: DataView, offset: number): FrameStats;
export function displayListHeader(bytes: Uint8Array): DisplayListHeader | null;
export function displayListItems(bytes: Uint8Array): DisplayItem[];

// --- encoder ---------------------------------------------------------------

export interface PropSpec {
  readonly key: number; readonly name: string; readonly accepts: number;
  readonly check: 'any' | 'nonNegative' | 'unit' | 'bool' | 'color' | 'enum' | 'nodeId' | 'string';
  readonly layout: boolean; readonly enums: readonly string[] | null;
  /** How ANIMATE/TRANSITION drive it (generated table; null: not animatable). */
  readonly anim: 'number' | 'color' | null;
  readonly string: boolean; readonly slot: number;
}

export class Encoder {
  constructor(opts?: { dev?: boolean; initialBytes?: number; seq?: number });
  readonly dev: boolean;
  readonly seq: number;
  readonly count: number;
  readonly byteLength: number;
  readonly buf: ArrayBuffer;
  readonly pool: ArrayBuffer[];
  reset(seq: number): void;
  create(id: number, kind: number): void;
  destroy(id: number): void;
  insert(parent: number, child: number, before: number): void;
  remove(id: number): void;
  prop(id: number, spec: PropSpec, value: unknown): void;
  text(id: number, s: string): void;
  str(id: number, key: number, s: string): void;
  frame(timeMs: number): void;
  finish(): Uint8Array;
  take(): Uint8Array;
  recycle(buffer: ArrayBuffer): void;
}
export function encodeValue(spec: PropSpec, value: unknown, dev?: boolean): { ty: number; bits: number };
export function parseColor(s: string): number;
export function propSpec(name: string): PropSpec;
export const PROP_BY_NAME: ReadonlyMap<string, PropSpec>;
export const PROP_NAMES: readonly string[];
export const HOT_PROPS: readonly string[];

export class Mirror {
  constructor(capacity?: number);
  readonly live: number;
  alloc(kind: number): number;
  alive(id: number): boolean;
}
export const NIL: -1;

// --- backend ---------------------------------------------------------------

export function selectBackend(opts?: {
  backend?: 'auto' | 'wasm' | 'js'; device?: string; deviceId?: string; rollout?: RolloutOptions; webAssembly?: any;
}): BackendChoice;
export function probeWebAssembly(wasm?: any): { ok: boolean; reason: string };
export function rolloutBucket(deviceId: string): number;
export function fnv1a32(s: string): number;

/** Generated protocol constants (./props). */
export const protocol: typeof import('./props.js');
