//! The Reel command protocol, version 1: how every host talks to the engine.
//!
//! The JS shim, the native host, tests and tools all speak this one binary
//! format, so it lives in the engine crate and is specified here completely
//! enough to write an encoder from this page alone. It is a boundary of its
//! own because the sender (a JS VM thread, a recording on disk) and the
//! engine (a Wasm VM thread) share nothing but bytes.
//!
//! # Batches
//! All integers are little-endian. A *batch* is a 16-byte header followed by
//! commands; a batch is a transaction: it applies completely or not at all.
//!
//! | offset | type | field |
//! |---|---|---|
//! | 0 | u32 | magic `0x4C45_4552` (the bytes `R E E L`) |
//! | 4 | u16 | version, `1` |
//! | 6 | u16 | flags, must be `0` |
//! | 8 | u32 | `seq`: sender's batch number, echoed in error events |
//! | 12 | u32 | `count`: number of commands that follow |
//!
//! # Commands
//! Every command is a whole number of 4-byte *words*. Word 0 is the command
//! header: the low 16 bits are the opcode, the high 16 bits the command's
//! total length in words, header included. Nothing may follow the last
//! command. Node ids are `u32` chosen by the sender; id `0` is the root
//! (created by the engine, never created, destroyed, inserted or removed by
//! a sender) and `0xFFFF_FFFF` ([`NONE`]) means "no node".
//!
//! | op | name | words after the header |
//! |---|---|---|
//! | 1 | `CREATE` | `id`, `kind` (0 view, 1 image, 2 text) |
//! | 2 | `DESTROY` | `id` — destroys the node and its whole subtree |
//! | 3 | `INSERT` | `parent`, `child`, `before` — inserts `child` into `parent` before the child `before`, or last when `before` is [`NONE`]; a child already attached elsewhere is moved |
//! | 4 | `REMOVE` | `id` — detaches the node from its parent; it stays alive (and can be inserted again) until destroyed |
//! | 5 | `SET_PROPS` | `id`, then any number of 2-word property entries (below) |
//! | 6 | `SET_TEXT` | `id`, `byte_len`, then `byte_len` UTF-8 bytes padded with zeros to a word; text nodes only |
//! | 7 | `FRAME` | `time_ms` as an f64 (2 words): run one frame at that host clock time |
//! | 8 | `SET_STR` | `id`, `key`, `byte_len`, then UTF-8 bytes padded to a word: string properties (`src`) |
//! | 9 | `ANIMATE` | `id`, `anim_id` (sender's, non-zero; echoed in `ANIM` events), then a *timing* (below), then property entries giving the targets |
//! | 10 | `ANIM_CTRL` | `anim_id`, `action` (0 pause, 1 resume, 2 stop keeping current values, 3 finish at the end values) |
//! | 11 | `TRANSITION` | `id`, `key`, then a *timing*: later `SET_PROPS` writes of `key` on the node animate; a duration of 0 removes it (at most 4 per node) |
//! | 12 | `NAVIGATE` | `dir` (0 left, 1 right, 2 up, 3 down): move focus by spatial navigation (see [`crate::focus`]) |
//! | 13 | `FOCUS` | `id` (or [`NONE`] to blur): focus a node |
//! | 14 | `POINTER` | `x` f32, `y` f32 (viewport px), `action` (0 move: hover-focus, 1 click: focus + `POINTER` event) |
//! | 15 | `REGISTER_FONT` | **long form**: the header's length half is 0 and the first word after it is the command's total length in words (header and this word included), because fonts exceed 65535 words; then `family_len`, then `family_len` UTF-8 bytes padded to a word, `byte_len`, then `byte_len` font bytes (TrueType/OpenType) padded to a word. Registers (or replaces) the family; the first font registered is the default for text whose `fontFamily` is empty or unknown. Errors: `BAD_FONT` (empty family, no bytes, not a font), `BAD_UTF8`, `BAD_LENGTH`. The engine keeps a copy of the bytes; hosts register the project's default font (`engine/fonts/DejaVuSans.ttf`) at start, it is not built into `engine.wasm` |
//! | 16 | `IMAGE_LOADED` | `texture_id`, `width`, `height`, `byte_size`: the host decoded the image the engine asked for with an `IMAGE_REQUEST` event and holds its pixels under `texture_id` (see [`crate::resources`]) |
//! | 17 | `IMAGE_FAILED` | `texture_id`, `reason` ([`crate::resources::reason`]), `msg_len`, UTF-8 message padded to a word: the host could not load it |
//! | 18 | `ANNOUNCE` | `politeness` (1 polite, 2 assertive), `len`, UTF-8 text padded to a word (at most 1024 bytes): the app speaks; reaches hosts as an `ANNOUNCE` event (see [`crate::a11y`]) |
//! | 19 | `VIDEO_STATE` | `id`, `state` ([`crate::video::state`]), `reason` ([`crate::video::reason`] for `ERROR`, else 0), `time` f32 (seconds: the duration for `LOADEDMETADATA`, the position for `TIMEUPDATE`), `size` (`width << 16 \| height` for `LOADEDMETADATA`): the host's player of video node `id` changed state; reaches the app as a `VIDEO` event (`TIMEUPDATE` at most every 0.25 s of media time) |
//! | 127 | `SKIPPED` | any words, ignored: what `Engine::submit_input` turns a command it refused for itself alone into, so the rest of its batch applies with every index as sent (see `BatchError::skips_command`); a host has no reason to send it |
//!
//! A *timing* is 9 words: `duration_ms` f32, `delay_ms` f32, `iterations`
//! u32 (`0xFFFF_FFFF` = forever, at least 1), `direction` (0 normal,
//! 1 reverse, 2 alternate, 3 alternate-reverse), `easing` (0 linear, 1 ease,
//! 2 ease-in, 3 ease-out, 4 ease-in-out, 5 cubic-bezier, 6 steps, 7 spring)
//! and four f32 easing parameters (cubic-bezier x1 y1 x2 y2; steps n and
//! 0 jump-end / 1 jump-start; spring stiffness, damping, mass, velocity).
//! Animation targets must be animatable properties ([`props::animatable`]):
//! numbers as `F32`, colours as `U32`. Animation, focus and input commands
//! take effect at the next frame, after the batch has committed.
//!
//! A property entry is `key: u16, type: u16, value: u32` (a [`PropEntry`]);
//! its type says how the value's 32 bits are read:
//!
//! | type | meaning |
//! |---|---|
//! | 0 `F32` | an IEEE-754 f32; NaN and infinities are rejected |
//! | 1 `U32` | a colour `0xRRGGBBAA`, an enum value or a bool (0/1) |
//! | 2 `I32` | a signed integer (z-index) |
//! | 3 `PERCENT` | an f32 fraction of the parent's size (`0.5` = half; scene files write `50%`) |
//! | 4 `AUTO` | the keyword `auto`; value must be 0 |
//! | 5 `RESET` | back to the property's default; value must be 0 |
//!
//! The property keys, the types each accepts and their enum values are in
//! [`props`]. A batch is validated before it is applied: an unknown opcode,
//! a wrong length, an unknown property, a wrong type, a non-finite or
//! out-of-range number, bad UTF-8, an unknown or reused id, an insert that
//! would make a cycle — each is a specific [`BatchError`] naming the
//! command's index and opcode, and the scene is left exactly as it was.
//!
//! # Depth limits
//! A batch may not leave a node more than `reel_engine::scene::MAX_DEPTH`
//! (4096) levels below the top of its tree (the root is level 0; a detached
//! subtree counts from its own top), nor a run of more than
//! `reel_engine::scene::MAX_FLEX_DEPTH` (64) flex containers each a child of
//! the previous one (a scene-mode node in between starts a new run). Such a
//! batch is rejected before any frame lays it out, with `TOO_DEEP` (26) or
//! `FLEX_TOO_DEEP` (27) naming the first node found too deep, its depth and
//! the limit, charged to the last command that moved that node or one of
//! its ancestors (an `INSERT`) or set `display` on one (a `SET_PROPS`).
//! The flex limit is the stack: taffy's flexbox pass recurses once per
//! nested flex container, and engine.wasm under wasmtime (512 KiB of stack)
//! runs out past 201; see `reel_engine::scene::depth`.
//!
//! # Events
//! The engine answers with an event buffer of the same shape: a 16-byte
//! header (magic `0x5645_4552`, the bytes `R E E V`; version 1; flags 0;
//! `seq` = frame number; `count`), then events framed like commands. See
//! [`events`] for their layouts.

