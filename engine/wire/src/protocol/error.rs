//! Why a batch, or one of its commands, was refused. Every refusal names
//! the command (its index in the batch and its opcode) and the precise
//! reason. A refused command is skipped and the rest of its batch applied
//! when [`BatchError::skips_command`]; otherwise the batch is rejected and
//! the scene is as it was before it.

use core::fmt;
use super::{op, props};

/// Index used for errors in the batch header rather than a command.
pub const HEADER_INDEX: u32 = u32::MAX;

/// A rejected batch.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchError {
    /// Sender's batch number (0 if the header could not be read).
    pub seq: u32,
    /// Index of the offending command, or [`HEADER_INDEX`].
    pub cmd_index: u32,
    /// Opcode of the offending command (0 for header errors).
    pub op: u16,
    /// What was wrong.
    pub kind: ErrorKind,
}

/// The reason a batch was rejected.
#[derive(Clone, Debug, PartialEq)]
pub enum ErrorKind {
    /// The buffer ends before the header or a command does.
    Truncated {
        /// Bytes needed (`u64`: the same number on every pointer width,
        /// even for a length word near `u32::MAX`).
        needed: u64,
        /// Bytes present.
        got: u64,
    },
    /// The header's magic is wrong.
    BadMagic(u32),
    /// The header's protocol version is not 1.
    UnsupportedVersion(u16),
    /// The header's flags are not 0.
    BadFlags(u16),
    /// Bytes follow the last declared command.
    TrailingBytes(u64),
    /// The opcode is not defined.
    UnknownOpcode(u16),
    /// The command's word length is wrong for its opcode.
    BadLength {
        /// Words present.
        words: u32,
    },
    /// `CREATE` with an undefined kind.
    UnknownNodeKind(u32),
    /// The id names no live node.
    UnknownNode(u32),
    /// `CREATE` with an id that is alive.
    IdInUse(u32),
    /// The id is reserved (the root `0` or `NONE`).
    ReservedId(u32),
    /// The insert would make a node its own ancestor.
    Cycle {
        /// The parent.
        parent: u32,
        /// The child.
        child: u32,
    },
    /// `before` is not a child of `parent`.
    AnchorNotChild {
        /// The parent.
        parent: u32,
        /// The anchor.
        anchor: u32,
    },
    /// The property key is not defined.
    UnknownProp(u16),
    /// The property does not accept this value type.
    WrongType {
        /// The property.
        prop: u16,
        /// The type given.
        ty: u16,
    },
    /// NaN or an infinity.
    NonFinite {
        /// The property.
        prop: u16,
    },
    /// A number outside the property's range.
    OutOfRange {
        /// The property.
        prop: u16,
        /// The value.
        value: f32,
    },
    /// An enum or bool value that is not defined.
    BadEnum {
        /// The property.
        prop: u16,
        /// The value.
        value: u32,
    },
    /// AUTO or RESET with non-zero value bits.
    BadKeywordBits {
        /// The property.
        prop: u16,
    },
    /// A text or string is not valid UTF-8.
    BadUtf8 {
        /// Byte offset of the first invalid byte in the string.
        valid_up_to: usize,
    },
    /// `SET_TEXT` on a node that is not a text node.
    NotText(u32),
    /// `VIDEO_STATE` for a node that is not a video node.
    NotVideo(u32),
    /// A `gradient` string the engine cannot parse (see `crate::gradient`).
    BadGradient {
        /// Byte offset in the string where it went wrong.
        at: u32,
        /// What was expected or wrong there.
        what: &'static str,
    },
    /// The engine could not allocate memory for the batch.
    OutOfMemory,
    /// The property cannot be animated (or not with that value type).
    NotAnimatable(u16),
    /// A command argument is out of its domain.
    BadArgument(&'static str),
    /// `REGISTER_FONT` with an empty family, no bytes, or bytes that are not
    /// a TrueType/OpenType font.
    BadFont(&'static str),
    /// The batch would leave a node deeper than
    /// `reel_engine::scene::MAX_DEPTH` levels below the top of its tree.
    TooDeep {
        /// The first node found too deep.
        node: u32,
        /// Its level (the root is level 0).
        depth: u32,
        /// The limit.
        limit: u32,
    },
    /// The batch would leave a run of flex containers, each a child of the
    /// previous one, longer than `reel_engine::scene::MAX_FLEX_DEPTH`.
    FlexTooDeep {
        /// The first flex container found too deep.
        node: u32,
        /// Its place in the run (1 = a layout root).
        depth: u32,
        /// The limit.
        limit: u32,
    },
}

impl ErrorKind {
    /// Stable numeric code carried in error events and the C ABI.
    pub fn code(&self) -> u32 {
        match self {
            Self::Truncated { .. } => 1,
            Self::BadMagic(_) => 2,
            Self::UnsupportedVersion(_) => 3,
            Self::BadFlags(_) => 4,
            Self::TrailingBytes(_) => 5,
            Self::UnknownOpcode(_) => 6,
            Self::BadLength { .. } => 7,
            Self::UnknownNodeKind(_) => 8,
            Self::UnknownNode(_) => 9,
            Self::IdInUse(_) => 10,
            Self::ReservedId(_) => 11,
            Self::Cycle { .. } => 12,
            Self::AnchorNotChild { .. } => 13,
            Self::UnknownProp(_) => 14,
            Self::WrongType { .. } => 15,
            Self::NonFinite { .. } => 16,
            Self::OutOfRange { .. } => 17,
            Self::BadEnum { .. } => 18,
            Self::BadKeywordBits { .. } => 19,
            Self::BadUtf8 { .. } => 20,
            Self::NotText(_) => 21,
            Self::OutOfMemory => 22,
            Self::NotAnimatable(_) => 23,
            Self::BadArgument(_) => 24,
            Self::BadFont(_) => 25,
            Self::TooDeep { .. } => 26,
            Self::FlexTooDeep { .. } => 27,
            Self::NotVideo(_) => 28,
            Self::BadGradient { .. } => 29,
        }
    }
}

/// Writes messages without `core::fmt`: engine.wasm's only formatting was
/// its error messages, and `core::fmt`'s machinery (`write`, `Formatter`,
/// padding, hex) cost ~1 KB gzip there. `Display` (hosts, tests) goes
/// through the same writer, so the words are the same everywhere.
struct Msg<'a>(&'a mut String);

impl Msg<'_> {
    fn s(&mut self, s: &str) -> &mut Self {
        self.0.push_str(s);
        self
    }

