//! Zero-copy batch decoding and static validation.
//!
//! A batch is viewed as `&[u32]` words: when the sender's buffer is 4-byte
//! aligned (the engine's own input buffer always is, and so is any
//! `ArrayBuffer`), property entries and strings are borrowed straight from
//! it via bytemuck; only a misaligned buffer is copied once into a reused
//! scratch vector. [`Batch::validate`] checks everything that can be checked
//! without the scene (opcodes, lengths, property keys/types/ranges, UTF-8,
//! reserved ids) before anything is applied; the scene-dependent checks
//! (unknown/reused ids, cycles) happen in the transaction, which rolls back.

use bytemuck::{Pod, Zeroable};

use super::error::{BatchError, ErrorKind, HEADER_INDEX};
use super::props::{self, ty, Check, PropValue};
use super::{op, NodeKind, BATCH_MAGIC, HEADER_BYTES, NONE, PROTOCOL_VERSION, ROOT};
use crate::anim::easing::Easing;
use crate::anim::{self, Direction, Timing};
use crate::focus::Dir;

/// Decodes the 9-word timing block of `ANIMATE`/`TRANSITION`.
fn timing(w: &[u32]) -> Result<Timing, ErrorKind> {
    let f = |i: usize| f32::from_bits(u32::from_le(w[i]));
    let duration_ms = f(0);
    let delay_ms = f(1);
    if !duration_ms.is_finite() || !(0.0..=3_600_000.0).contains(&duration_ms) {
        return Err(ErrorKind::BadArgument("duration must be finite, 0..=3600000 ms"));
    }
    if !delay_ms.is_finite() || delay_ms.abs() > 3_600_000.0 {
        return Err(ErrorKind::BadArgument("delay must be finite, within an hour"));
    }
    let iterations = u32::from_le(w[2]);
    if iterations == 0 {
        return Err(ErrorKind::BadArgument("iterations must be at least 1"));
    }
    let direction = Direction::from_u32(u32::from_le(w[3])).ok_or(ErrorKind::BadArgument("direction must be 0..=3"))?;
    let easing = Easing::from_wire(u32::from_le(w[4]), [f(5), f(6), f(7), f(8)])
        .map_err(|_| ErrorKind::BadArgument("unknown easing or easing parameters out of range"))?;
    Ok(Timing { duration_ms, delay_ms, iterations, direction, easing })
}

/// Checks an animation target entry: an animatable key with a number
/// (or a colour for colour keys).
#[inline]
fn check_target(e: &PropEntry) -> Result<(), ErrorKind> {
    let v = e.decode()?;
    let colour = props::is_color_key(e.key);
    let ok = props::animatable(e.key)
        && match v {
            PropValue::F32(_) => !colour,
            PropValue::U32(_) => colour,
            _ => false,
        };
    if ok { Ok(()) } else { Err(ErrorKind::NotAnimatable(e.key)) }
}

/// One property entry as it sits on the wire.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Pod, Zeroable)]
pub struct PropEntry {
    /// Property key.
    pub key: u16,
    /// Value type.
    pub ty: u16,
    /// Value bits.
    pub value: u32,
}

impl PropEntry {
    /// Builds an entry from a key and a value.
    pub fn new(key: u16, value: PropValue) -> Self {
        let (ty, value) = value.to_wire();
        Self { key, ty, value }
    }

    /// The value of an entry of a [`Checked`] batch (which
    /// [`PropEntry::decode`] accepted): the wire bits as a [`PropValue`],
    /// without checking them again.
    #[inline]
    pub fn value(&self) -> PropValue {
        let v = self.value;
        match self.ty {
            ty::F32 => PropValue::F32(f32::from_bits(v)),
            ty::PERCENT => PropValue::Percent(f32::from_bits(v)),
            ty::I32 => PropValue::I32(v as i32),
            ty::AUTO => PropValue::Auto,
            ty::RESET => PropValue::Reset,
            _ => PropValue::U32(v),
        }
    }

