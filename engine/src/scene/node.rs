//! One scene node: its identity, tree links, the properties the app set,
//! and what layout computed for it.
//!
//! Layout-relevant properties live in a `taffy::Style`, boxed and made only
//! for nodes taffy lays out or that set one beyond `w`/`h` (kept in
//! [`Props::size`], mirrored into the style). The visual properties every
//! drawn node reads are inline in [`Props`]; the others in [`Visual`],
//! boxed on first write ([`Cold`]): most nodes of a TV scene are plain
//! rects that never write one (issue 14). A transaction saves them as
//! [`SavedProps`] (style and visual unboxed), so saving allocates nothing.

use crate::protocol::props::key;
use crate::protocol::NodeKind;
use taffy::Style;

/// Index of a node's slot in the arena.
pub type Slot = u32;
/// "No slot".
pub const NO_SLOT: Slot = u32::MAX;
/// [`Node::cache`] of a node with no taffy cache.
pub const NO_CACHE: u32 = u32::MAX;

/// How a node places its children.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DisplayMode {
    /// TV scene graph: children sit at their own x/y.
    #[default]
    Scene,
    /// A flex container: children are flex items.
    Flex,
    /// Not drawn and takes no space in a flex container.
    None,
}

/// Visual properties (those that do not affect layout).
#[derive(Clone, Debug, PartialEq)]
pub struct Visual {
    /// Horizontal scale.
    pub scale_x: f32,
    /// Vertical scale.
    pub scale_y: f32,
    /// Rotation, radians.
    pub rotation: f32,
    /// Pivot fractions.
    pub pivot: [f32; 2],
    /// Mount fractions.
    pub mount: [f32; 2],
    /// Scroll offset applied to children `[x, y]`.
    pub scroll: [f32; 2],
    /// Can take focus.
    pub focusable: bool,
    /// Navigation cannot leave this subtree.
    pub focus_trap: bool,
    /// Remembers the last focused descendant.
    pub focus_memory: bool,
    /// `focusFlow` (index into `FOCUS_FLOW_NAMES`; see [`crate::focus`]).
    pub focus_flow: u8,
    /// Explicit navigation targets: left, right, up, down (`NONE` = unset).
    pub focus_dir: [u32; 4],
    /// 0 none, 1 x, 2 y, 3 both.
    pub scroll_axis: u32,
    /// `crate::focus::align` value.
    pub scroll_align: u32,
    /// Margin kept around the focused descendant.
    pub scroll_padding: f32,
    /// Scroll animation duration (ms).
    pub scroll_duration: f32,
    /// Scale while focused.
    pub focus_scale: Option<f32>,
    /// Colour while focused.
    pub focus_color: Option<u32>,
    /// Focus style animation duration (ms).
    pub focus_duration: f32,
    /// Effects while focused, as [`FOCUS_EFFECT_KEYS`] (colours, numbers as
    /// f32 bits; 0 = not set).
    pub focus_fx: [u32; 4],
    /// Property transitions: writes of `key` animate with the timing.
    /// Boxed (and `None` on nodes without any): inline, the four slots
    /// cost 160 bytes on every node, and few nodes declare transitions.
    pub transitions: Option<Box<Transitions>>,
    /// Text nodes: font size, line height, spacing, alignment, lines, direction.
    pub text: crate::text::TextStyle,
    /// Image nodes: `fit` (0 fill, 1 contain, 2 cover).
    pub fit: u32,
    /// Image nodes: placeholder colour (`None`: none), also the letterbox.
    pub placeholder: Option<u32>,
    /// Image nodes: preload margin in px (`None`: the engine's default).
    pub preload: Option<f32>,
    /// Accessibility role (index into `ROLE_NAMES`; 0 none).
    pub role: u8,
    /// Live region (index into `LIVE_NAMES`; 0 off).
    pub live: u8,
    /// Rounded corners, border and shadow (all zero: none).
    pub effects: Effects,
    /// For `focusMemory` containers: the last focused descendant's id
    /// (state, not a property: written by focus only on nodes that set
    /// `focusMemory`, so it never makes a `Visual` of its own).
    pub remembered: u32,
    /// Scale, colours and effects before focus styles were applied (state:
    /// set only on nodes with focus styles).
    pub rest: Option<(f32, f32, [u32; 4], [u32; 4])>,
}

