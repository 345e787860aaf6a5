//! Events the engine sends back: errors and per-frame statistics.
//!
//! Framed like commands (a header word `op | words << 16`, then words),
//! behind a 16-byte header with magic `"REEV"`.
//!
//! | op | name | words after the header |
//! |---|---|---|
//! | 0x81 | `ERROR` | `batch_seq`, `cmd_index` (`0xFFFF_FFFF` = header), `opcode` (bit 16, [`SKIPPED_BIT`]: the engine skipped this command and applied the rest of the batch; clear: the batch was rejected), `code` ([`crate::protocol::ErrorKind::code`]), `msg_len`, UTF-8 message padded to a word |
//! | 0x82 | `FRAME_STATS` | the [`FrameStats`] struct, 16 words |
//! | 0x83 | `ANIM` | `anim_id`, `node`, `kind` (0 started, 1 finished, 2 cancelled) |
//! | 0x84 | `FOCUS` | `from` id, `to` id ([`crate::protocol::NONE`] = none), `cause` (0 navigation, 1 explicit, 2 pointer, 3 focused node lost) |
//! | 0x85 | `POINTER` | `hit` (topmost node under the pointer or NONE), `target` (its focusable ancestor or NONE), `action`, `x` f32, `y` f32 |
//! | 0x86 | `NAV_EDGE` | `focused` id, `dir`: navigation found nothing that way (apps open side menus on it) |
//! | 0x87 | `IMAGE_REQUEST` | `texture_id`, `src_len`, UTF-8 `src` padded to a word: load and decode this image, keep its pixels under `texture_id`, answer with `IMAGE_LOADED` or `IMAGE_FAILED` (see [`crate::resources`]) |
//! | 0x88 | `IMAGE_RELEASE` | `texture_id`: free that texture's pixels (evicted, unused, or an answer the engine no longer wanted) |
//! | 0x89 | `IMAGE_STATE` | `node` id, `state` (0 loaded, 1 failed, 2 released), `reason` (0, or [`crate::resources::reason`]): for the app's `load`/`error` events |
//! | 0x8A | `ANNOUNCE` | `node` id (NONE for the app's own), `politeness` (1 polite, 2 assertive), `kind` (0 focus, 1 live region, 2 app), `len`, UTF-8 text padded to a word: speak it (see [`crate::a11y`]) |
//! | 0x8B | `UNNAMED_FOCUS` | `node` id: a node took focus with no accessible name (no `label`, no text below it) |
//! | 0x8D | `VIDEO` | `node` id, `state`, `reason`, `time` f32, `size`: the host's player of a video node changed state (the `VIDEO_STATE` command's fields, see [`crate::video`]): for the app's `loadedmetadata`/`playing`/`waiting`/`timeupdate`/`ended`/`error` events |
//! | 0x8C | `MISSING_GLYPH` | `node` id, `codepoint`: the node's text (laid out this frame) has a character no registered font has, drawn as the default font's `.notdef` box; the first such character, once per layout of that text |

use bytemuck::{Pod, Zeroable};

use super::error::BatchError;
use super::{EVENTS_MAGIC, PROTOCOL_VERSION};

/// Set in an `ERROR` event's opcode word when the engine skipped that
/// command and applied the rest of its batch ([`BatchError::skips_command`]).
pub const SKIPPED_BIT: u32 = 1 << 16;

/// Why focus moved: the `cause` word of a `FOCUS` event.
pub mod focus_cause {
    /// A `NAVIGATE` command (D-pad).
    pub const NAVIGATION: u32 = 0;
    /// A `FOCUS` command (the app asked).
    pub const EXPLICIT: u32 = 1;
    /// A pointer press on the node or a descendant.
    pub const POINTER: u32 = 2;
    /// The focused node was destroyed or detached: focus is lost.
    pub const LOST: u32 = 3;
}