    /// Validates the entry against the property table.
    pub fn decode(&self) -> Result<PropValue, ErrorKind> {
        let prop = self.key;
        let spec = props::spec(prop).ok_or(ErrorKind::UnknownProp(prop))?;
        let v = self.value;
        if self.ty == ty::RESET {
            return if v == 0 { Ok(PropValue::Reset) } else { Err(ErrorKind::BadKeywordBits { prop }) };
        }
        if self.ty > ty::RESET || spec.accepts & (1 << self.ty) == 0 {
            return Err(ErrorKind::WrongType { prop, ty: self.ty });
        }
        match self.ty {
            ty::F32 | ty::PERCENT => {
                let x = f32::from_bits(v);
                if !x.is_finite() {
                    return Err(ErrorKind::NonFinite { prop });
                }
                let ok = match spec.check {
                    Check::NonNegative => x >= 0.0,
                    Check::Unit => (0.0..=1.0).contains(&x),
                    _ => true,
                };
                if !ok {
                    return Err(ErrorKind::OutOfRange { prop, value: x });
                }
            }
            ty::I32 => {}
            ty::AUTO if v != 0 => return Err(ErrorKind::BadKeywordBits { prop }),
            ty::AUTO => {}
            _ => match spec.check {
                Check::Bool if v > 1 => return Err(ErrorKind::BadEnum { prop, value: v }),
                Check::Enum(n) if v >= n => return Err(ErrorKind::BadEnum { prop, value: v }),
                _ => {}
            },
        }
        // Checked: the same value a checked batch reads.
        Ok(self.value())
    }
}

/// A decoded command, borrowing from the batch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Command<'a> {
    /// Create a node.
    Create {
        /// New id.
        id: u32,
        /// Kind.
        kind: NodeKind,
    },
    /// Destroy a subtree.
    Destroy {
        /// Subtree root.
        id: u32,
    },
    /// Insert or move.
    Insert {
        /// New parent.
        parent: u32,
        /// Child to insert.
        child: u32,
        /// Anchor sibling or [`NONE`].
        before: u32,
    },
    /// Detach.
    Remove {
        /// Node to detach.
        id: u32,
    },
    /// Set properties.
    SetProps {
        /// Target.
        id: u32,
        /// Entries, validated by [`Batch::validate`].
        props: &'a [PropEntry],
    },
    /// Set text.
    SetText {
        /// Target text node.
        id: u32,
        /// The text.
        text: &'a str,
    },
    /// Run a frame.
    Frame {
        /// Host clock in milliseconds.
        time_ms: f64,
    },
    /// Start an animation.
    Animate {
        /// Target node.
        id: u32,
        /// Sender's animation id.
        anim_id: u32,
        /// Timing.
        timing: Timing,
        /// Target values (validated by [`Batch::validate`]).
        targets: &'a [PropEntry],
    },
    /// Control an animation.
    AnimCtrl {
        /// Sender's animation id.
        anim_id: u32,
        /// `crate::anim::ctrl` action.
        action: u32,
    },
    /// Declare a transition.
    Transition {
        /// Node.
        id: u32,
        /// Property.
        key: u16,
        /// Timing (duration 0 removes).
        timing: Timing,
    },
    /// Spatial navigation.
    Navigate {
        /// Direction.
        dir: Dir,
    },
    /// Explicit focus.
    Focus {
        /// Node or NONE.
        id: u32,
    },
    /// Pointer input.
    Pointer {
        /// Viewport x.
        x: f32,
        /// Viewport y.
        y: f32,
        /// 0 move, 1 click.
        action: u32,
    },
    /// The host loaded an image texture.
    ImageLoaded {
        /// Texture id from the `IMAGE_REQUEST` event.
        texture: u32,
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
        /// Bytes the texture occupies on the device.
        byte_size: u32,
    },
    /// The host failed to load an image.
    ImageFailed {
        /// Texture id from the `IMAGE_REQUEST` event.
        texture: u32,
        /// Reason code ([`crate::resources::reason`]).
        reason: u32,
        /// Human-readable reason (for logs; the engine keeps the code).
        message: &'a str,
    },
    /// Register a font.
    RegisterFont {
        /// Family name (non-empty).
        family: &'a str,
        /// TrueType/OpenType bytes (checked to parse as a font).
        data: &'a [u8],
    },
    /// Set a string property.
    SetStr {
        /// Target.
        id: u32,
        /// Property key.
        key: u16,
        /// The value.
        value: &'a str,
    },
    /// The app announces a text.
    Announce {
        /// 1 polite, 2 assertive.
        politeness: u32,
        /// The text (at most [`crate::a11y::MAX_TEXT`] bytes).
        text: &'a str,
    },
    /// A command the engine skipped (`op::SKIPPED`): nothing to do.
    Skipped,
    /// The host's player of a video node changed state.
    VideoState {
        /// The video node.
        id: u32,
        /// [`crate::video::state`].
        state: u32,
        /// [`crate::video::reason`] for `ERROR`, else 0.
        reason: u32,
        /// Seconds (duration or position), finite and >= 0.
        time: f32,
        /// `width << 16 | height` for `LOADEDMETADATA`.
        size: u32,
    },
}