/// Values of the drawing properties `radiusTl..=srcH` (keys
/// `RADIUS_TL..=SRC_H`, contiguous: the effects and an image's source
/// rectangle), indexed by `key - RADIUS_TL`: colours as they are, numbers
/// as f32 bits, so one array write applies any of them and all zero is "none
/// set". Inline, not boxed: a boxed value would be cloned (allocated) by
/// every batch's undo journal.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Effects(pub [u32; EFFECT_KEYS]);

/// Number of effect properties.
pub const EFFECT_KEYS: usize = (key::SRC_H - key::RADIUS_TL + 1) as usize;

impl Effects {
    /// The value of effect property `k` as a number.
    pub fn num(&self, k: u16) -> f32 {
        f32::from_bits(self.word(k))
    }

    /// The value of effect property `k` as a word (colours).
    pub fn word(&self, k: u16) -> u32 {
        self.0[usize::from(k - key::RADIUS_TL) % EFFECT_KEYS]
    }

    /// Corner radii `[tl, tr, br, bl]`.
    pub fn radius(&self) -> [f32; 4] {
        let [a, b, c, d, ..] = self.0;
        bytemuck::cast([a, b, c, d])
    }
}

/// The effect each word of [`Visual::focus_fx`] sets while focused, and its
/// focus property.
pub const FOCUS_EFFECT_KEYS: [(u16, u16); 4] = [
    (key::BORDER_COLOR, key::FOCUS_BORDER_COLOR),
    (key::BORDER_WIDTH, key::FOCUS_BORDER_WIDTH),
    (key::SHADOW_COLOR, key::FOCUS_SHADOW_COLOR),
    (key::SHADOW_BLUR, key::FOCUS_SHADOW_BLUR),
];

/// Transitions one node can declare.
pub const MAX_TRANSITIONS: usize = 4;

/// A node's transition slots: the property key and its timing.
pub type Transitions = [Option<(u16, crate::anim::Timing)>; MAX_TRANSITIONS];

impl Visual {
    /// Every property at its default.
    pub const DEFAULT: Self = Self {
        scale_x: 1.0,
        scale_y: 1.0,
        rotation: 0.0,
        pivot: [0.5, 0.5],
        mount: [0.0, 0.0],
        scroll: [0.0; 2],
        focusable: false,
        focus_trap: false,
        focus_memory: false,
        focus_flow: 0,
        focus_dir: [crate::protocol::NONE; 4],
        scroll_axis: 0,
        scroll_align: 0,
        scroll_padding: 0.0,
        scroll_duration: 250.0,
        focus_scale: None,
        focus_color: None,
        focus_duration: 150.0,
        focus_fx: [0; 4],
        transitions: None,
        text: crate::text::TextStyle::DEFAULT,
        fit: 0,
        placeholder: None,
        preload: None,
        role: 0,
        live: 0,
        effects: Effects([0; EFFECT_KEYS]),
        remembered: crate::protocol::NONE,
        rest: None,
    };
}

impl Default for Visual {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// The defaults a node without a [`Visual`] reads (a `const` reference:
/// built at compile time, never changed).
const DEFAULT_VISUAL: &Visual = &Visual::DEFAULT;

/// A node's [`Visual`], made on the first write (issue 14): most nodes of a
/// TV scene — positioned, sized, coloured rects and containers — never set
/// one of its properties and pay one pointer instead of its ~250 bytes.
/// Reads (`Deref`) see the defaults while there is none; a write through
/// `DerefMut` makes it, so write through it only to set something (read
/// with `&*`, and use [`Cold::get_mut`] to change state only if present).
#[derive(Clone, Default)]
pub struct Cold(Option<Box<Visual>>);

impl Cold {
    /// The node's own `Visual`, if it has one.
    pub fn get_mut(&mut self) -> Option<&mut Visual> {
        self.0.as_deref_mut()
    }