/// Event opcodes.
pub mod ev {
    /// A rejected batch.
    pub const ERROR: u16 = 0x81;
    /// Statistics of one frame.
    pub const FRAME_STATS: u16 = 0x82;
    /// Animation lifecycle.
    pub const ANIM: u16 = 0x83;
    /// Focus moved.
    pub const FOCUS: u16 = 0x84;
    /// Pointer hit.
    pub const POINTER: u16 = 0x85;
    /// Navigation found nothing.
    pub const NAV_EDGE: u16 = 0x86;
    /// Load an image into a texture.
    pub const IMAGE_REQUEST: u16 = 0x87;
    /// Free a texture.
    pub const IMAGE_RELEASE: u16 = 0x88;
    /// An image node's image loaded, failed or was released.
    pub const IMAGE_STATE: u16 = 0x89;
    /// Speak a text (focus, live region, app).
    pub const ANNOUNCE: u16 = 0x8A;
    /// A node without an accessible name took focus.
    pub const UNNAMED_FOCUS: u16 = 0x8B;
    /// A video node's player changed state.
    pub const VIDEO: u16 = 0x8D;
    /// A text has a character that no registered font has.
    pub const MISSING_GLYPH: u16 = 0x8C;

    /// Event name for messages and generated bindings ("UNKNOWN" otherwise).
    pub fn name(ev: u16) -> &'static str {
        match ev {
            ERROR => "ERROR",
            FRAME_STATS => "FRAME_STATS",
            ANIM => "ANIM",
            FOCUS => "FOCUS",
            POINTER => "POINTER",
            NAV_EDGE => "NAV_EDGE",
            IMAGE_REQUEST => "IMAGE_REQUEST",
            IMAGE_RELEASE => "IMAGE_RELEASE",
            IMAGE_STATE => "IMAGE_STATE",
            ANNOUNCE => "ANNOUNCE",
            UNNAMED_FOCUS => "UNNAMED_FOCUS",
            VIDEO => "VIDEO",
            MISSING_GLYPH => "MISSING_GLYPH",
            _ => "UNKNOWN",
        }
    }
}

/// What one frame did. `repr(C)`, 64 bytes: readable in place from Wasm
/// memory by any host.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Pod, Zeroable)]
pub struct FrameStats {
    /// Frame number (1 for the first frame).
    pub frame: u32,
    /// Live nodes, root included.
    pub nodes: u32,
    /// Nodes whose layout was recomputed (0 when nothing layout-relevant changed).
    pub layout_nodes: u32,
    /// Display items emitted.
    pub dl_items: u32,
    /// Nodes skipped by off-screen culling.
    pub culled: u32,
    /// 1 when the display list was rebuilt, 0 when the previous one was reused.
    pub dl_rebuilt: u32,
    /// Batches applied since the previous frame.
    pub batches: u32,
    /// Commands applied since the previous frame.
    pub commands: u32,
    /// Batches rejected, and commands skipped (`ERROR` events with
    /// [`SKIPPED_BIT`]), since the previous frame.
    pub rejected: u32,
    /// Engine linear memory in bytes (Wasm) or 0 natively.
    pub memory_bytes: u32,
    /// Animations running after this frame.
    pub animations: u32,
    /// Focused node id (`NONE` when nothing is focused).
    pub focused: u32,
    /// Texture bytes charged to the budget after this frame: resident
    /// images plus the glyph atlas (see [`crate::resources`]).
    pub texture_bytes: u32,
    /// The texture budget in bytes (0 = unlimited).
    pub texture_budget: u32,
    /// Host clock time of the frame in milliseconds.
    pub time_ms: f64,
}

const _: () = assert!(core::mem::size_of::<FrameStats>() == 64);