/// A batch viewed as words.
#[derive(Clone, Copy, Debug)]
pub struct Batch<'a> {
    /// Sender's sequence number.
    pub seq: u32,
    /// Declared number of commands.
    pub count: u32,
    body: &'a [u32],
}

/// Views bytes as words without copying when aligned, else copies into
/// `scratch` (reused across batches, so steady state does not allocate).
pub fn as_words<'a>(bytes: &'a [u8], scratch: &'a mut Vec<u32>) -> Result<&'a [u32], ErrorKind> {
    if !bytes.len().is_multiple_of(4) {
        let got = bytes.len() as u64;
        return Err(ErrorKind::Truncated { needed: got.div_ceil(4) * 4, got });
    }
    if let Ok(words) = bytemuck::try_cast_slice::<u8, u32>(bytes) {
        return Ok(words);
    }
    scratch.clear();
    scratch
        .try_reserve(bytes.len() / 4)
        .map_err(|_| ErrorKind::OutOfMemory)?;
    scratch.extend(bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])));
    Ok(scratch)
}

/// The length in words of the command whose header is `body[at]`, read
/// from its header alone (the long form's second word when the length half
/// is 0); 0 when nothing is there. Only for commands validation framed
/// already, or as a hint: [`Commands::decode_one`] is the framing rule.
fn framed_len(body: &[u32], at: usize) -> usize {
    let Some(&w) = body.get(at) else { return 0 };
    match u32::from_le(w) >> 16 {
        0 => body.get(at + 1).map_or(0, |&l| u32::from_le(l) as usize),
        l => l as usize,
    }
}

/// Turns command `index` of the batch in `words` (header included) into a
/// `SKIPPED` command of the same length, which the engine ignores: the
/// batch without that command, every other command where it was. False
/// when `index` frames no command, or frames a long-form one (a font: never
/// skipped). For a command validation framed (`Engine::submit_input`
/// skipping a command it refused).
pub fn skip_command(words: &mut [u32], index: u32) -> bool {
    let hw = HEADER_BYTES / 4;
    let Some(body) = words.get_mut(hw..) else { return false };
    let mut at = 0;
    for _ in 0..index {
        match framed_len(body, at) {
            0 => return false,
            len => at += len,
        }
    }
    body.get_mut(at).is_some_and(skip_header)
}

/// Turns the command header `h` into a `SKIPPED` one of the same length;
/// false for a long-form header (length half 0: a font, never skipped).
/// [`skip_command`], and the engine's one-pass skip of what validation
/// refuses (it knows each header's word already).
pub fn skip_header(h: &mut u32) -> bool {
    let w = u32::from_le(*h);
    if w >> 16 == 0 {
        return false;
    }
    *h = (w & 0xFFFF_0000 | u32::from(op::SKIPPED)).to_le();
    true
}

fn header_err(seq: u32, kind: ErrorKind) -> BatchError {
    BatchError { seq, cmd_index: HEADER_INDEX, op: 0, kind }
}

impl<'a> Batch<'a> {
    /// Reads the header. Commands are checked by [`Batch::validate`].
    #[inline]
    pub fn parse(words: &'a [u32]) -> Result<Self, BatchError> {
        let hw = HEADER_BYTES / 4;
        if words.len() < hw {
            return Err(header_err(0, ErrorKind::Truncated { needed: HEADER_BYTES as u64, got: words.len() as u64 * 4 }));
        }
        let magic = u32::from_le(words[0]);
        let vf = u32::from_le(words[1]);
        let seq = u32::from_le(words[2]);
        let count = u32::from_le(words[3]);
        if magic != BATCH_MAGIC {
            return Err(header_err(0, ErrorKind::BadMagic(magic)));
        }
        let version = (vf & 0xFFFF) as u16;
        let flags = (vf >> 16) as u16;
        if version != PROTOCOL_VERSION {
            return Err(header_err(seq, ErrorKind::UnsupportedVersion(version)));
        }
        if flags != 0 {
            return Err(header_err(seq, ErrorKind::BadFlags(flags)));
        }
        Ok(Self { seq, count, body: &words[hw..] })
    }