    /// True when the node has a `Visual` of its own.
    pub fn is_set(&self) -> bool {
        self.0.is_some()
    }
}

impl core::ops::Deref for Cold {
    type Target = Visual;
    #[inline]
    fn deref(&self) -> &Visual {
        self.0.as_deref().unwrap_or(DEFAULT_VISUAL)
    }
}

impl core::ops::DerefMut for Cold {
    fn deref_mut(&mut self) -> &mut Visual {
        self.0.get_or_insert_with(|| Box::new(Visual::DEFAULT))
    }
}

impl PartialEq for Cold {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl core::fmt::Debug for Cold {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        (**self).fmt(f)
    }
}

/// Every property a sender can set (what a transaction saves, as
/// [`SavedProps`], before the first change to a node).
///
/// taffy's `Style` (240 bytes) is boxed and made only for the nodes that
/// need it: those that set a layout property other than `w`/`h`, and every
/// node taffy lays out (flex containers and their items: the transaction
/// makes it when a node becomes one, see [`Props::style_mut`]). A
/// scene-mode node — most of a TV scene, placed by the engine's own walk —
/// reads only its `w`/`h`, kept in [`Props::size`] (issue 14).
#[derive(Clone, Debug, PartialEq)]
pub struct Props {
    /// x position, or left offset inside a flex container.
    pub x: f32,
    /// y position, or top offset inside a flex container.
    pub y: f32,
    /// Opacity 0..1.
    pub alpha: f32,
    /// Corner colours: top-left, top-right, bottom-left, bottom-right.
    pub colors: [u32; 4],
    /// Paint order among siblings.
    pub z_index: i32,
    /// Clip children to bounds.
    pub clipping: bool,
    /// Visible.
    pub visible: bool,
    /// Display mode.
    pub display: DisplayMode,
    /// `x`/`y` were written (and not reset): a flex item's left/top inset
    /// is then `x`/`y`, else auto. Mirrored in `style.inset` while there is
    /// a style.
    pub xy_set: [bool; 2],
    /// The other visual properties, made on the first write (see [`Cold`]).
    /// The ones above are inline: every drawn node reads them each build,
    /// and a plain rect sets them.
    pub visual: Cold,
    /// `w`/`h`. Mirrored in `style.size` while there is a style.
    pub size: taffy::Size<taffy::Dimension>,
    /// The rest of the layout properties, in taffy's own type (`None`: all
    /// default). Read it through [`Props::style`].
    pub style: Option<Box<Style>>,
}

impl Default for Props {
    fn default() -> Self {
        Self {
            x: 0.0,
            y: 0.0,
            alpha: 1.0,
            colors: [0; 4],
            z_index: 0,
            clipping: false,
            visible: true,
            display: DisplayMode::Scene,
            xy_set: [false; 2],
            visual: Cold::default(),
            size: AUTO_SIZE,
            style: None,
        }
    }
}

/// `w`/`h` of a fresh node.
const AUTO_SIZE: taffy::Size<taffy::Dimension> = taffy::Size { width: taffy::Dimension::auto(), height: taffy::Dimension::auto() };

/// The style of a node without one (its `size`, `inset` and `display` are
/// not the node's: those are in [`Props`]). A `const` reference, not a
/// `static`: a `Style` is not `Sync` (a `calc()` length may hold a
/// pointer), and a constant's borrowed value is built at compile time and
/// never changed.
const DEFAULT_STYLE: &Style = &Style::DEFAULT;

impl Props {
    /// The colour of all four corners when they are one (`color`), else
    /// `None` (a per-corner gradient). The build tints an image with one
    /// colour the fast way; a snapshot writes it as one `COLOR` entry.
    #[inline]
    pub fn flat_color(&self) -> Option<u32> {
        let c = self.colors;
        c[1..].iter().all(|&x| x == c[0]).then_some(c[0])
    }

    /// taffy's style: complete for the nodes taffy lays out (they all have
    /// one); for others, the default style (use [`Props::size`] for w/h).
    pub fn style(&self) -> &Style {
        self.style.as_deref().unwrap_or(DEFAULT_STYLE)
    }