    /// A decimal number.
    fn n(&mut self, v: u64) -> &mut Self {
        crate::decimal::push(self.0, v);
        self
    }

    /// `0x` and `digits` lowercase hex digits (as `{:#010x}` / `{:#06x}`).
    fn hex(&mut self, v: u32, digits: u32) -> &mut Self {
        let mut buf = [b'0'; 10];
        buf[1] = b'x';
        for k in 0..digits.min(8) {
            let d = ((v >> (4 * k)) & 0xF) as u8;
            buf[1 + (digits - k) as usize] = if d < 10 { b'0' + d } else { b'a' + d - 10 };
        }
        self.s(core::str::from_utf8(&buf[..2 + digits.min(8) as usize]).unwrap_or_default())
    }

    /// An `f32` for a message: integers exactly, other values with up to
    /// three decimals, magnitudes past 2^31 as a bound (no float
    /// formatting: Grisu/Dragon4 cost ~5 KB gzip in engine.wasm).
    fn num(&mut self, v: f32) -> &mut Self {
        if v.is_nan() {
            return self.s("NaN");
        }
        if v.is_sign_negative() && v != 0.0 {
            self.s("-");
        }
        let a = v.abs();
        if a >= 2_147_483_648.0 {
            return self.s("2147483648 or beyond");
        }
        let milli = (a as f64 * 1000.0).round() as u64;
        let (int, mut frac) = (milli / 1000, milli % 1000);
        self.n(int);
        let mut buf = [b'.'; 4];
        let mut len = 0;
        while frac != 0 {
            len += 1;
            buf[len] = b'0' + (frac / 100) as u8;
            frac = frac % 100 * 10;
        }
        if len > 0 {
            self.s(core::str::from_utf8(&buf[..=len]).unwrap_or_default());
        }
        self
    }
}