    /// How many commands have opcode `op`, read from the command headers
    /// alone (each one's length word: nothing else is decoded or checked).
    /// A size hint for a batch not yet validated: counting stops at the
    /// first header that does not frame a command, which validation then
    /// reports.
    pub fn count_op(&self, op: u16) -> u32 {
        let (mut at, mut n) = (0usize, 0u32);
        for _ in 0..self.count {
            let len = framed_len(self.body, at);
            if len == 0 {
                break;
            }
            n += u32::from(u32::from_le(self.body[at]) as u16 == op);
            at = at.saturating_add(len);
        }
        n
    }

    /// Iterates the commands, decoding each (with length checks only).
    pub fn commands(&self) -> Commands<'a> {
        Commands { seq: self.seq, rest: self.body, index: 0, remaining: self.count, consumed: HEADER_BYTES }
    }

    /// Checks every command without touching any scene: framing, opcodes,
    /// lengths, reserved ids, property keys/types/values, UTF-8, and that no
    /// bytes follow the last command. `REGISTER_FONT`'s font bytes are not
    /// parsed here (that needs a font parser, which only the engine links):
    /// see [`Batch::validate_with`].
    pub fn validate(&self) -> Result<Checked<'a>, BatchError> {
        self.validate_with(|_, _| Ok(()))
    }

    /// [`Batch::validate`], with `font` checking each `REGISTER_FONT`'s
    /// family and bytes in command order (the engine passes its font
    /// validation, so the first bad command is reported whatever its kind).
    pub fn validate_with(&self, font: impl Fn(&str, &[u8]) -> Result<(), ErrorKind>) -> Result<Checked<'a>, BatchError> {
        self.check(font, &mut |_, _| false)
    }

    /// [`Batch::validate_with`] in one pass that goes on past each command
    /// it refuses for which `skip(at, &error)` says so (`at`: the word
    /// index of the command's header in the batch): the engine marks those
    /// skipped (`Engine::submit_input`), so a row of tiles sent with the
    /// same bad gradient costs one pass, not one per tile. The counts
    /// leave them out. One body for both (`skip` is `dyn`: engine.wasm's
    /// size).
    pub fn check(&self, font: impl Fn(&str, &[u8]) -> Result<(), ErrorKind>, skip: &mut dyn FnMut(usize, &BatchError) -> bool) -> Result<Checked<'a>, BatchError> {
        let mut it = self.commands();
        let mut checked = Checked { batch: *self, creates: 0, inserts: 0 };
        for _ in 0..self.count {
            let (index, at) = (it.index, it.consumed / 4);
            let cmd = match it.next() {
                Some(c) => c?,
                None => break,
            };
            if let Err(e) = self.check_one(cmd, index, &font, &mut checked) {
                if !skip(at, &e) {
                    return Err(e);
                }
            }
        }
        if !it.rest.is_empty() {
            return Err(header_err(self.seq, ErrorKind::TrailingBytes(it.rest.len() as u64 * 4)));
        }
        Ok(checked)
    }

    /// Checks one decoded command (index `index`), counting it into
    /// `checked` when it passes.
    fn check_one(&self, cmd: Command<'_>, index: u32, font: &dyn Fn(&str, &[u8]) -> Result<(), ErrorKind>, checked: &mut Checked<'a>) -> Result<(), BatchError> {
        {
            let err = |opc: u16, kind| BatchError { seq: self.seq, cmd_index: index, op: opc, kind };
            let reserved = |id: u32| id == ROOT || id == NONE;
            match cmd {
                Command::Create { id, .. } if reserved(id) => return Err(err(op::CREATE, ErrorKind::ReservedId(id))),
                Command::Create { .. } => checked.creates += 1,
                Command::Destroy { id } if reserved(id) => return Err(err(op::DESTROY, ErrorKind::ReservedId(id))),
                Command::Remove { id } if reserved(id) => return Err(err(op::REMOVE, ErrorKind::ReservedId(id))),
                Command::Insert { parent, child, before } => {
                    if reserved(child) {
                        return Err(err(op::INSERT, ErrorKind::ReservedId(child)));
                    }
                    if parent == NONE {
                        return Err(err(op::INSERT, ErrorKind::ReservedId(parent)));
                    }
                    if before == ROOT {
                        return Err(err(op::INSERT, ErrorKind::ReservedId(before)));
                    }
                    checked.inserts += 1;
                }
                Command::SetProps { props, .. } => {
                    for p in props {
                        p.decode().map_err(|k| err(op::SET_PROPS, k))?;
                    }
                }
                Command::RegisterFont { family, data } => {
                    font(family, data).map_err(|k| err(op::REGISTER_FONT, k))?;
                }
                Command::SetStr { key, .. } if !props::STRING_PROPS.iter().any(|(k, _)| *k == key) => {
                    return Err(err(op::SET_STR, ErrorKind::UnknownProp(key)));
                }
                Command::SetStr { key: props::key::GRADIENT, value, .. } => {
                    if let Err((at, what)) = crate::gradient::parse(value) {
                        return Err(err(op::SET_STR, ErrorKind::BadGradient { at, what }));
                    }
                }
                Command::SetStr { key, value, .. } if crate::a11y::too_long(key, value) => {
                    return Err(err(op::SET_STR, ErrorKind::BadArgument(crate::a11y::TOO_LONG)));
                }
                Command::Announce { politeness, text } if !(1..=2).contains(&politeness) || text.len() > crate::a11y::MAX_TEXT => {
                    return Err(err(op::ANNOUNCE, ErrorKind::BadArgument(crate::a11y::BAD_ANNOUNCE)));
                }
                Command::VideoState { state, reason, time, .. } => {
                    if let Some(what) = crate::video::check_state(state, reason, time) {
                        return Err(err(op::VIDEO_STATE, ErrorKind::BadArgument(what)));
                    }
                }
                Command::Animate { targets, .. } => {
                    if targets.is_empty() {
                        return Err(err(op::ANIMATE, ErrorKind::BadArgument("an animation needs at least one target")));
                    }
                    let tracks: usize = targets.iter().map(|t| props::expand(t.key).len().max(1)).sum();
                    if tracks > props::MAX_TRACKS {
                        return Err(err(op::ANIMATE, ErrorKind::BadArgument("at most 8 animated properties per animation")));
                    }
                    for t in targets {
                        check_target(t).map_err(|k| err(op::ANIMATE, k))?;
                    }
                }
                Command::Transition { key, .. } if !props::animatable(key) => {
                    return Err(err(op::TRANSITION, ErrorKind::NotAnimatable(key)));
                }
                Command::AnimCtrl { anim_id, action } => {
                    if action > anim::ctrl::FINISH {
                        return Err(err(op::ANIM_CTRL, ErrorKind::BadArgument("action must be 0..=3")));
                    }
                    if anim_id == 0 {
                        return Err(err(op::ANIM_CTRL, ErrorKind::BadArgument("animation id 0 is reserved")));
                    }
                }
                Command::Pointer { x, y, action } => {
                    if !x.is_finite() || !y.is_finite() {
                        return Err(err(op::POINTER, ErrorKind::BadArgument("pointer position must be finite")));
                    }
                    if action > 1 {
                        return Err(err(op::POINTER, ErrorKind::BadArgument("pointer action must be 0 (move) or 1 (click)")));
                    }
                }
                Command::ImageLoaded { width, height, .. } if width == 0 || height == 0 => {
                    return Err(err(op::IMAGE_LOADED, ErrorKind::BadArgument("a loaded image needs a non-zero width and height")));
                }
                Command::Frame { time_ms } if !time_ms.is_finite() => {
                    return Err(err(op::FRAME, ErrorKind::NonFinite { prop: 0 }));
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// A batch that passed [`Batch::validate_with`]: the only way to make one.
///
/// The engine validates a batch once, into this, and everything after
/// (the create-count reservation, the big-batch precheck, the transaction,
/// the after-commit passes) reads it: its commands come out already
/// decoded and checked (no `Result` to thread through, no second
/// validation of a property value), and what the validation counted on the
/// way is here instead of in another walk.
#[derive(Clone, Copy, Debug)]
pub struct Checked<'a> {
    batch: Batch<'a>,
    /// `CREATE` commands in the batch (the arena is sized for them first).
    pub creates: u32,
    /// `INSERT` commands in the batch.
    pub inserts: u32,
}

impl<'a> Checked<'a> {
    /// A batch [`Batch::validate`] already checked, read again after its
    /// words moved (the engine grows a big batch's buffer between its
    /// validation and its transaction): only the header is parsed, nothing
    /// is checked again. `words` must be exactly the words that validated
    /// into `creates` and `inserts`; the engine passes the same buffer,
    /// reallocated.
    pub fn moved(words: &'a [u32], creates: u32, inserts: u32) -> Result<Self, BatchError> {
        Ok(Self { batch: Batch::parse(words)?, creates, inserts })
    }

    /// Sender's sequence number.
    pub fn seq(&self) -> u32 {
        self.batch.seq
    }

    /// Number of commands.
    pub fn count(&self) -> u32 {
        self.batch.count
    }

    /// The commands, in order. Framing and values were checked, so each
    /// decodes without error (the walk re-reads the framing, which is cheap,
    /// rather than keeping a decoded copy of the batch).
    pub fn commands(&self) -> CheckedCommands<'a> {
        CheckedCommands(self.batch.commands())
    }
}

/// Iterator over a [`Checked`] batch's commands.
#[derive(Debug)]
pub struct CheckedCommands<'a>(Commands<'a>);

impl<'a> Iterator for CheckedCommands<'a> {
    type Item = Command<'a>;

    #[inline]
    fn next(&mut self) -> Option<Command<'a>> {
        // Validation decoded these very words without error: an `Err` here
        // cannot happen, and would end the walk rather than panic.
        self.0.next().and_then(Result::ok)
    }
}