pub mod decode;
pub mod encode;
pub mod error;
pub mod events;
pub mod exports;
pub mod props;

pub use decode::{skip_command, skip_header, Batch, Checked, CheckedCommands, Command, PropEntry};
pub use encode::BatchBuilder;
pub use error::{BatchError, ErrorKind};

/// `"REEL"` read as a little-endian u32.
pub const BATCH_MAGIC: u32 = u32::from_le_bytes(*b"REEL");
/// `"REEV"` read as a little-endian u32.
pub const EVENTS_MAGIC: u32 = u32::from_le_bytes(*b"REEV");
/// The protocol version this engine speaks.
pub const PROTOCOL_VERSION: u16 = 1;
/// Size of the batch header in bytes.
pub const HEADER_BYTES: usize = 16;
/// "No node": the `before` anchor meaning "append".
pub const NONE: u32 = u32::MAX;
/// The root node's id.
pub const ROOT: u32 = 0;
/// Largest viewport side `reel_init` accepts (as the scene format's
/// `viewport` line).
pub const MAX_VIEWPORT: u32 = 16384;

/// Command opcodes.
pub mod op {
    /// Create a node.
    pub const CREATE: u16 = 1;
    /// Destroy a node and its subtree.
    pub const DESTROY: u16 = 2;
    /// Insert (or move) a child before an anchor.
    pub const INSERT: u16 = 3;
    /// Detach a node from its parent.
    pub const REMOVE: u16 = 4;
    /// Set typed properties.
    pub const SET_PROPS: u16 = 5;
    /// Set a text node's text.
    pub const SET_TEXT: u16 = 6;
    /// Run a frame.
    pub const FRAME: u16 = 7;
    /// Set a string property.
    pub const SET_STR: u16 = 8;
    /// Start an animation.
    pub const ANIMATE: u16 = 9;
    /// Pause/resume/stop/finish an animation.
    pub const ANIM_CTRL: u16 = 10;
    /// Declare a property transition.
    pub const TRANSITION: u16 = 11;
    /// Spatial navigation.
    pub const NAVIGATE: u16 = 12;
    /// Explicit focus.
    pub const FOCUS: u16 = 13;
    /// Pointer input.
    pub const POINTER: u16 = 14;
    /// Register a font (TTF/OTF bytes) under a family name.
    pub const REGISTER_FONT: u16 = 15;
    /// The host answered an image request: pixels ready.
    pub const IMAGE_LOADED: u16 = 16;
    /// The host answered an image request: loading failed.
    pub const IMAGE_FAILED: u16 = 17;
    /// The app announces a text to assistive technology.
    pub const ANNOUNCE: u16 = 18;
    /// The host's player of a video node changed state.
    pub const VIDEO_STATE: u16 = 19;
    /// A command the engine skipped: any length, ignored.
    pub const SKIPPED: u16 = 0x7F;

