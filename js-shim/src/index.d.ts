// Types of @reel/shim (and its sub-paths ./engine-core, ./encoder, ./backend, ./node).

/** Node types. */
export type NodeType = 'view' | 'image' | 'text';

/** A colour: 0xRRGGBBAA, '#RRGGBB' or '#RRGGBBAA'. */
export type Color = number | string;
/** A percentage of the parent's size, e.g. '50%' (sent as the fraction 0.5). */
export type Percent = `${number}%`;
/** px, percent of the parent, or auto. `null`/`undefined` resets to the default. */
export type Dimension = number | Percent | 'auto' | null | undefined;
export type LengthPercent = number | Percent | null | undefined;
export type Num = number | null | undefined;

/** Every engine property (generated from engine/src/protocol/props.rs). */
export interface NodeProps {
  x?: Num; y?: Num; w?: Dimension; h?: Dimension;
  /** 0..1 */ alpha?: Num;
  color?: Color | null; colorTop?: Color | null; colorBottom?: Color | null; colorLeft?: Color | null; colorRight?: Color | null;
  colorTl?: Color | null; colorTr?: Color | null; colorBl?: Color | null; colorBr?: Color | null;
  /** integer */ zIndex?: Num;
  clipping?: boolean | 0 | 1 | null;
  scale?: Num; scaleX?: Num; scaleY?: Num;
  /** radians, clockwise */ rotation?: Num;
  pivot?: Num; pivotX?: Num; pivotY?: Num;
  mount?: Num; mountX?: Num; mountY?: Num;
  visible?: boolean | 0 | 1 | null;
  display?: 'scene' | 'flex' | 'none' | null;
  flexDirection?: 'row' | 'column' | 'row-reverse' | 'column-reverse' | null;
  flexWrap?: 'nowrap' | 'wrap' | 'wrap-reverse' | null;
  justifyContent?: 'start' | 'end' | 'center' | 'space-between' | 'space-around' | 'space-evenly' | null;
  alignItems?: 'start' | 'end' | 'center' | 'stretch' | 'baseline' | null;
  alignSelf?: 'start' | 'end' | 'center' | 'stretch' | 'baseline' | null;
  alignContent?: 'start' | 'end' | 'center' | 'stretch' | 'space-between' | 'space-around' | 'space-evenly' | null;
  flexGrow?: Num; flexShrink?: Num; flexBasis?: Dimension;
  gap?: LengthPercent; rowGap?: LengthPercent; columnGap?: LengthPercent;
  padding?: LengthPercent; paddingTop?: LengthPercent; paddingRight?: LengthPercent; paddingBottom?: LengthPercent; paddingLeft?: LengthPercent;
  margin?: Dimension; marginTop?: Dimension; marginRight?: Dimension; marginBottom?: Dimension; marginLeft?: Dimension;
  position?: 'relative' | 'absolute' | null;
  minW?: Dimension; minH?: Dimension; maxW?: Dimension; maxH?: Dimension;
  /** image nodes */ src?: string | null;
  /** text nodes */ text?: string | null;
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
  setProps(props: NodeProps): this;
  appendChild<T extends ReelNode>(child: T): T;
  /** Inserts before `anchor` (null: last); an attached child is moved. */
  insertBefore<T extends ReelNode>(child: T, anchor: ReelNode | null | undefined): T;
  /** Detaches; the node stays alive until destroyed. */
  removeChild<T extends ReelNode>(child: T): T;
  remove(): this;
  /** Destroys the node and its subtree; ids are recycled after the next flush. */
  destroy(): void;
}

export interface FrameStats {
  frame: number; nodes: number; layoutNodes: number; dlItems: number; culled: number; dlRebuilt: boolean;
  batches: number; commands: number; rejected: number; memoryBytes: number; timeMs: number;
}

/** A batch the engine rejected (nothing of it was applied). */
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
  kind?: string;
  message: string;
  /** Node the command targeted (dev builds), or -1. */
  nodeId?: number;
  phase?: string;
}

export interface DisplayListHeader { version: number; itemCount: number; frame: number; viewportW: number; viewportH: number }

export interface DisplayItem {
  kind: number; node: number; texture: number;
  transform: [number, number, number, number, number, number];
  size: [number, number]; colors: [number, number, number, number]; uv: [number, number, number, number];
}