/// Iterator over a batch's commands.
#[derive(Debug)]
pub struct Commands<'a> {
    seq: u32,
    rest: &'a [u32],
    index: u32,
    remaining: u32,
    consumed: usize,
}

impl<'a> Commands<'a> {
    fn decode_one(&mut self) -> Result<Command<'a>, BatchError> {
        let index = self.index;
        let seq = self.seq;
        let Some(&h) = self.rest.first() else {
            return Err(BatchError {
                seq,
                cmd_index: index,
                op: 0,
                kind: ErrorKind::Truncated { needed: self.consumed as u64 + 4, got: self.consumed as u64 },
            });
        };
        let h = u32::from_le(h);
        let opc = (h & 0xFFFF) as u16;
        let mut words = h >> 16;
        let err = |kind| BatchError { seq, cmd_index: index, op: opc, kind };
        // REGISTER_FONT's long form: length half 0, the next word is the
        // total length in words (fonts are larger than 65535 words).
        let long = opc == op::REGISTER_FONT && words == 0;
        if long {
            words = self.rest.get(1).map_or(0, |&x| u32::from_le(x));
            if words < 2 {
                return Err(err(ErrorKind::BadLength { words }));
            }
        }
        let err = |kind| BatchError { seq, cmd_index: index, op: opc, kind };
        if words == 0 {
            return Err(err(ErrorKind::BadLength { words }));
        }
        if words as usize > self.rest.len() {
            // In u64: `words` may be near u32::MAX, and a usize product
            // would wrap on wasm32 (but not natively).
            return Err(err(ErrorKind::Truncated {
                needed: self.consumed as u64 + u64::from(words) * 4,
                got: self.consumed as u64 + self.rest.len() as u64 * 4,
            }));
        }
        let (cmd, rest) = self.rest.split_at(words as usize);
        let b = &cmd[if long { 2 } else { 1 }..];
        // Every arm checks the length first; reading past the body is still
        // impossible (it reads 0), so a missed check cannot panic.
        let w = |i: usize| b.get(i).map_or(0, |&x| u32::from_le(x));
        let exact = |n: usize| if b.len() == n { Ok(()) } else { Err(err(ErrorKind::BadLength { words })) };
        let string = |start: usize| -> Result<&'a str, BatchError> {
            if b.len() < start + 1 {
                return Err(err(ErrorKind::BadLength { words }));
            }
            let len = w(start) as usize;
            let bytes: &'a [u8] = bytemuck::cast_slice(&b[start + 1..]);
            if bytes.len() < len || bytes.len() - len >= 4 {
                return Err(err(ErrorKind::BadLength { words }));
            }
            core::str::from_utf8(&bytes[..len])
                .map_err(|e| err(ErrorKind::BadUtf8 { valid_up_to: e.valid_up_to() }))
        };
        let out = match opc {
            op::CREATE => {
                exact(2)?;
                let kind = NodeKind::from_u32(w(1)).ok_or_else(|| err(ErrorKind::UnknownNodeKind(w(1))))?;
                Command::Create { id: w(0), kind }
            }
            op::DESTROY => {
                exact(1)?;
                Command::Destroy { id: w(0) }
            }
            op::INSERT => {
                exact(3)?;
                Command::Insert { parent: w(0), child: w(1), before: w(2) }
            }
            op::REMOVE => {
                exact(1)?;
                Command::Remove { id: w(0) }
            }
            op::SET_PROPS => {
                if b.is_empty() || (b.len() - 1) % 2 != 0 {
                    return Err(err(ErrorKind::BadLength { words }));
                }
                // PropEntry is two words with u32 alignment: this cast of a
                // word slice cannot fail.
                let props: &'a [PropEntry] = bytemuck::cast_slice(&b[1..]);
                Command::SetProps { id: w(0), props }
            }
            op::SET_TEXT => {
                if b.is_empty() {
                    return Err(err(ErrorKind::BadLength { words }));
                }
                Command::SetText { id: w(0), text: string(1)? }
            }
            op::FRAME => {
                exact(2)?;
                let bits = (w(0) as u64) | ((w(1) as u64) << 32);
                Command::Frame { time_ms: f64::from_bits(bits) }
            }
            op::REGISTER_FONT => {
                let padded = |n: usize| n.div_ceil(4);
                let flen = w(0) as usize;
                if b.is_empty() || b.len() < 2 + padded(flen) {
                    return Err(err(ErrorKind::BadLength { words }));
                }
                let fam_words = &b[1..1 + padded(flen)];
                let dlen = w(1 + padded(flen)) as usize;
                if b.len() != 2 + padded(flen) + padded(dlen) {
                    return Err(err(ErrorKind::BadLength { words }));
                }
                let fam_bytes: &'a [u8] = bytemuck::cast_slice(fam_words);
                let family = core::str::from_utf8(&fam_bytes[..flen])
                    .map_err(|e| err(ErrorKind::BadUtf8 { valid_up_to: e.valid_up_to() }))?;
                let data_bytes: &'a [u8] = bytemuck::cast_slice(&b[2 + padded(flen)..]);
                Command::RegisterFont { family, data: &data_bytes[..dlen] }
            }
            op::SET_STR => {
                if b.len() < 2 {
                    return Err(err(ErrorKind::BadLength { words }));
                }
                let key = w(1);
                if key > u16::MAX as u32 {
                    return Err(err(ErrorKind::UnknownProp(u16::MAX)));
                }
                Command::SetStr { id: w(0), key: key as u16, value: string(2)? }
            }
            op::ANIMATE => {
                if b.len() < 11 || (b.len() - 11) % 2 != 0 {
                    return Err(err(ErrorKind::BadLength { words }));
                }
                if w(1) == 0 {
                    return Err(err(ErrorKind::BadArgument("animation id 0 is reserved")));
                }
                let timing = timing(&b[2..11]).map_err(err)?;
                Command::Animate { id: w(0), anim_id: w(1), timing, targets: bytemuck::cast_slice(&b[11..]) }
            }
            op::IMAGE_LOADED => {
                exact(4)?;
                Command::ImageLoaded { texture: w(0), width: w(1), height: w(2), byte_size: w(3) }
            }
            op::IMAGE_FAILED => {
                if b.len() < 2 {
                    return Err(err(ErrorKind::BadLength { words }));
                }
                Command::ImageFailed { texture: w(0), reason: w(1), message: string(2)? }
            }
            op::ANIM_CTRL => {
                exact(2)?;
                Command::AnimCtrl { anim_id: w(0), action: w(1) }
            }
            op::TRANSITION => {
                exact(11)?;
                if w(1) > u16::MAX as u32 {
                    return Err(err(ErrorKind::UnknownProp(u16::MAX)));
                }
                let timing = timing(&b[2..11]).map_err(err)?;
                Command::Transition { id: w(0), key: w(1) as u16, timing }
            }
            op::NAVIGATE => {
                exact(1)?;
                let dir = Dir::from_u32(w(0)).ok_or_else(|| err(ErrorKind::BadArgument("direction must be 0..=3")))?;
                Command::Navigate { dir }
            }
            op::FOCUS => {
                exact(1)?;
                Command::Focus { id: w(0) }
            }
            op::POINTER => {
                exact(3)?;
                Command::Pointer { x: f32::from_bits(w(0)), y: f32::from_bits(w(1)), action: w(2) }
            }
            op::ANNOUNCE => {
                if b.is_empty() {
                    return Err(err(ErrorKind::BadLength { words }));
                }
                Command::Announce { politeness: w(0), text: string(1)? }
            }
            op::VIDEO_STATE => {
                exact(5)?;
                Command::VideoState { id: w(0), state: w(1), reason: w(2), time: f32::from_bits(w(3)), size: w(4) }
            }
            op::SKIPPED => Command::Skipped,
            other => return Err(err(ErrorKind::UnknownOpcode(other))),
        };
        self.rest = rest;
        self.consumed += words as usize * 4;
        Ok(out)
    }
}

