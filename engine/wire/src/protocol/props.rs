//! Property keys, the value types each accepts, and their checks.
//!
//! One table ([`PROPS`]) is the single source of truth: the decoder
//! validates against it, the scene-file parser and the JS shim's encoder map
//! names to keys with it, and errors name properties from it. It also holds
//! every per-property animation fact: whether a key animates and as what
//! ([`Anim`]: number or colour) and which single keys a compound key drives
//! ([`PropSpec::drives`]). [`animatable`], [`is_color_key`] and [`expand`]
//! read them through a key index built at compile time; the decoder, the
//! transaction and the animator ask these, never a list of their own, so
//! the protocol module needs nothing from `anim` for them.
//!
//! The JS shim's copies (`js-shim/src/props.js`: `PROPS`, `ANIMATABLE_PROPS`
//! with track counts, `MAX_TRACKS`; `js-shim/src/props.d.ts`: `NodeProps`,
//! `AnimatableProps`, …) are generated from this table by
//! `engine/tests/js_props_in_sync.rs`, which fails when they drift.
//!
//! Adding a property is one edit here plus regenerating the JS side:
//!
//! 1. a key in `keys!` (never renumber an existing one) and an entry in
//!    [`PROPS`] (`.num()` / `.colour()` if it animates, `.drives(&[..])` if
//!    it is a compound key),
//! 2. `REEL_UPDATE_GOLDEN=1 cargo test -p reel-engine --test js_props_in_sync`.
//!
//! Storing and reading the value on a node (`scene::apply_prop`, and
//! `anim::read_num`/`read_color` for an animatable one) is the scene's
//! side: a new property needs a place to live there. The build rejects a
//! malformed table (duplicate key, `drives` naming a missing key or one
//! that animates differently); `engine/tests/props_table_roundtrip.rs` sets,
//! snapshots, restores and animates every entry.

/// Wire value types (the `type` half-word of a property entry).
pub mod ty {
    /// IEEE f32.
    pub const F32: u16 = 0;
    /// Colour, enum or bool.
    pub const U32: u16 = 1;
    /// Signed integer.
    pub const I32: u16 = 2;
    /// f32 fraction of the parent's size (0.5 = 50%).
    pub const PERCENT: u16 = 3;
    /// The keyword `auto`.
    pub const AUTO: u16 = 4;
    /// Back to the default.
    pub const RESET: u16 = 5;

    /// Name for messages.
    pub fn name(t: u16) -> &'static str {
        match t {
            F32 => "f32",
            U32 => "u32",
            I32 => "i32",
            PERCENT => "percent",
            AUTO => "auto",
            RESET => "reset",
            _ => "unknown",
        }
    }
}

/// A validated property value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PropValue {
    /// A finite number.
    F32(f32),
    /// A colour, enum value or bool.
    U32(u32),
    /// A signed integer.
    I32(i32),
    /// A finite fraction of the parent's size (0.5 = 50%).
    Percent(f32),
    /// `auto`.
    Auto,
    /// Back to the default.
    Reset,
}

impl PropValue {
    /// Encodes the value as its wire `(type, bits)` pair.
    pub fn to_wire(self) -> (u16, u32) {
        match self {
            Self::F32(v) => (ty::F32, v.to_bits()),
            Self::U32(v) => (ty::U32, v),
            Self::I32(v) => (ty::I32, v as u32),
            Self::Percent(v) => (ty::PERCENT, v.to_bits()),
            Self::Auto => (ty::AUTO, 0),
            Self::Reset => (ty::RESET, 0),
        }
    }
}

/// How a number or integer is checked beyond its type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Check {
    /// Any finite value.
    Any,
    /// Finite and `>= 0`.
    NonNegative,
    /// Finite and within `0..=1`.
    Unit,
    /// A bool: 0 or 1.
    Bool,
    /// A colour: any 32 bits.
    Color,
    /// An enum with values `0..count`.
    Enum(u32),
    /// A node id (any 32 bits; `0xFFFF_FFFF` = none).
    NodeId,
}

/// Which wire types a property accepts (bit `1 << type`); RESET always is.
pub type TypeMask = u8;
const F: TypeMask = 1 << ty::F32;
const U: TypeMask = 1 << ty::U32;
const I: TypeMask = 1 << ty::I32;
const P: TypeMask = 1 << ty::PERCENT;
const A: TypeMask = 1 << ty::AUTO;