/// A decoded event.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// A rejected batch.
    Error {
        /// Batch number.
        batch_seq: u32,
        /// Command index.
        cmd_index: u32,
        /// Opcode.
        opcode: u16,
        /// The engine skipped the command and applied the rest of the
        /// batch (else the whole batch was rejected).
        skipped: bool,
        /// Error code.
        code: u32,
        /// Message.
        message: String,
    },
    /// Frame statistics.
    Frame(FrameStats),
    /// Animation lifecycle.
    Anim {
        /// Sender's animation id.
        anim_id: u32,
        /// Node.
        node: u32,
        /// 0 started, 1 finished, 2 cancelled.
        kind: u32,
    },
    /// Focus moved.
    Focus {
        /// Previous focus (NONE).
        from: u32,
        /// New focus (NONE).
        to: u32,
        /// 0 navigation, 1 explicit, 2 pointer, 3 lost.
        cause: u32,
    },
    /// Pointer hit.
    Pointer {
        /// Topmost node hit.
        hit: u32,
        /// Focusable target.
        target: u32,
        /// Action.
        action: u32,
        /// x.
        x: f32,
        /// y.
        y: f32,
    },
    /// Navigation found nothing.
    NavEdge {
        /// Focused node.
        focused: u32,
        /// Direction.
        dir: u32,
    },
    /// Load an image.
    ImageRequest {
        /// Texture id to keep the pixels under.
        texture: u32,
        /// The image's `src`.
        src: String,
    },
    /// Free a texture.
    ImageRelease {
        /// Texture id.
        texture: u32,
    },
    /// An image node's state changed.
    ImageState {
        /// Node.
        node: u32,
        /// 0 loaded, 1 failed, 2 released.
        state: u32,
        /// 0 or a failure reason code.
        reason: u32,
    },
    /// Speak a text.
    Announce {
        /// Node (NONE: the app's own).
        node: u32,
        /// 1 polite, 2 assertive.
        politeness: u32,
        /// 0 focus, 1 live region, 2 app.
        kind: u32,
        /// The text.
        text: String,
    },
    /// A node without an accessible name took focus.
    UnnamedFocus {
        /// Node.
        node: u32,
    },
    /// A video node's player changed state (see [`crate::video`]).
    Video {
        /// Node.
        node: u32,
        /// [`crate::video::state`].
        state: u32,
        /// [`crate::video::reason`] for `ERROR`, else 0.
        reason: u32,
        /// Seconds: the duration (`LOADEDMETADATA`) or the position.
        time: f32,
        /// `width << 16 | height` (`LOADEDMETADATA`).
        size: u32,
    },
    /// A text node's character that no registered font has.
    MissingGlyph {
        /// Node.
        node: u32,
        /// The character (Unicode scalar value).
        codepoint: u32,
    },
}

/// The engine's outgoing event buffer. Cleared by the host after reading;
/// its capacity is kept, so steady state does not allocate.
#[derive(Debug, Default)]
pub struct EventWriter {
    words: Vec<u32>,
    count: u32,
}

impl EventWriter {
    /// An empty buffer.
    pub fn new() -> Self {
        let mut w = Self { words: Vec::with_capacity(256), count: 0 };
        w.clear();
        w
    }

    /// Drops all events, keeping capacity.
    pub fn clear(&mut self) {
        self.words.clear();
        self.words.extend_from_slice(&[EVENTS_MAGIC, PROTOCOL_VERSION as u32, 0, 0]);
        self.count = 0;
    }

    fn push(&mut self, opcode: u16, body: &[u32]) {
        let words = (body.len() + 1).min(u16::MAX as usize) as u32;
        self.words.push(opcode as u32 | (words << 16));
        self.words.extend_from_slice(&body[..words as usize - 1]);
        self.count += 1;
        self.words[3] = self.count;
    }

    /// Records a rejected batch.
    pub fn error(&mut self, e: &BatchError) {
        self.refused(e, false);
    }

    /// Records an `ERROR` event for `e`; `skipped`: the command was
    /// skipped and the rest of its batch applied ([`SKIPPED_BIT`]). Not
    /// inlined: the engine calls it from three places (engine.wasm's size).
    #[inline(never)]
    pub fn refused(&mut self, e: &BatchError, skipped: bool) {
        let mut msg = String::new();
        e.write_to(&mut msg);
        let bytes = msg.as_bytes();
        let bytes = &bytes[..bytes.len().min(4000)];
        let mut body = vec![e.seq, e.cmd_index, e.op as u32 | if skipped { SKIPPED_BIT } else { 0 }, e.kind.code()];
        body.extend_from_slice(&super::encode::string_body(&[], bytes));
        self.push(ev::ERROR, &body);
    }