    /// The node's style, made (from `size`, `x`/`y` and `display`) if it
    /// had none.
    pub fn style_mut(&mut self) -> &mut Style {
        let (size, [xs, ys]) = (self.size, self.xy_set);
        let inset = |set: bool, at: f32| {
            if set {
                taffy::LengthPercentageAuto::length(at)
            } else {
                taffy::LengthPercentageAuto::auto()
            }
        };
        let (left, top) = (inset(xs, self.x), inset(ys, self.y));
        let display = if self.display == DisplayMode::None { taffy::Display::None } else { taffy::Display::Flex };
        self.style.get_or_insert_with(|| {
            let mut s = default_style();
            s.size = size;
            s.inset.left = left;
            s.inset.top = top;
            s.display = display;
            Box::new(s)
        })
    }

    /// A copy for the journal: the visual and the style inline, not boxed,
    /// so saving allocates nothing (beyond what cloning a node's
    /// transitions does).
    pub fn save(&self) -> SavedProps {
        let Self { x, y, alpha, colors, z_index, clipping, visible, display, xy_set, size, .. } = *self;
        let visual = self.visual.0.as_deref().cloned();
        let style = self.style.as_deref().cloned();
        SavedProps { x, y, alpha, colors, z_index, clipping, visible, display, xy_set, size, visual, style }
    }

    /// Puts back what [`Props::save`] saved.
    pub fn restore(&mut self, saved: &mut SavedProps) {
        let SavedProps { x, y, alpha, colors, z_index, clipping, visible, display, xy_set, size, .. } = *saved;
        (self.x, self.y, self.alpha, self.colors, self.z_index) = (x, y, alpha, colors, z_index);
        (self.clipping, self.visible, self.display, self.xy_set, self.size) = (clipping, visible, display, xy_set, size);
        match saved.visual.take() {
            Some(v) => match &mut self.visual.0 {
                Some(b) => **b = v,
                None => self.visual.0 = Some(Box::new(v)),
            },
            None => self.visual.0 = None,
        }
        match saved.style.take() {
            Some(s) => match &mut self.style {
                Some(b) => **b = s,
                None => self.style = Some(Box::new(s)),
            },
            None => self.style = None,
        }
    }
}

/// A node's [`Props`] as a transaction saves them: the style inline, so
/// saving into a reused entry allocates nothing.
#[derive(Clone, Debug)]
pub struct SavedProps {
    x: f32,
    y: f32,
    alpha: f32,
    colors: [u32; 4],
    z_index: i32,
    clipping: bool,
    visible: bool,
    display: DisplayMode,
    xy_set: [bool; 2],
    size: taffy::Size<taffy::Dimension>,
    visual: Option<Visual>,
    style: Option<Style>,
}

impl Default for SavedProps {
    fn default() -> Self {
        Props::default().save()
    }
}

/// The style a fresh node has: auto size, no flex growth, shrink 1.
pub fn default_style() -> Style {
    Style { flex_shrink: 1.0, ..Style::default() }
}

/// A node's box after layout, in its parent's space: the part of taffy's
/// `Layout` (84 bytes: order, content and scrollbar sizes, border, padding,
/// margin, location, size) the engine reads after layout — drawing, hit
/// tests, focus and the overlay use position and size only, and the
/// unrounded layout taffy needs lives in the scene's taffy table — so every
/// node keeps 16 bytes instead of 84 (issue 14).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placed {
    /// Top-left corner in the parent (flex items; scene-mode nodes use `x`/`y`).
    pub location: taffy::Point<f32>,
    /// Width and height.
    pub size: taffy::Size<f32>,
}

impl Placed {
    /// At the origin, zero-sized.
    pub const ZERO: Self = Self { location: taffy::Point { x: 0.0, y: 0.0 }, size: taffy::Size { width: 0.0, height: 0.0 } };
}

impl Default for Placed {
    fn default() -> Self {
        Self::ZERO
    }
}

/// The strings of a node (see [`Node::strings`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Strings {
    /// Text of a text node.
    pub text: String,
    /// `src` of an image or video node.
    pub src: String,
    /// Text nodes: `fontFamily` ("" = the default font).
    pub font_family: String,
    /// Text nodes: `overflowSuffix` (`None` = the default "…").
    pub overflow_suffix: Option<String>,
    /// Scene-mode text nodes without a taffy state: the size the layout
    /// pass measured (see `Scene::placed`).
    pub measured: taffy::Size<f32>,
}