/// One property's description.
#[derive(Clone, Copy, Debug)]
pub struct PropSpec {
    /// Wire key.
    pub key: u16,
    /// Name in scene files and the JS API (camelCase).
    pub name: &'static str,
    /// Accepted types (RESET is always accepted).
    pub accepts: TypeMask,
    /// Value check.
    pub check: Check,
    /// Whether a change needs layout to run again.
    pub affects_layout: bool,
    /// For enums: the names of values `0..n`, in order.
    pub enum_names: &'static [&'static str],
    /// Whether (and as what) `ANIMATE` and `TRANSITION` may drive it.
    pub anim: Anim,
    /// For a compound animatable key (`color`, `scale`, `padding`,
    /// `radius`, …): the single keys its animation tracks drive, in order.
    /// Empty = the key drives itself (see [`expand`]).
    pub drives: &'static [u16],
}

/// How a property animates: the fact `ANIMATE`/`TRANSITION` validation, the
/// animator's track kind and the JS `ANIMATABLE_PROPS` all read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anim {
    /// Not animatable: `ANIMATE`/`TRANSITION` on it is `NotAnimatable`.
    No,
    /// Interpolated as a number (an `F32` target).
    Num,
    /// Interpolated as a colour in OKLab (a `U32` target).
    Colour,
}

impl PropSpec {
    /// Animatable as a number.
    const fn num(self) -> Self {
        Self { anim: Anim::Num, ..self }
    }

    /// Animatable as a colour.
    const fn colour(self) -> Self {
        Self { anim: Anim::Colour, ..self }
    }

    /// A compound key: its animation drives `keys`.
    const fn drives(self, keys: &'static [u16]) -> Self {
        Self { drives: keys, ..self }
    }
}