impl<'a> Iterator for Commands<'a> {
    type Item = Result<Command<'a>, BatchError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.remaining == 0 {
            return None;
        }
        let r = self.decode_one();
        self.index += 1;
        self.remaining = if r.is_err() { 0 } else { self.remaining - 1 };
        Some(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::BatchBuilder;

    /// `PropEntry::value` (what a checked batch is read with) is
    /// `PropEntry::decode` wherever `decode` accepts the entry: every
    /// property, every type tag, edge bit patterns.
    #[test]
    fn value_is_decode_for_every_accepted_entry() {
        let bits = [
            0u32, 1, 2, 3, 255, 0x8000_0000, 0x7F80_0000, 0x7FC0_0000, 0xFF80_0000, 0xFFFF_FFFF,
            1.0f32.to_bits(), 0.5f32.to_bits(), (-3.5f32).to_bits(), 1e30f32.to_bits(),
        ];
        let (mut accepted, mut refused) = (0, 0);
        for spec in props::PROPS {
            for t in 0..=ty::RESET + 1 {
                for &value in &bits {
                    let e = PropEntry { key: spec.key, ty: t, value };
                    match e.decode() {
                        Ok(v) => {
                            // Bitwise: NaN is refused, but -0.0 must stay -0.0.
                            assert_eq!(format!("{:?}", e.value()), format!("{v:?}"), "{} ty {t} bits {value:#x}", spec.name);
                            assert_eq!(e.value().to_wire(), (t, if t == ty::AUTO || t == ty::RESET { 0 } else { value }));
                            accepted += 1;
                        }
                        Err(_) => refused += 1,
                    }
                }
            }
        }
        assert!(accepted > 500 && refused > 500, "{accepted} accepted, {refused} refused");
    }

    /// A checked batch counts its creates and inserts and yields exactly
    /// the commands `Batch::commands` decodes; a bad batch makes none.
    #[test]
    fn checked_batch_counts_and_yields_the_commands() {
        let mut b = BatchBuilder::new(7);
        for id in 1..=5 {
            b.create(id, NodeKind::View).insert(ROOT, id, NONE);
        }
        b.insert(1, 2, NONE).frame(16.0);
        let words = b.finish_words();
        let batch = Batch::parse(&words).expect("header");
        let checked = batch.validate().expect("valid");
        assert_eq!((checked.seq(), checked.count(), checked.creates, checked.inserts), (7, 12, 5, 6));
        let plain: Vec<_> = batch.commands().map(|c| c.expect("decodes")).collect();
        let walked: Vec<_> = checked.commands().collect();
        assert_eq!(plain, walked);

        let mut b = BatchBuilder::new(8);
        b.create(ROOT, NodeKind::View);
        let words = b.finish_words();
        let e = Batch::parse(&words).expect("header").validate().expect_err("reserved id");
        assert_eq!((e.seq, e.cmd_index, e.kind), (8, 0, ErrorKind::ReservedId(ROOT)));
    }

    /// `count_op` counts what validation counts, across a long-form
    /// command, and stops at a header that frames nothing.
    #[test]
    fn count_op_reads_only_the_headers() {
        let mut b = BatchBuilder::new(9);
        for id in 1..=3 {
            b.create(id, NodeKind::View).insert(ROOT, id, NONE);
        }
        b.register_font("x", &[0u8; 300_000]).create(4, NodeKind::Text).frame(16.0);
        let mut words = b.finish_words();
        let batch = Batch::parse(&words).expect("header");
        assert_eq!((batch.count_op(op::CREATE), batch.count_op(op::INSERT), batch.count_op(op::FRAME)), (4, 3, 1));
        // The third command (after the 4-word header, a 3-word create and
        // a 4-word insert) made a long-form header of length 0: counting
        // stops there, and validation refuses the batch.
        let at = 4 + 3 + 4;
        words[at] = 0;
        words[at + 1] = 0;
        let batch = Batch::parse(&words).expect("header");
        assert_eq!(batch.count_op(op::CREATE), 1);
        assert!(batch.validate().is_err());
    }
}