    /// Records a frame's statistics.
    pub fn frame(&mut self, s: &FrameStats) {
        self.words[2] = s.frame;
        let body: &[u32] = bytemuck::cast_slice(core::slice::from_ref(s));
        // 16 words: push without a temporary allocation.
        self.words.push(ev::FRAME_STATS as u32 | ((body.len() as u32 + 1) << 16));
        self.words.extend_from_slice(body);
        self.count += 1;
        self.words[3] = self.count;
    }

    /// Records an animation lifecycle event.
    pub fn anim(&mut self, anim_id: u32, node: u32, kind: u32) {
        self.push(ev::ANIM, &[anim_id, node, kind]);
    }

    /// Records a focus change.
    pub fn focus(&mut self, from: u32, to: u32, cause: u32) {
        self.push(ev::FOCUS, &[from, to, cause]);
    }

    /// Records a pointer hit.
    pub fn pointer(&mut self, hit: u32, target: u32, action: u32, x: f32, y: f32) {
        self.push(ev::POINTER, &[hit, target, action, x.to_bits(), y.to_bits()]);
    }

    /// Records navigation that found nothing.
    pub fn nav_edge(&mut self, focused: u32, dir: u32) {
        self.push(ev::NAV_EDGE, &[focused, dir]);
    }

    /// Asks the host to speak `text`.
    pub fn announce(&mut self, node: u32, politeness: u32, kind: u32, text: &str) {
        self.words.push(ev::ANNOUNCE as u32 | (((5 + text.len().div_ceil(4)) as u32) << 16));
        self.words.extend_from_slice(&[node, politeness, kind]);
        self.push_str(text);
    }

    /// Reports a focused node without an accessible name.
    pub fn unnamed_focus(&mut self, node: u32) {
        self.push(ev::UNNAMED_FOCUS, &[node]);
    }

    /// Reports a video node's player state.
    pub fn video(&mut self, node: u32, state: u32, reason: u32, time: f32, size: u32) {
        self.push(ev::VIDEO, &[node, state, reason, time.to_bits(), size]);
    }

    /// Reports a character of `node`'s text that no registered font has.
    pub fn missing_glyph(&mut self, node: u32, codepoint: u32) {
        self.push(ev::MISSING_GLYPH, &[node, codepoint]);
    }

    /// Asks the host to load `src` into `texture`.
    pub fn image_request(&mut self, texture: u32, src: &str) {
        self.words.push(ev::IMAGE_REQUEST as u32 | (((3 + src.len().div_ceil(4)) as u32) << 16));
        self.words.push(texture);
        self.push_str(src);
    }

    /// Appends `len` and the UTF-8 bytes padded to a word; counts the event.
    fn push_str(&mut self, s: &str) {
        super::encode::push_string(&mut self.words, s.as_bytes());
        self.count += 1;
        self.words[3] = self.count;
    }

    /// Tells the host to free `texture`.
    pub fn image_release(&mut self, texture: u32) {
        self.push(ev::IMAGE_RELEASE, &[texture]);
    }

    /// Reports an image node's state.
    pub fn image_state(&mut self, node: u32, state: u32, reason: u32) {
        self.push(ev::IMAGE_STATE, &[node, state, reason]);
    }

    /// Number of events held.
    pub fn len(&self) -> u32 {
        self.count
    }

    /// True when there are no events.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The buffer as bytes (header included).
    pub fn as_bytes(&self) -> &[u8] {
        bytemuck::cast_slice(&self.words)
    }
}

/// Error reading an event buffer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventDecodeError(pub String);

impl core::fmt::Display for EventDecodeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "bad event buffer: {}", self.0)
    }
}

impl std::error::Error for EventDecodeError {}