macro_rules! keys {
    ($($(#[$m:meta])* $name:ident = $v:expr;)*) => {
        /// Property keys.
        pub mod key {
            $($(#[$m])* pub const $name: u16 = $v;)*
        }
    };
}

keys! {
    /// x position (px), or the left offset inside a flex container.
    X = 1;
    /// y position (px), or the top offset inside a flex container.
    Y = 2;
    /// Width: px, percent of the parent or auto.
    W = 3;
    /// Height: px, percent of the parent or auto.
    H = 4;
    /// Opacity 0..1, multiplied down the tree.
    ALPHA = 5;
    /// Sets all four corner colours: a view's fill, a text's ink, and on an
    /// image a tint multiplying it (text and images start opaque white,
    /// and reset to it; views transparent).
    COLOR = 6;
    /// Top-left and top-right colours.
    COLOR_TOP = 7;
    /// Bottom-left and bottom-right colours.
    COLOR_BOTTOM = 8;
    /// Top-left and bottom-left colours.
    COLOR_LEFT = 9;
    /// Top-right and bottom-right colours.
    COLOR_RIGHT = 10;
    /// Top-left colour.
    COLOR_TL = 11;
    /// Top-right colour.
    COLOR_TR = 12;
    /// Bottom-left colour.
    COLOR_BL = 13;
    /// Bottom-right colour.
    COLOR_BR = 14;
    /// Paint order among siblings (higher paints later).
    Z_INDEX = 15;
    /// Clip children to this node's bounds.
    CLIPPING = 16;
    /// Uniform scale.
    SCALE = 17;
    /// Horizontal scale.
    SCALE_X = 18;
    /// Vertical scale.
    SCALE_Y = 19;
    /// Rotation in radians, clockwise on screen.
    ROTATION = 20;
    /// Pivot of scale/rotation as a fraction of the size, both axes.
    PIVOT = 21;
    /// Horizontal pivot fraction (default 0.5).
    PIVOT_X = 22;
    /// Vertical pivot fraction (default 0.5).
    PIVOT_Y = 23;
    /// Mount point as a fraction of the size, both axes.
    MOUNT = 24;
    /// Horizontal mount fraction (default 0).
    MOUNT_X = 25;
    /// Vertical mount fraction (default 0).
    MOUNT_Y = 26;
    /// Visibility (hidden nodes keep their layout space).
    VISIBLE = 27;
    /// Display: scene (absolute x/y), flex, or none.
    DISPLAY = 32;
    /// Flex direction.
    FLEX_DIRECTION = 33;
    /// Flex wrap.
    FLEX_WRAP = 34;
    /// Justify content.
    JUSTIFY_CONTENT = 35;
    /// Align items.
    ALIGN_ITEMS = 36;
    /// Align self.
    ALIGN_SELF = 37;
    /// Align content.
    ALIGN_CONTENT = 38;
    /// Flex grow.
    FLEX_GROW = 39;
    /// Flex shrink.
    FLEX_SHRINK = 40;
    /// Flex basis.
    FLEX_BASIS = 41;
    /// Row and column gap.
    GAP = 42;
    /// Row gap.
    ROW_GAP = 43;
    /// Column gap.
    COLUMN_GAP = 44;
    /// Padding on all sides.
    PADDING = 45;
    /// Top padding.
    PADDING_TOP = 46;
    /// Right padding.
    PADDING_RIGHT = 47;
    /// Bottom padding.
    PADDING_BOTTOM = 48;
    /// Left padding.
    PADDING_LEFT = 49;
    /// Margin on all sides.
    MARGIN = 50;
    /// Top margin.
    MARGIN_TOP = 51;
    /// Right margin.
    MARGIN_RIGHT = 52;
    /// Bottom margin.
    MARGIN_BOTTOM = 53;
    /// Left margin.
    MARGIN_LEFT = 54;
    /// Position: relative or absolute (inside a flex container).
    POSITION = 55;
    /// Minimum width.
    MIN_W = 56;
    /// Minimum height.
    MIN_H = 57;
    /// Maximum width.
    MAX_W = 58;
    /// Maximum height.
    MAX_H = 59;
    /// Horizontal scroll offset of this node's children (px, paint-only, animatable).
    SCROLL_X = 60;
    /// Vertical scroll offset of this node's children.
    SCROLL_Y = 61;
    /// Can take focus.
    FOCUSABLE = 62;
    /// Spatial navigation never leaves this subtree (modals).
    FOCUS_TRAP = 63;
    /// Remembers its last focused descendant and returns focus to it.
    FOCUS_MEMORY = 64;
    /// Explicit target (node id) for Left; the node's own id blocks.
    FOCUS_LEFT = 65;
    /// Explicit target for Right.
    FOCUS_RIGHT = 66;
    /// Explicit target for Up.
    FOCUS_UP = 67;
    /// Explicit target for Down.
    FOCUS_DOWN = 68;
    /// Which axes scroll to keep the focused descendant visible.
    SCROLL_AXIS = 69;
    /// How scrolling aligns the focused descendant.
    SCROLL_ALIGN = 70;
    /// Margin kept around the focused descendant when scrolling (px).
    SCROLL_PADDING = 71;
    /// Duration of scroll-into-view animations (ms).
    SCROLL_DURATION = 72;
    /// Scale while focused (animated on focus and blur).
    FOCUS_SCALE = 73;
    /// Colour while focused (animated on focus and blur).
    FOCUS_COLOR = 74;
    /// Duration of focus/blur style animations (ms).
    FOCUS_DURATION = 75;
    /// How spatial navigation moves among this container's children: `auto`
    /// (a nowrap flex container is a `row`/`column` by its `flexDirection`,
    /// anything else `free`), `free` (every direction, crossing into
    /// siblings' children), `row`/`column` (only along that axis; focus
    /// stops at the ends), `row-wrap`/`column-wrap` (wraps to the other end).
    FOCUS_FLOW = 76;
    /// Border colour while focused (animated on focus and blur, like
    /// `focusColor`; a focus ring with no JS per key press).
    FOCUS_BORDER_COLOR = 77;
    /// Border width while focused (px; 0 = no change).
    FOCUS_BORDER_WIDTH = 78;
    /// Shadow colour while focused (a glow).
    FOCUS_SHADOW_COLOR = 79;
    /// Shadow blur while focused (px; 0 = no change).
    FOCUS_SHADOW_BLUR = 89;
    /// Text: font size (px, default 24).
    FONT_SIZE = 80;
    /// Text: line height (px; `auto` = the font's own ascent + descent + gap).
    LINE_HEIGHT = 81;
    /// Text: extra space after every character (px, may be negative).
    LETTER_SPACING = 82;
    /// Text: horizontal alignment of each line in the node's width.
    TEXT_ALIGN = 83;
    /// Text: vertical alignment of the text block in the node's height.
    VERTICAL_ALIGN = 84;
    /// Text: at most this many lines (0 = unlimited); the last one ends with `overflowSuffix`.
    MAX_LINES = 85;
    /// Text: paragraph direction (auto = from the first strong character).
    TEXT_DIRECTION = 86;
    /// Text: font family name (string property, `SET_STR`; "" = the default font).
    FONT_FAMILY = 87;
    /// Text: string ending a line cut by `maxLines` (string property; default "…").
    OVERFLOW_SUFFIX = 88;
    /// Image nodes: how the image fills the node's box (fill, contain, cover).
    FIT = 100;
    /// Image nodes: colour of the box while the image is loading, failed
    /// or released, and of a `contain` image's letterbox (default: none;
    /// the node's own colours tint the image).
    PLACEHOLDER_COLOR = 101;
    /// Image nodes: how far outside the viewport (px) the image is still
    /// loaded ahead of being scrolled in (default: the engine's margin,
    /// half a viewport).
    PRELOAD = 102;
    /// Corner radius (px) of a view's or image's box, all four corners; an
    /// array `[tl, tr, br, bl]` in JS sets the four below. Radii larger than
    /// the box allows are scaled down together, as CSS does.
    RADIUS = 110;
    /// Top-left corner radius (px).
    RADIUS_TL = 111;
    /// Top-right corner radius (px).
    RADIUS_TR = 112;
    /// Bottom-right corner radius (px).
    RADIUS_BR = 113;
    /// Bottom-left corner radius (px).
    RADIUS_BL = 114;
    /// Width (px) of the border drawn inside the box, following `radius`.
    BORDER_WIDTH = 115;
    /// Colour of the border.
    BORDER_COLOR = 116;
    /// Colour of the drop shadow drawn behind the box (transparent = none).
    SHADOW_COLOR = 117;
    /// Blur radius (px) of the shadow: a Gaussian with sigma = blur / 2, as CSS.
    SHADOW_BLUR = 118;
    /// Growth (px) of the shadow's shape on every side (negative shrinks).
    SHADOW_SPREAD = 119;
    /// Horizontal offset (px) of the shadow, in the node's own space.
    SHADOW_OFFSET_X = 120;
    /// Vertical offset (px) of the shadow, in the node's own space.
    SHADOW_OFFSET_Y = 121;
    /// Image nodes: left edge (px in the image) of the part drawn (sprite
    /// sheets); `srcW`/`srcH` 0 (the default) draws the whole image.
    SRC_X = 122;
    /// Image nodes: top edge (px in the image) of the part drawn.
    SRC_Y = 123;
    /// Image nodes: width (px in the image) of the part drawn; it and
    /// `srcH` stand for the image's size in `fit`.
    SRC_W = 124;
    /// Image nodes: height (px in the image) of the part drawn.
    SRC_H = 125;
    /// Accessibility: what the node is (`button`, `heading`, `list`, …;
    /// `none`, the default, says nothing). A `list`'s children are spoken
    /// with their position ("3 of 40"). See `crate::a11y`.
    ROLE = 104;
    /// Accessibility: a live region (`polite` or `assertive`): when the text
    /// in this subtree changes, the engine announces it.
    LIVE = 105;
    /// Image source (string property, `SET_STR`).
    SRC = 128;
    /// Accessibility: the accessible name spoken when the node takes focus
    /// (string property; "" = none: the text of its text descendants is
    /// spoken). At most 1024 bytes, longer is a batch error.
    LABEL = 129;
    /// Accessibility: a description spoken after the name and role (string
    /// property, at most 1024 bytes).
    DESCRIPTION = 130;
    /// Video nodes: start playing once loaded (bool).
    AUTOPLAY = 131;
    /// Video nodes: no sound (bool).
    MUTED = 132;
    /// Video nodes: start again at the end (bool).
    LOOP = 133;
    /// Video nodes: paused (bool; write to play/pause).
    PAUSED = 134;
    /// Video nodes: playback position in seconds (write to seek).
    CURRENT_TIME = 135;
    /// Video nodes: image shown until the first frame (string property, `SET_STR`).
    POSTER = 136;
    /// Views: a CSS `linear-gradient(...)` / `radial-gradient(...)` filling
    /// the box instead of its colours, up to 8 stops (string property,
    /// `SET_STR`; "" removes it). See `crate::gradient`.
    GRADIENT = 137;
}

const fn p(key: u16, name: &'static str, accepts: TypeMask, check: Check, affects_layout: bool) -> PropSpec {
    PropSpec { key, name, accepts, check, affects_layout, enum_names: &[], anim: Anim::No, drives: &[] }
}

const fn e(key: u16, name: &'static str, names: &'static [&'static str]) -> PropSpec {
    PropSpec {
        key,
        name,
        accepts: U,
        check: Check::Enum(names.len() as u32),
        affects_layout: true,
        enum_names: names,
        anim: Anim::No,
        drives: &[],
    }
}

/// `display` values.
pub const DISPLAY_NAMES: &[&str] = &["scene", "flex", "none"];
/// `flexDirection` values.
pub const DIRECTION_NAMES: &[&str] = &["row", "column", "row-reverse", "column-reverse"];
/// `flexWrap` values.
pub const WRAP_NAMES: &[&str] = &["nowrap", "wrap", "wrap-reverse"];
/// `justifyContent` values.
pub const JUSTIFY_NAMES: &[&str] =
    &["start", "end", "center", "space-between", "space-around", "space-evenly"];
/// `alignItems` / `alignSelf` values.
pub const ALIGN_NAMES: &[&str] = &["start", "end", "center", "stretch", "baseline"];
/// `alignContent` values.
pub const ALIGN_CONTENT_NAMES: &[&str] =
    &["start", "end", "center", "stretch", "space-between", "space-around", "space-evenly"];
/// `scrollAxis` values.
pub const SCROLL_AXIS_NAMES: &[&str] = &["none", "x", "y", "both"];
/// `focusFlow` values.
pub const FOCUS_FLOW_NAMES: &[&str] = &["auto", "free", "row", "column", "row-wrap", "column-wrap"];
/// `scrollAlign` values.
pub const SCROLL_ALIGN_NAMES: &[&str] = &["edge", "center", "start"];
/// `position` values.
pub const POSITION_NAMES: &[&str] = &["relative", "absolute"];
/// `textAlign` values.
pub const TEXT_ALIGN_NAMES: &[&str] = &["left", "center", "right"];
/// `verticalAlign` values.
pub const VERTICAL_ALIGN_NAMES: &[&str] = &["top", "middle", "bottom"];
/// `textDirection` values.
pub const TEXT_DIRECTION_NAMES: &[&str] = &["auto", "ltr", "rtl"];
/// `fit` values (image nodes).
pub const FIT_NAMES: &[&str] = &["fill", "contain", "cover"];
/// `role` values (accessibility; `crate::a11y` speaks them).
pub const ROLE_NAMES: &[&str] = &[
    "none", "button", "link", "heading", "list", "listitem", "image", "dialog", "text", "checkbox", "switch",
    "tab", "menuitem", "progressbar", "region", "grid",
];
/// `live` values.
pub const LIVE_NAMES: &[&str] = &["off", "polite", "assertive"];

use Check::*;
use key::*;

/// Every numeric property (string properties are listed in [`STRING_PROPS`]).
pub static PROPS: &[PropSpec] = TABLE;

/// The table itself, a `const` so that [`INDEX`] is built from it at
/// compile time (a `static` cannot be read by const evaluation).
const TABLE: &[PropSpec] = &[
    p(X, "x", F, Any, true).num(),
    p(Y, "y", F, Any, true).num(),
    p(W, "w", F | P | A, NonNegative, true).num(),
    p(H, "h", F | P | A, NonNegative, true).num(),
    p(ALPHA, "alpha", F, Unit, false).num(),
    p(COLOR, "color", U, Color, false).colour().drives(&[COLOR_TL, COLOR_TR, COLOR_BL, COLOR_BR]),
    p(COLOR_TOP, "colorTop", U, Color, false).colour().drives(&[COLOR_TL, COLOR_TR]),
    p(COLOR_BOTTOM, "colorBottom", U, Color, false).colour().drives(&[COLOR_BL, COLOR_BR]),
    p(COLOR_LEFT, "colorLeft", U, Color, false).colour().drives(&[COLOR_TL, COLOR_BL]),
    p(COLOR_RIGHT, "colorRight", U, Color, false).colour().drives(&[COLOR_TR, COLOR_BR]),
    p(COLOR_TL, "colorTl", U, Color, false).colour(),
    p(COLOR_TR, "colorTr", U, Color, false).colour(),
    p(COLOR_BL, "colorBl", U, Color, false).colour(),
    p(COLOR_BR, "colorBr", U, Color, false).colour(),
    p(Z_INDEX, "zIndex", I, Any, false),
    p(CLIPPING, "clipping", U, Bool, false),
    p(SCALE, "scale", F, Any, false).num().drives(&[SCALE_X, SCALE_Y]),
    p(SCALE_X, "scaleX", F, Any, false).num(),
    p(SCALE_Y, "scaleY", F, Any, false).num(),
    p(ROTATION, "rotation", F, Any, false).num(),
    p(PIVOT, "pivot", F, Any, false),
    p(PIVOT_X, "pivotX", F, Any, false),
    p(PIVOT_Y, "pivotY", F, Any, false),
    p(MOUNT, "mount", F, Any, false),
    p(MOUNT_X, "mountX", F, Any, false),
    p(MOUNT_Y, "mountY", F, Any, false),
    p(VISIBLE, "visible", U, Bool, false),
    e(DISPLAY, "display", DISPLAY_NAMES),
    e(FLEX_DIRECTION, "flexDirection", DIRECTION_NAMES),
    e(FLEX_WRAP, "flexWrap", WRAP_NAMES),
    e(JUSTIFY_CONTENT, "justifyContent", JUSTIFY_NAMES),
    e(ALIGN_ITEMS, "alignItems", ALIGN_NAMES),
    e(ALIGN_SELF, "alignSelf", ALIGN_NAMES),
    e(ALIGN_CONTENT, "alignContent", ALIGN_CONTENT_NAMES),
    p(FLEX_GROW, "flexGrow", F, NonNegative, true).num(),
    p(FLEX_SHRINK, "flexShrink", F, NonNegative, true).num(),
    p(FLEX_BASIS, "flexBasis", F | P | A, NonNegative, true),
    p(GAP, "gap", F | P, NonNegative, true).num().drives(&[ROW_GAP, COLUMN_GAP]),
    p(ROW_GAP, "rowGap", F | P, NonNegative, true).num(),
    p(COLUMN_GAP, "columnGap", F | P, NonNegative, true).num(),
    p(PADDING, "padding", F | P, NonNegative, true).num().drives(&[PADDING_TOP, PADDING_RIGHT, PADDING_BOTTOM, PADDING_LEFT]),
    p(PADDING_TOP, "paddingTop", F | P, NonNegative, true).num(),
    p(PADDING_RIGHT, "paddingRight", F | P, NonNegative, true).num(),
    p(PADDING_BOTTOM, "paddingBottom", F | P, NonNegative, true).num(),
    p(PADDING_LEFT, "paddingLeft", F | P, NonNegative, true).num(),
    p(MARGIN, "margin", F | P | A, Any, true).num().drives(&[MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT]),
    p(MARGIN_TOP, "marginTop", F | P | A, Any, true).num(),
    p(MARGIN_RIGHT, "marginRight", F | P | A, Any, true).num(),
    p(MARGIN_BOTTOM, "marginBottom", F | P | A, Any, true).num(),
    p(MARGIN_LEFT, "marginLeft", F | P | A, Any, true).num(),
    e(POSITION, "position", POSITION_NAMES),
    p(MIN_W, "minW", F | P | A, NonNegative, true).num(),
    p(MIN_H, "minH", F | P | A, NonNegative, true).num(),
    p(MAX_W, "maxW", F | P | A, NonNegative, true).num(),
    p(MAX_H, "maxH", F | P | A, NonNegative, true).num(),
    p(SCROLL_X, "scrollX", F, Any, false).num(),
    p(SCROLL_Y, "scrollY", F, Any, false).num(),
    p(FOCUSABLE, "focusable", U, Bool, false),
    p(FOCUS_TRAP, "focusTrap", U, Bool, false),
    p(FOCUS_MEMORY, "focusMemory", U, Bool, false),
    PropSpec { affects_layout: false, ..e(FOCUS_FLOW, "focusFlow", FOCUS_FLOW_NAMES) },
    p(FOCUS_LEFT, "focusLeft", U, NodeId, false),
    p(FOCUS_RIGHT, "focusRight", U, NodeId, false),
    p(FOCUS_UP, "focusUp", U, NodeId, false),
    p(FOCUS_DOWN, "focusDown", U, NodeId, false),
    PropSpec { affects_layout: false, ..e(SCROLL_AXIS, "scrollAxis", SCROLL_AXIS_NAMES) },
    PropSpec { affects_layout: false, ..e(SCROLL_ALIGN, "scrollAlign", SCROLL_ALIGN_NAMES) },
    p(SCROLL_PADDING, "scrollPadding", F, NonNegative, false),
    p(SCROLL_DURATION, "scrollDuration", F, NonNegative, false),
    p(FOCUS_SCALE, "focusScale", F, Any, false),
    p(FOCUS_COLOR, "focusColor", U, Color, false),
    p(FOCUS_DURATION, "focusDuration", F, NonNegative, false),
    p(FOCUS_BORDER_COLOR, "focusBorderColor", U, Color, false),
    p(FOCUS_BORDER_WIDTH, "focusBorderWidth", F, NonNegative, false),
    p(FOCUS_SHADOW_COLOR, "focusShadowColor", U, Color, false),
    p(FOCUS_SHADOW_BLUR, "focusShadowBlur", F, NonNegative, false),
    p(FONT_SIZE, "fontSize", F, NonNegative, true),
    p(LINE_HEIGHT, "lineHeight", F | A, NonNegative, true),
    p(LETTER_SPACING, "letterSpacing", F, Any, true),
    PropSpec { affects_layout: false, ..e(TEXT_ALIGN, "textAlign", TEXT_ALIGN_NAMES) },
    PropSpec { affects_layout: false, ..e(VERTICAL_ALIGN, "verticalAlign", VERTICAL_ALIGN_NAMES) },
    p(MAX_LINES, "maxLines", U, Any, true),
    e(TEXT_DIRECTION, "textDirection", TEXT_DIRECTION_NAMES),
    PropSpec { affects_layout: false, ..e(FIT, "fit", FIT_NAMES) },
    p(PLACEHOLDER_COLOR, "placeholderColor", U, Color, false),
    p(PRELOAD, "preload", F, NonNegative, false),
    PropSpec { affects_layout: false, ..e(ROLE, "role", ROLE_NAMES) },
    PropSpec { affects_layout: false, ..e(LIVE, "live", LIVE_NAMES) },
    p(RADIUS, "radius", F, NonNegative, false).num().drives(&[RADIUS_TL, RADIUS_TR, RADIUS_BR, RADIUS_BL]),
    p(RADIUS_TL, "radiusTl", F, NonNegative, false).num(),
    p(RADIUS_TR, "radiusTr", F, NonNegative, false).num(),
    p(RADIUS_BR, "radiusBr", F, NonNegative, false).num(),
    p(RADIUS_BL, "radiusBl", F, NonNegative, false).num(),
    p(BORDER_WIDTH, "borderWidth", F, NonNegative, false).num(),
    p(BORDER_COLOR, "borderColor", U, Color, false).colour(),
    p(SHADOW_COLOR, "shadowColor", U, Color, false).colour(),
    p(SHADOW_BLUR, "shadowBlur", F, NonNegative, false).num(),
    p(SHADOW_SPREAD, "shadowSpread", F, Any, false).num(),
    p(SHADOW_OFFSET_X, "shadowOffsetX", F, Any, false).num(),
    p(SHADOW_OFFSET_Y, "shadowOffsetY", F, Any, false).num(),
    p(SRC_X, "srcX", F, NonNegative, false).num(),
    p(SRC_Y, "srcY", F, NonNegative, false).num(),
    p(SRC_W, "srcW", F, NonNegative, false).num(),
    p(SRC_H, "srcH", F, NonNegative, false).num(),
    p(AUTOPLAY, "autoplay", U, Bool, false),
    p(MUTED, "muted", U, Bool, false),
    p(LOOP, "loop", U, Bool, false),
    p(PAUSED, "paused", U, Bool, false),
    p(CURRENT_TIME, "currentTime", F, NonNegative, false),
];

/// Properties that JS also takes as an array, one element per listed key
/// (`radius: [tl, tr, br, bl]`); the shim writes the keys one by one.
pub static ARRAY_PROPS: &[(u16, &[u16])] = &[(RADIUS, &[RADIUS_TL, RADIUS_TR, RADIUS_BR, RADIUS_BL])];

/// String properties set with `SET_STR`: `(key, name)`.
pub static STRING_PROPS: &[(u16, &str)] = &[
    (SRC, "src"),
    (FONT_FAMILY, "fontFamily"),
    (OVERFLOW_SUFFIX, "overflowSuffix"),
    (LABEL, "label"),
    (DESCRIPTION, "description"),
    (POSTER, "poster"),
    (GRADIENT, "gradient"),
];

/// One past the largest key in [`TABLE`].
const KEY_LIMIT: usize = {
    let mut max = 0;
    let mut i = 0;
    while i < TABLE.len() {
        if TABLE[i].key as usize > max {
            max = TABLE[i].key as usize;
        }
        i += 1;
    }
    max + 1
};

/// Key → index in [`PROPS`] (`u8::MAX` = no such numeric property), built
/// at compile time. The build also rejects a table with a duplicate key, a
/// compound key driving a key that is missing or animates differently, or
/// a non-animatable key with `drives`.
static INDEX: [u8; KEY_LIMIT] = {
    assert!(TABLE.len() < u8::MAX as usize, "PROPS outgrew the u8 index");
    let mut index = [u8::MAX; KEY_LIMIT];
    let mut i = 0;
    while i < TABLE.len() {
        let k = TABLE[i].key as usize;
        assert!(index[k] == u8::MAX, "duplicate key in PROPS");
        index[k] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < TABLE.len() {
        let s = &TABLE[i];
        assert!(s.drives.is_empty() || !matches!(s.anim, Anim::No), "drives on a non-animatable key");
        assert!(s.drives.len() <= MAX_TRACKS, "a key drives more than MAX_TRACKS tracks");
        match s.anim {
            Anim::Colour => assert!(matches!(s.check, Check::Color), "a colour animation on a non-colour key"),
            Anim::Num => assert!(s.accepts & F != 0, "a number animation on a key that takes no f32"),
            Anim::No => {}
        }
        let mut j = 0;
        while j < s.drives.len() {
            let d = s.drives[j] as usize;
            assert!(d < KEY_LIMIT && index[d] != u8::MAX, "drives names a key not in PROPS");
            let t = &TABLE[index[d] as usize];
            assert!(t.drives.is_empty(), "drives names a compound key");
            assert!(t.anim as u8 == s.anim as u8, "drives names a key that animates differently");
            j += 1;
        }
        i += 1;
    }
    index
};

/// Tracks (single animated properties) one animation may drive.
pub const MAX_TRACKS: usize = 8;

/// Looks up a numeric property by key: one index load (it runs per entry
/// decoded and per animation track per frame).
#[inline]
pub fn spec(key: u16) -> Option<&'static PropSpec> {
    let i = *INDEX.get(usize::from(key))?;
    PROPS.get(usize::from(i))
}

/// Whether `ANIMATE`/`TRANSITION` may drive `k`.
#[inline]
pub fn animatable(k: u16) -> bool {
    spec(k).is_some_and(|s| s.anim != Anim::No)
}

/// True for the animatable colour keys, compound (`color`, `colorTop`, …)
/// or single: their animation targets and transitions take colours.
#[inline]
pub fn is_color_key(k: u16) -> bool {
    spec(k).is_some_and(|s| s.anim == Anim::Colour)
}

/// The single keys the animation tracks of `k` drive: [`PropSpec::drives`]
/// for compound keys, `[k]` for other animatable keys, nothing for keys
/// that do not animate.
#[inline]
pub fn expand(k: u16) -> &'static [u16] {
    match spec(k) {
        Some(s) if s.anim == Anim::No => &[],
        Some(s) if s.drives.is_empty() => core::slice::from_ref(&s.key),
        Some(s) => s.drives,
        None => &[],
    }
}

/// Looks up a numeric property by name.
pub fn by_name(name: &str) -> Option<&'static PropSpec> {
    PROPS.iter().find(|s| s.name == name)
}

/// Looks up a string property's key by name.
pub fn string_prop_by_name(name: &str) -> Option<u16> {
    STRING_PROPS.iter().find(|(_, n)| *n == name).map(|(k, _)| *k)
}

/// Name of any property key, for messages.
pub fn key_name(key: u16) -> &'static str {
    spec(key)
        .map(|s| s.name)
        .or_else(|| STRING_PROPS.iter().find(|(k, _)| *k == key).map(|(_, n)| *n))
        .unwrap_or("unknown")
}