impl ErrorKind {
    /// Appends the message to `out` (what `Display` prints).
    pub fn write_to(&self, out: &mut String) {
        let pn = |k: &u16| props::key_name(*k);
        let m = &mut Msg(out);
        match self {
            Self::Truncated { needed, got } => m.s("truncated: need ").n(*needed).s(" bytes, have ").n(*got),
            Self::BadMagic(x) => m.s("bad magic ").hex(*x, 8).s(" (expected \"REEL\")"),
            Self::UnsupportedVersion(v) => m.s("protocol version ").n(u64::from(*v)).s(" is not supported (this engine speaks 1)"),
            Self::BadFlags(x) => m.s("header flags must be 0, got ").hex(u32::from(*x), 4),
            Self::TrailingBytes(n) => m.n(*n).s(" bytes follow the last command"),
            Self::UnknownOpcode(o) => m.s("unknown opcode ").n(u64::from(*o)),
            Self::BadLength { words } => m.s("wrong command length of ").n(u64::from(*words)).s(" words"),
            Self::UnknownNodeKind(k) => m.s("unknown node kind ").n(u64::from(*k)).s(" (0 view, 1 image, 2 text)"),
            Self::UnknownNode(id) => m.s("node ").n(u64::from(*id)).s(" does not exist"),
            Self::IdInUse(id) => m.s("node id ").n(u64::from(*id)).s(" is already in use"),
            Self::ReservedId(id) => m.s("node id ").n(u64::from(*id)).s(" is reserved"),
            Self::Cycle { parent, child } => m.s("inserting ").n(u64::from(*child)).s(" into ").n(u64::from(*parent)).s(" would make a cycle"),
            Self::AnchorNotChild { parent, anchor } => m.s("anchor ").n(u64::from(*anchor)).s(" is not a child of ").n(u64::from(*parent)),
            Self::UnknownProp(k) => m.s("unknown property key ").n(u64::from(*k)),
            Self::WrongType { prop, ty } => {
                m.s("property ").s(pn(prop)).s(" does not accept a ").s(super::props::ty::name(*ty)).s(" value")
            }
            Self::NonFinite { prop } => m.s("property ").s(pn(prop)).s(" must be finite (got NaN or infinity)"),
            Self::OutOfRange { prop, value } => m.s("property ").s(pn(prop)).s(" value ").num(*value).s(" is out of range"),
            Self::BadEnum { prop, value } => m.s("property ").s(pn(prop)).s(" has no value ").n(u64::from(*value)),
            Self::BadKeywordBits { prop } => m.s("property ").s(pn(prop)).s(": auto/reset must carry value 0"),
            Self::BadUtf8 { valid_up_to } => m.s("invalid UTF-8 after byte ").n(*valid_up_to as u64),
            Self::NotText(id) => m.s("node ").n(u64::from(*id)).s(" is not a text node"),
            Self::NotVideo(id) => m.s("node ").n(u64::from(*id)).s(" is not a video node"),
            Self::BadGradient { at, what } => m.s("property gradient: ").s(what).s(" at character ").n(u64::from(*at)),
            Self::OutOfMemory => m.s("engine out of memory"),
            Self::NotAnimatable(k) => m.s("property ").s(pn(k)).s(" cannot be animated with this value"),
            Self::BadArgument(what) => m.s("bad argument: ").s(what),
            Self::BadFont(what) => m.s("bad font: ").s(what),
            Self::TooDeep { node, depth, limit } => {
                m.s("node ").n(u64::from(*node)).s(" would be ").n(u64::from(*depth)).s(" levels deep; the limit is ").n(u64::from(*limit))
            }
            Self::FlexTooDeep { node, depth, limit } => m
                .s("flex container ")
                .n(u64::from(*node))
                .s(" would be nested ")
                .n(u64::from(*depth))
                .s(" flex containers deep; the limit is ")
                .n(u64::from(*limit)),
        };
    }
}

impl BatchError {
    /// True when the error is about one command alone (its values, its
    /// target), so the engine can skip that
    /// command and apply the rest of the batch (`Engine::submit`: one bad
    /// `gradient` string from a server must not lose the screen it came
    /// with, nor every later batch that names the nodes that screen
    /// created). False for what makes the rest untrustworthy: the header,
    /// framing, an unknown opcode, an id created twice or reserved (later
    /// commands would change the wrong node), out of memory, a font (its
    /// batch is the font: the host's `registerFont` fails), and a tree too
    /// deep (the batch's structure: skipping one insert would cut a chain
    /// into pieces, each one more pass over a batch that is already long).
    #[inline(never)]
    pub fn skips_command(&self) -> bool {
        use ErrorKind::*;
        self.cmd_index != HEADER_INDEX
            && self.op != 0
            && !matches!(
                self.kind,
                Truncated { .. } | BadMagic(_) | UnsupportedVersion(_) | BadFlags(_) | TrailingBytes(_) | UnknownOpcode(_) | BadLength { .. } | IdInUse(_) | ReservedId(_) | OutOfMemory | BadFont(_) | TooDeep { .. } | FlexTooDeep { .. }
            )
    }