/// Decodes an event buffer of any alignment.
pub fn decode_events(bytes: &[u8]) -> Result<Vec<Event>, EventDecodeError> {
    let bad = |s: &str| EventDecodeError(s.to_string());
    if !bytes.len().is_multiple_of(4) || bytes.len() < 16 {
        return Err(bad("length is not a whole number of words of at least a header"));
    }
    let words: Vec<u32> = bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
    if words[0] != EVENTS_MAGIC {
        return Err(bad("magic"));
    }
    let count = words[3] as usize;
    let mut rest = &words[4..];
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let h = *rest.first().ok_or_else(|| bad("truncated"))?;
        let n = (h >> 16) as usize;
        if n == 0 || n > rest.len() {
            return Err(bad("event length"));
        }
        let body = &rest[1..n];
        match (h & 0xFFFF) as u16 {
            ev::ERROR if body.len() >= 5 => {
                let len = body[4] as usize;
                let b: Vec<u8> = body[5..].iter().flat_map(|w| w.to_le_bytes()).collect();
                if b.len() < len {
                    return Err(bad("error message length"));
                }
                out.push(Event::Error {
                    batch_seq: body[0],
                    cmd_index: body[1],
                    opcode: body[2] as u16,
                    skipped: body[2] & SKIPPED_BIT != 0,
                    code: body[3],
                    message: String::from_utf8_lossy(&b[..len]).into_owned(),
                });
            }
            ev::FRAME_STATS if body.len() == 16 => {
                out.push(Event::Frame(bytemuck::pod_read_unaligned(bytemuck::cast_slice(body))));
            }
            ev::ANIM if body.len() == 3 => out.push(Event::Anim { anim_id: body[0], node: body[1], kind: body[2] }),
            ev::FOCUS if body.len() == 3 => out.push(Event::Focus { from: body[0], to: body[1], cause: body[2] }),
            ev::POINTER if body.len() == 5 => out.push(Event::Pointer {
                hit: body[0],
                target: body[1],
                action: body[2],
                x: f32::from_bits(body[3]),
                y: f32::from_bits(body[4]),
            }),
            ev::NAV_EDGE if body.len() == 2 => out.push(Event::NavEdge { focused: body[0], dir: body[1] }),
            ev::IMAGE_REQUEST if body.len() >= 2 => {
                let len = body[1] as usize;
                let b: Vec<u8> = body[2..].iter().flat_map(|w| w.to_le_bytes()).collect();
                if b.len() < len {
                    return Err(bad("image request src length"));
                }
                out.push(Event::ImageRequest { texture: body[0], src: String::from_utf8_lossy(&b[..len]).into_owned() });
            }
            ev::IMAGE_RELEASE if body.len() == 1 => out.push(Event::ImageRelease { texture: body[0] }),
            ev::IMAGE_STATE if body.len() == 3 => {
                out.push(Event::ImageState { node: body[0], state: body[1], reason: body[2] })
            }
            ev::ANNOUNCE if body.len() >= 4 => {
                let len = body[3] as usize;
                let b: Vec<u8> = body[4..].iter().flat_map(|w| w.to_le_bytes()).collect();
                if b.len() < len {
                    return Err(bad("announce text length"));
                }
                let text = String::from_utf8_lossy(&b[..len]).into_owned();
                out.push(Event::Announce { node: body[0], politeness: body[1], kind: body[2], text });
            }
            ev::UNNAMED_FOCUS if body.len() == 1 => out.push(Event::UnnamedFocus { node: body[0] }),
            ev::VIDEO if body.len() == 5 => out.push(Event::Video {
                node: body[0],
                state: body[1],
                reason: body[2],
                time: f32::from_bits(body[3]),
                size: body[4],
            }),
            ev::MISSING_GLYPH if body.len() == 2 => out.push(Event::MissingGlyph { node: body[0], codepoint: body[1] }),
            _ => return Err(bad("unknown event")),
        }
        rest = &rest[n..];
    }
    Ok(out)
}