export interface RendererEvents {
  frame: (stats: FrameStats) => void;
  error: (error: EngineError) => void;
  /** `bytes` may view engine memory (inline transport): copy it to keep it. */
  displaylist: (bytes: Uint8Array, header: DisplayListHeader | null) => void;
  paint: (info: { frame: number; items: number; paintMs: number; engineMs: number; painter: string; stats?: FrameStats }) => void;
  fatal: (error: Error) => void;
  message: (msg: any) => void;
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
  /** engine.wasm location (URL, or a path/file: URL in Node). */
  engineUrl?: string | URL;
  /** engine.wasm as a compiled module, bytes, or instantiated exports. */
  engineModule?: WebAssembly.Module | ArrayBuffer | ArrayBufferView | object;
  /** The wasm2js build (backend 'js'): URL or module namespace. */
  wasm2jsUrl?: string | URL;
  wasm2jsModule?: object;
  width?: number;
  height?: number;
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
}

export function createRenderer(opts?: RendererOptions): Promise<Renderer>;
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
}

export interface TransportInit {
  backend: BackendName;
  engineUrl?: string | URL; engineModule?: any; wasm2jsUrl?: string | URL; wasm2jsModule?: any;
  width: number; height: number; canvas?: any; painter?: string; clock?: string; displayList?: boolean;
}

/** How a renderer reaches an engine. */
export interface Transport {
  readonly kind: string;
  connect(sink: TransportSink, init: TransportInit): Promise<{ backend?: BackendName; abiVersion?: number; [k: string]: any }>;
  /** Consumes the encoder's finished batch (finish() or take()). */
  send(enc: Encoder, frameTime: number | null): void;
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
  events(): Array<EngineError | { type: 'frame'; stats: FrameStats }>;
  clearEvents(): void;
  stats(): FrameStats | null;
  lastError(): string;
  snapshot(): Uint8Array;
}
export function instantiateEngine(source: any): Promise<object>;
export function engineExports(x: any): object;
export function decodeEvents(bytes: Uint8Array | ArrayBuffer): Array<EngineError | { type: 'frame'; stats: FrameStats } | { type: 'unknown'; opcode: number }>;
export function decodeStats(dv: DataView, offset: number): FrameStats;
export function displayListHeader(bytes: Uint8Array): DisplayListHeader | null;
export function displayListItems(bytes: Uint8Array): DisplayItem[];

// --- encoder ---------------------------------------------------------------

export interface PropSpec {
  readonly key: number; readonly name: string; readonly accepts: number;
  readonly check: 'any' | 'nonNegative' | 'unit' | 'bool' | 'color' | 'enum' | 'string';
  readonly layout: boolean; readonly enums: readonly string[] | null;
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
export const protocol: {
  PROTOCOL_VERSION: number; BATCH_MAGIC: number; EVENTS_MAGIC: number; HEADER_BYTES: number; NONE: number; ROOT: number;
  ABI_VERSION: number;
  OP: Readonly<Record<'CREATE' | 'DESTROY' | 'INSERT' | 'REMOVE' | 'SET_PROPS' | 'SET_TEXT' | 'FRAME' | 'SET_STR', number>>;
  OP_NAMES: Readonly<Record<number, string>>;
  EV: Readonly<{ ERROR: number; FRAME_STATS: number }>;
  NODE_KIND: Readonly<Record<NodeType, number>>;
  TY: Readonly<Record<'F32' | 'U32' | 'I32' | 'PERCENT' | 'AUTO' | 'RESET', number>>;
  ERROR_CODES: Readonly<Record<number, string>>;
  DISPLAY_LIST_MAGIC: number; DISPLAY_LIST_VERSION: number; DISPLAY_LIST_HEADER_BYTES: number; DISPLAY_ITEM_BYTES: number;
  ITEM_KIND: Readonly<Record<'RECT' | 'IMAGE' | 'CLIP_PUSH' | 'CLIP_POP', number>>;
  PROPS: readonly { key: number; name: string; accepts: number; check: string; layout: boolean; enums: readonly string[] | null }[];
  STRING_PROPS: readonly { key: number; name: string }[];
};