    /// Human-readable opcode name for error messages.
    pub fn name(op: u16) -> &'static str {
        match op {
            CREATE => "CREATE",
            DESTROY => "DESTROY",
            INSERT => "INSERT",
            REMOVE => "REMOVE",
            SET_PROPS => "SET_PROPS",
            SET_TEXT => "SET_TEXT",
            FRAME => "FRAME",
            SET_STR => "SET_STR",
            ANIMATE => "ANIMATE",
            ANIM_CTRL => "ANIM_CTRL",
            TRANSITION => "TRANSITION",
            NAVIGATE => "NAVIGATE",
            FOCUS => "FOCUS",
            POINTER => "POINTER",
            REGISTER_FONT => "REGISTER_FONT",
            IMAGE_LOADED => "IMAGE_LOADED",
            IMAGE_FAILED => "IMAGE_FAILED",
            ANNOUNCE => "ANNOUNCE",
            VIDEO_STATE => "VIDEO_STATE",
            SKIPPED => "SKIPPED",
            _ => "UNKNOWN",
        }
    }
}

/// Node kinds accepted by `CREATE`.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NodeKind {
    /// A rectangle: colour, gradient, container.
    View = 0,
    /// A textured rectangle.
    Image = 1,
    /// A run of text.
    Text = 2,
    /// A video surface: the host plays `src` on a plane under the UI
    /// (see [`crate::video`]).
    Video = 3,
}

impl NodeKind {
    /// Decodes a wire kind.
    pub fn from_u32(v: u32) -> Option<Self> {
        match v {
            0 => Some(Self::View),
            1 => Some(Self::Image),
            2 => Some(Self::Text),
            3 => Some(Self::Video),
            _ => None,
        }
    }

    /// The name used in scene files and messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::View => "view",
            Self::Image => "image",
            Self::Text => "text",
            Self::Video => "video",
        }
    }
}