    /// Appends the message to `out` (what `Display` prints).
    pub fn write_to(&self, out: &mut String) {
        let m = &mut Msg(out);
        m.s("batch ").n(u64::from(self.seq));
        if self.cmd_index == HEADER_INDEX {
            m.s(": header: ");
        } else {
            m.s(" command ").n(u64::from(self.cmd_index)).s(" (").s(op::name(self.op)).s("): ");
        }
        self.kind.write_to(out);
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        self.write_to(&mut s);
        f.write_str(&s)
    }
}

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        self.write_to(&mut s);
        f.write_str(&s)
    }
}

impl std::error::Error for BatchError {}

#[cfg(test)]
mod num_tests {
    use super::Msg;

    #[test]
    fn numbers_print_like_floats_for_messages() {
        let s = |v: f32| {
            let mut out = String::new();
            Msg(&mut out).num(v);
            out
        };
        assert_eq!(s(-5.0), "-5");
        assert_eq!(s(0.0), "0");
        assert_eq!(s(-0.0), "0");
        assert_eq!(s(2.5), "2.5");
        assert_eq!(s(1.25), "1.25");
        assert_eq!(s(0.001), "0.001");
        assert_eq!(s(-1e-9), "-0");
        assert_eq!(s(3e9), "2147483648 or beyond");
        assert_eq!(s(f32::NEG_INFINITY), "-2147483648 or beyond");
        assert_eq!(s(f32::NAN), "NaN");
    }

    /// Every variant's message, word for word (hosts, the JS shim and
    /// the malformed-input table show these to app teams).
    #[test]
    fn every_message() {
        use super::ErrorKind as K;
        let cases: [(K, &str); 30] = [
            (K::Truncated { needed: 12, got: 8 }, "truncated: need 12 bytes, have 8"),
            (K::BadMagic(0x1234), "bad magic 0x00001234 (expected \"REEL\")"),
            (K::UnsupportedVersion(2), "protocol version 2 is not supported (this engine speaks 1)"),
            (K::BadFlags(3), "header flags must be 0, got 0x0003"),
            (K::TrailingBytes(5), "5 bytes follow the last command"),
            (K::UnknownOpcode(99), "unknown opcode 99"),
            (K::BadLength { words: 7 }, "wrong command length of 7 words"),
            (K::UnknownNodeKind(9), "unknown node kind 9 (0 view, 1 image, 2 text)"),
            (K::UnknownNode(4), "node 4 does not exist"),
            (K::IdInUse(6), "node id 6 is already in use"),
            (K::ReservedId(0), "node id 0 is reserved"),
            (K::Cycle { parent: 2, child: 1 }, "inserting 1 into 2 would make a cycle"),
            (K::AnchorNotChild { parent: 2, anchor: 3 }, "anchor 3 is not a child of 2"),
            (K::UnknownProp(999), "unknown property key 999"),
            (K::WrongType { prop: 1, ty: 1 }, "property x does not accept a u32 value"),
            (K::NonFinite { prop: 2 }, "property y must be finite (got NaN or infinity)"),
            (K::OutOfRange { prop: 3, value: -2.5 }, "property w value -2.5 is out of range"),
            (K::BadEnum { prop: 1, value: 7 }, "property x has no value 7"),
            (K::BadKeywordBits { prop: 1 }, "property x: auto/reset must carry value 0"),
            (K::BadUtf8 { valid_up_to: 3 }, "invalid UTF-8 after byte 3"),
            (K::NotText(5), "node 5 is not a text node"),
            (K::NotVideo(5), "node 5 is not a video node"),
            (K::BadGradient { at: 4, what: "expected a colour" }, "property gradient: expected a colour at character 4"),
            (K::OutOfMemory, "engine out of memory"),
            (K::NotAnimatable(1), "property x cannot be animated with this value"),
            (K::BadArgument("width"), "bad argument: width"),
            (K::BadFont("no glyphs"), "bad font: no glyphs"),
            (K::TooDeep { node: 9, depth: 300, limit: 256 }, "node 9 would be 300 levels deep; the limit is 256"),
            (K::FlexTooDeep { node: 9, depth: 70, limit: 64 }, "flex container 9 would be nested 70 flex containers deep; the limit is 64"),
            (K::BadMagic(0xdead_beef), "bad magic 0xdeadbeef (expected \"REEL\")"),
        ];
        for (k, want) in cases {
            assert_eq!(k.to_string(), want);
        }
    }
}