/// A node in the arena.
#[derive(Clone, Debug)]
pub struct Node {
    /// The sender's id.
    pub id: u32,
    /// View, image or text.
    pub kind: NodeKind,
    /// False for a free slot.
    pub alive: bool,
    /// Parent slot or [`NO_SLOT`].
    pub parent: Slot,
    /// Children in insertion order.
    pub children: Vec<Slot>,
    /// The properties.
    pub props: Props,
    /// Text, `src`, `fontFamily` and `overflowSuffix`: `None` on nodes
    /// that never had one (most views), so they pay one pointer instead of
    /// four strings (96 bytes on 64-bit, 48 in engine.wasm). Read with
    /// [`Node::text`] and friends; written through [`Node::strings_mut`].
    pub strings: Option<Box<Strings>>,
    /// Accessible name and description (`None` on most nodes: boxed, so
    /// unlabelled nodes pay one pointer).
    pub a11y: Option<Box<crate::a11y::A11yText>>,
    /// Index of this node's taffy state (cache, unrounded layout and the
    /// rounded [`Placed`] box) in the scene's table, or [`NO_CACHE`]. Only
    /// nodes taffy lays out (flex containers and their items) ever get one
    /// — scene-mode nodes, most of a TV scene, are placed by the engine's
    /// own walk from their `x`/`y`/`w`/`h` — so the ~550 bytes are not
    /// inline in every node. Read the box with `Scene::placed`.
    pub cache: u32,
    /// Batch generation in which `props` were last saved to the journal.
    pub journal_gen: u32,
    /// Layout box in screen space (without its own scale/rotation) as of
    /// the last display-list build: what focus navigation measures.
    pub geom: [f32; 4],
    /// Build generation that wrote `geom` (stale = hidden).
    pub geom_gen: u32,
    /// What changed since the last display-list build visited the node
    /// ([`DIRTY_SELF`], [`DIRTY_BELOW`]; set by [`crate::scene::Scene::touch`]):
    /// a subtree with neither may be culled from its kept extent.
    pub dirty: u8,
}

/// [`Node::dirty`]: the node itself changed (a property, its text, its
/// children, its layout box).
pub const DIRTY_SELF: u8 = 1;
/// [`Node::dirty`]: a descendant changed.
pub const DIRTY_BELOW: u8 = 2;
/// [`Node::dirty`]: the whole subtree was not reached by a build (hidden,
/// detached): the next build that reaches it visits all of it (its image
/// nodes are bound to textures again, as when they first appeared).
pub const DIRTY_DEEP: u8 = 4;

impl Node {
    /// A fresh node.
    pub fn new(id: u32, kind: NodeKind) -> Self {
        let mut n = Self {
            id,
            kind,
            alive: true,
            parent: NO_SLOT,
            children: Vec::new(),
            props: Props::default(),
            strings: None,
            a11y: None,
            cache: NO_CACHE,
            journal_gen: 0,
            geom: [0.0; 4],
            geom_gen: 0,
            dirty: DIRTY_SELF | DIRTY_BELOW | DIRTY_DEEP,
        };
        // Text is drawn in the node's colour and an image multiplied by it:
        // opaque white until set.
        if matches!(kind, NodeKind::Text | NodeKind::Image) {
            n.props.colors = [0xFFFF_FFFF; 4];
        }
        n
    }

    /// Text of a text node ("" when none).
    pub fn text(&self) -> &str {
        self.strings.as_ref().map_or("", |s| s.text.as_str())
    }

    /// `src` of an image or video node ("" when none).
    pub fn src(&self) -> &str {
        self.strings.as_ref().map_or("", |s| s.src.as_str())
    }

    /// Text nodes: `fontFamily` ("" = the default font).
    pub fn font_family(&self) -> &str {
        self.strings.as_ref().map_or("", |s| s.font_family.as_str())
    }

    /// Text nodes: `overflowSuffix` (`None` = the default "…").
    pub fn overflow_suffix(&self) -> Option<&str> {
        self.strings.as_ref().and_then(|s| s.overflow_suffix.as_deref())
    }

    /// The node's strings, boxed on the first write.
    pub fn strings_mut(&mut self) -> &mut Strings {
        self.strings.get_or_insert_with(Default::default)
    }

    /// True when this node lays its children out with flexbox.
    pub fn is_flex(&self) -> bool {
        self.props.display == DisplayMode::Flex
    }
}
