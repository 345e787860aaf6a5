//! The display list: the engine's only output to painters.
//!
//! A frame is a flat array of fixed-size `repr(C)` [`DisplayItem`]s behind a
//! [`DisplayListHeader`]. The layout is the wire format: a host reads
//! `header.item_count * size_of::<DisplayItem>()` bytes straight out of the
//! engine's memory (Wasm linear memory or a native slice) and casts them with
//! bytemuck, so every painter — the software rasterizer, WebGL, Canvas2D —
//! consumes the same bytes. Items are already in paint order (z-order
//! resolved), already culled, and already carry their final colour alpha,
//! so a painter never walks the scene tree (there is only one tree, in the
//! engine).
//!
//! Coordinates are in device pixels, origin top-left, y down. A quad's four
//! corners are `transform * (0,0)`, `(w,0)`, `(0,h)`, `(w,h)` where
//! `transform = [a, b, c, d, e, f]` maps `(x, y)` to
//! `(a*x + c*y + e, b*x + d*y + f)` (the usual 2x3 affine, column-major).
//!
//! # Mesh section (additive; only the debug overlay emits it)
//! Lists built from a scene never contain meshes, and their bytes are
//! exactly as before: `header._reserved` is `[0, 0]` and nothing follows the
//! items. A list that contains [`ItemKind::Mesh`] items (the egui debug
//! overlay of `engine-debug.wasm`, feature `overlay`) sets
//! `header._reserved = [vertex_count, index_count]` and appends, right after
//! the last item:
//!
//! * `vertex_count` [`MeshVertex`]es, 20 bytes each: `x, y` (f32, screen
//!   pixels), `u, v` (f32, normalized texture coordinates), then the colour
//!   as 4 bytes `r, g, b, a` **premultiplied** (egui's `Color32`);
//! * `index_count` u32 indices into that vertex array, three per triangle.
//!
//! A mesh item draws the triangles `indices[first .. first + count]` where
//! `colors[0] = first` and `colors[1] = count` (`colors[2..]`, `transform`,
//! `size` and `uv` are zero), sampling `texture` (straight RGBA, delivered
//! as texture deltas; see [`crate::texture`]): the pixel is
//! `vertex colour * premultiplied texel`, blended premultiplied source-over.
//! Clipping uses the usual `ClipPush`/`ClipPop` items around meshes.
//! Painters that predate meshes and only read `item_count` items skip the
//! section; they reject the `Mesh` kind as unknown.
//!
//! # Effects: rounded corners, borders, shadows (additive)
//! A node without `radius`, `borderWidth` or a shadow produces exactly the
//! items it did before (a plain quad stays one 80-byte item and painters'
//! fast paths). A node with them adds, in paint order:
//!
//! * [`ItemKind::Shadow`], before its quad: an outer drop shadow. `transform`
//!   and `size` are the shadow's own rectangle (the node's box moved by the
//!   offset and grown by the spread on every side), `uv` its corner radii
//!   `[tl, tr, br, bl]` (the node's radii grown by the spread, already
//!   clamped), `colors[0]` the colour (composed alpha in), `param` the blur
//!   radius in item-space px. Its alpha at item-space point `p` is the
//!   colour's alpha times the rounded rectangle's coverage convolved with a
//!   Gaussian of sigma `param / 2` (CSS `box-shadow`/Canvas `shadowBlur`
//!   semantics; with `param` 0 it is the hard shape). It is not cut out
//!   under the quad: a translucent box shows its shadow through it.
//!   Painters use the analytic rounded-box approximation (exact Gaussian
//!   across, 4-sample integration along; `raster/effects.rs`).
//! * [`ItemKind::Shape`], right before the `Rect` or `Image` it modifies
//!   (only `node`, `uv`, `param` and `colors[0]` are used; the rest is
//!   zero): that quad is drawn with rounded corners `uv = [tl, tr, br, bl]`
//!   (item-space px, already clamped so adjacent radii fit the side, as CSS
//!   scales them) and an inside border of width `param` in `colors[0]`,
//!   whose inner edge has radii `max(0, r - param)`. The quad's own fill
//!   (corner colours, texture) shows inside the border; its edge is
//!   anti-aliased from the signed distance to the rounded rectangle (one
//!   pixel wide in screen space). A `Rect` after a `Shape` may be fully
//!   transparent (a border-only focus ring).
//! * [`ItemKind::ClipShape`], right after the `ClipPush` of a `clipping`
//!   node with `radius`: the clip is also that node's rounded rectangle
//!   (exact under rotation and scale; the `ClipPush` rectangle is its
//!   bounding box, as before). Nested clips intersect; painters keep one
//!   shape per clip level (anti-aliased like shapes).

//!
//! # Gradients (additive)
//! A view with a `gradient` (`crate::gradient`) emits, before its `Shape`
//! (if any) and its `Rect`, one [`ItemKind::Gradient`] item, or two when it
//! has more than 4 stops. The first has `texture = type | stops << 8` (type
//! 1 linear, 2 radial; 2 to 8 stops) and `transform[0..4]` the geometry in
//! the quad's item space: linear, the gradient line `[x0, y0, x1, y1]` (t =
//! 0 at the first point, 1 at the second, constant across); radial, the
//! centre and radii `[cx, cy, rx, ry]` (t = the elliptical distance from the
//! centre in radii). `colors[i]` are stop colours (composed alpha in) and
//! `uv[i]` their positions, non-decreasing (CSS allows them past 0..1);
//! the second item (`texture` 0) holds stops 4..8 the same way. Colour is
//! interpolated in premultiplied RGBA between stops and clamped past the
//! ends, as CSS does (a fade to `transparent` keeps its hue). The `Rect` that follows is then filled with the
//! gradient instead of its corner colours (its `Shape` rounds and borders
//! it as usual). A stops-in-the-item layout rather than a section after the
//! items: the header has no room for a second section's size, and painters
//! read the list front to back anyway.

use bytemuck::{Pod, Zeroable};

/// `"REDL"` read as a little-endian u32.
pub const DISPLAY_LIST_MAGIC: u32 = u32::from_le_bytes(*b"REDL");
/// Bumped whenever [`DisplayItem`] or [`DisplayListHeader`] change shape.
pub const DISPLAY_LIST_VERSION: u32 = 1;

/// What a [`DisplayItem`] is.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// A quad filled with one colour or a four-corner gradient.
    Rect = 1,
    /// A quad sampling `texture` over `uv`, tinted by the four corner colours.
    Image = 2,
    /// Push an axis-aligned clip rectangle (screen space). The rectangle is
    /// already intersected with the enclosing clip, so painters can set it
    /// as the scissor as is.
    ClipPush = 3,
    /// Pop the clip pushed by the matching [`ItemKind::ClipPush`].
    ClipPop = 4,
    /// Indexed triangles from the mesh section (see the module docs): the
    /// debug overlay's egui output. Never produced for a scene.
    Mesh = 5,
    /// A drop shadow, drawn before the node's quad (see "Effects" in the
    /// module docs).
    Shadow = 6,
    /// Rounded corners and an inside border for the item that follows it
    /// (see "Effects" in the module docs).
    Shape = 7,
    /// Right after a [`ItemKind::ClipPush`]: that clip is also the rounded
    /// rectangle `(0,0)-size` under `transform` with radii `uv = [tl, tr,
    /// br, bl]` (a `clipping` node with `radius`), until its `ClipPop`.
    ClipShape = 8,
    /// A video node's surface (see [`crate::video`]): painters make the
    /// quad transparent (a hole down to the host's video plane, or the
    /// poster where the painter cannot show video); `colors[0]`'s alpha byte
    /// is the composed alpha, `uv` the enclosing clip `[x0, y0, x1, y1]`
    /// in screen space, for hosts that position a video element there.
    Video = 9,
    /// A gradient fill for the `Rect` that follows (after its `Shape`, if
    /// any); one item, or two for more than 4 stops (see "Gradients" in
    /// the module docs).
    Gradient = 10,
}

impl ItemKind {
    /// Decodes a raw kind; `None` for values no version-1 list contains.
    pub fn from_u32(v: u32) -> Option<Self> {
        match v {
            1 => Some(Self::Rect),
            2 => Some(Self::Image),
            3 => Some(Self::ClipPush),
            4 => Some(Self::ClipPop),
            5 => Some(Self::Mesh),
            6 => Some(Self::Shadow),
            7 => Some(Self::Shape),
            8 => Some(Self::ClipShape),
            9 => Some(Self::Video),
            10 => Some(Self::Gradient),
            _ => None,
        }
    }
}

/// Header in front of the items.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Pod, Zeroable)]
pub struct DisplayListHeader {
    /// [`DISPLAY_LIST_MAGIC`].
    pub magic: u32,
    /// [`DISPLAY_LIST_VERSION`].
    pub version: u32,
    /// Number of items that follow.
    pub item_count: u32,
    /// Frame number that produced this list.
    pub frame: u32,
    /// Viewport width in device pixels.
    pub viewport_w: f32,
    /// Viewport height in device pixels.
    pub viewport_h: f32,
    /// Reserved, zero.
    pub _reserved: [u32; 2],
}

/// One paint operation. 80 bytes, 4-byte aligned, no padding holes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Pod, Zeroable)]
pub struct DisplayItem {
    /// An [`ItemKind`] as u32.
    pub kind: u32,
    /// Id of the scene node that produced the item (for hit-testing and the
    /// debug overlay); the root is 0.
    pub node: u32,
    /// Texture handle for [`ItemKind::Image`]; 0 otherwise.
    pub texture: u32,
    /// Kind-specific number: the blur of a [`ItemKind::Shadow`], the border
    /// width of a [`ItemKind::Shape`]; zero otherwise.
    pub param: f32,
    /// 2x3 affine `[a, b, c, d, e, f]` from item space to screen space.
    /// For [`ItemKind::ClipPush`] it is a pure translation to the clip's
    /// top-left corner.
    pub transform: [f32; 6],
    /// Width and height in item space (for clips: the screen rect size).
    pub size: [f32; 2],
    /// Corner colours 0xRRGGBBAA (not premultiplied) in the order top-left,
    /// top-right, bottom-left, bottom-right, with the node's composed alpha
    /// already multiplied into the alpha byte.
    pub colors: [u32; 4],
    /// Texture coordinates `[u0, v0, u1, v1]` for images; the corner radii
    /// `[tl, tr, br, bl]` of a [`ItemKind::Shadow`] or [`ItemKind::Shape`];
    /// zero otherwise.
    pub uv: [f32; 4],
}

const _: () = assert!(core::mem::size_of::<DisplayItem>() == 80);
const _: () = assert!(core::mem::size_of::<DisplayListHeader>() == 32);

impl DisplayItem {
    /// The item's kind, if it is a known one.
    pub fn item_kind(&self) -> Option<ItemKind> {
        ItemKind::from_u32(self.kind)
    }

    /// The four screen-space corners: top-left, top-right, bottom-left,
    /// bottom-right.
    pub fn corners(&self) -> [[f32; 2]; 4] {
        let [a, b, c, d, e, f] = self.transform;
        let [w, h] = self.size;
        let p = |x: f32, y: f32| [a * x + c * y + e, b * x + d * y + f];
        [p(0.0, 0.0), p(w, 0.0), p(0.0, h), p(w, h)]
    }

    /// True when the transform has no rotation, skew or flip, so the quad is
    /// an axis-aligned rectangle (painters take a faster path).
    pub fn is_axis_aligned(&self) -> bool {
        let [a, b, c, d, _, _] = self.transform;
        b == 0.0 && c == 0.0 && a > 0.0 && d > 0.0
    }
}

/// One vertex of the mesh section (see the module docs). 20 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Pod, Zeroable)]
pub struct MeshVertex {
    /// Screen position in device pixels.
    pub pos: [f32; 2],
    /// Normalized texture coordinates.
    pub uv: [f32; 2],
    /// Premultiplied colour bytes `r, g, b, a`.
    pub color: [u8; 4],
}

const _: () = assert!(core::mem::size_of::<MeshVertex>() == 20);

/// The mesh section of a list, copied out of its bytes (empty for lists
/// without meshes).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MeshSection {
    /// The vertices.
    pub vertices: Vec<MeshVertex>,
    /// Triangle indices into `vertices`.
    pub indices: Vec<u32>,
}

impl MeshSection {
    /// Reads the mesh section that follows the items (any alignment).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, DisplayListError> {
        let (header, body) = read_header(bytes)?;
        let [vc, ic] = header._reserved;
        if vc == 0 && ic == 0 {
            return Ok(Self::default());
        }
        let start = header.item_count as usize * core::mem::size_of::<DisplayItem>();
        let vsize = core::mem::size_of::<MeshVertex>();
        let vend = start.saturating_add((vc as usize).saturating_mul(vsize));
        let iend = vend.saturating_add((ic as usize).saturating_mul(4));
        if body.len() < iend {
            let hsize = core::mem::size_of::<DisplayListHeader>();
            return Err(DisplayListError::Truncated { needed: hsize + iend, got: bytes.len() });
        }
        let vertices = body[start..vend].chunks_exact(vsize).map(bytemuck::pod_read_unaligned).collect();
        let indices = body[vend..iend].chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
        Ok(Self { vertices, indices })
    }

    /// The triangles of a mesh item (`colors[0]` first index, `colors[1]`
    /// count), clamped to the section; indices out of range are the
    /// painter's to skip.
    pub fn triangles(&self, item: &DisplayItem) -> &[u32] {
        let first = (item.colors[0] as usize).min(self.indices.len());
        let end = first.saturating_add(item.colors[1] as usize).min(self.indices.len());
        &self.indices[first..end]
    }
}

/// Error reading a display list out of raw bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DisplayListError {
    /// Fewer bytes than the header or its item count promise.
    Truncated {
        /// Bytes needed.
        needed: usize,
        /// Bytes present.
        got: usize,
    },
    /// Magic number is not [`DISPLAY_LIST_MAGIC`].
    BadMagic(u32),
    /// Version this reader does not understand.
    UnsupportedVersion(u32),
    /// An item has a kind this version does not define.
    UnknownItemKind {
        /// Index of the item.
        index: usize,
        /// The raw kind.
        kind: u32,
    },
}

impl core::fmt::Display for DisplayListError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Truncated { needed, got } => {
                write!(f, "display list truncated: need {needed} bytes, have {got}")
            }
            Self::BadMagic(m) => write!(f, "display list has bad magic {m:#010x}"),
            Self::UnsupportedVersion(v) => write!(f, "display list version {v} is not supported"),
            Self::UnknownItemKind { index, kind } => {
                write!(f, "display item {index} has unknown kind {kind}")
            }
        }
    }
}

impl std::error::Error for DisplayListError {}

/// A display list borrowed from raw bytes (engine memory or a copy of it).
#[derive(Debug, Clone, Copy)]
pub struct DisplayListRef<'a> {
    /// The header.
    pub header: DisplayListHeader,
    /// The items, in paint order.
    pub items: &'a [DisplayItem],
}

/// Reads and validates a display list. Aligned input is borrowed without a
/// copy; misaligned input is an error only if bytemuck cannot cast it, in
/// which case use [`OwnedDisplayList::from_bytes`].
pub fn read_display_list(bytes: &[u8]) -> Result<DisplayListRef<'_>, DisplayListError> {
    let (header, body) = read_header(bytes)?;
    let len = header.item_count as usize * core::mem::size_of::<DisplayItem>();
    let items: &[DisplayItem] = bytemuck::try_cast_slice(&body[..len]).map_err(|_| {
        DisplayListError::Truncated { needed: len, got: body.len() }
    })?;
    check_items(items)?;
    Ok(DisplayListRef { header, items })
}

fn read_header(bytes: &[u8]) -> Result<(DisplayListHeader, &[u8]), DisplayListError> {
    let hsize = core::mem::size_of::<DisplayListHeader>();
    if bytes.len() < hsize {
        return Err(DisplayListError::Truncated { needed: hsize, got: bytes.len() });
    }
    let header: DisplayListHeader = bytemuck::pod_read_unaligned(&bytes[..hsize]);
    if header.magic != DISPLAY_LIST_MAGIC {
        return Err(DisplayListError::BadMagic(header.magic));
    }
    if header.version != DISPLAY_LIST_VERSION {
        return Err(DisplayListError::UnsupportedVersion(header.version));
    }
    let body = &bytes[hsize..];
    let needed = (header.item_count as usize).saturating_mul(core::mem::size_of::<DisplayItem>());
    if body.len() < needed {
        return Err(DisplayListError::Truncated { needed: hsize + needed, got: bytes.len() });
    }
    Ok((header, body))
}

fn check_items(items: &[DisplayItem]) -> Result<(), DisplayListError> {
    for (index, item) in items.iter().enumerate() {
        if item.item_kind().is_none() {
            return Err(DisplayListError::UnknownItemKind { index, kind: item.kind });
        }
    }
    Ok(())
}

/// An owned copy of a display list (what a host keeps after reading it out of
/// Wasm memory).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OwnedDisplayList {
    /// The header.
    pub header: DisplayListHeader,
    /// The items, in paint order.
    pub items: Vec<DisplayItem>,
}

impl OwnedDisplayList {
    /// Copies and validates a display list from bytes of any alignment.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, DisplayListError> {
        let (header, body) = read_header(bytes)?;
        let size = core::mem::size_of::<DisplayItem>();
        let items: Vec<DisplayItem> = (0..header.item_count as usize)
            .map(|i| bytemuck::pod_read_unaligned(&body[i * size..(i + 1) * size]))
            .collect();
        check_items(&items)?;
        Ok(Self { header, items })
    }

    /// Borrows it as a [`DisplayListRef`].
    pub fn as_ref(&self) -> DisplayListRef<'_> {
        DisplayListRef { header: self.header, items: &self.items }
    }
}

impl DisplayListRef<'_> {
    /// A stable, human-readable dump, one item a line: what conformance
    /// tests keep as the expected display list. Floats print with enough
    /// digits to round-trip, so equal dumps mean equal lists.
    pub fn to_text(&self) -> String {
        use core::fmt::Write;
        let mut out = String::new();
        let h = &self.header;
        let _ = writeln!(
            out,
            "displaylist v{} frame={} viewport={}x{} items={}",
            h.version, h.frame, h.viewport_w, h.viewport_h, h.item_count
        );
        for it in self.items {
            let t = it.transform;
            match it.item_kind() {
                Some(ItemKind::Rect) => {
                    let _ = writeln!(
                        out,
                        "rect node={} m=[{} {} {} {} {} {}] size={}x{} colors={:08x},{:08x},{:08x},{:08x}",
                        it.node, t[0], t[1], t[2], t[3], t[4], t[5], it.size[0], it.size[1],
                        it.colors[0], it.colors[1], it.colors[2], it.colors[3]
                    );
                }
                Some(ItemKind::Image) => {
                    let _ = writeln!(
                        out,
                        "image node={} tex={} m=[{} {} {} {} {} {}] size={}x{} uv=[{} {} {} {}] colors={:08x},{:08x},{:08x},{:08x}",
                        it.node, it.texture, t[0], t[1], t[2], t[3], t[4], t[5], it.size[0], it.size[1],
                        it.uv[0], it.uv[1], it.uv[2], it.uv[3],
                        it.colors[0], it.colors[1], it.colors[2], it.colors[3]
                    );
                }
                Some(ItemKind::Video) => {
                    let _ = writeln!(
                        out,
                        "video node={} m=[{} {} {} {} {} {}] size={}x{} clip=[{} {} {} {}] alpha={}",
                        it.node, t[0], t[1], t[2], t[3], t[4], t[5], it.size[0], it.size[1],
                        it.uv[0], it.uv[1], it.uv[2], it.uv[3], it.colors[0] & 0xFF
                    );
                }
                Some(ItemKind::ClipPush) => {
                    let _ = writeln!(
                        out,
                        "clip-push node={} rect={},{} {}x{}",
                        it.node, t[4], t[5], it.size[0], it.size[1]
                    );
                }
                Some(ItemKind::ClipPop) => {
                    let _ = writeln!(out, "clip-pop node={}", it.node);
                }
                Some(ItemKind::Mesh) => {
                    let _ = writeln!(
                        out,
                        "mesh node={} tex={} indices={}+{}",
                        it.node, it.texture, it.colors[0], it.colors[1]
                    );
                }
                Some(ItemKind::Shadow) => {
                    let _ = writeln!(
                        out,
                        "shadow node={} m=[{} {} {} {} {} {}] size={}x{} radii=[{} {} {} {}] blur={} color={:08x}",
                        it.node, t[0], t[1], t[2], t[3], t[4], t[5], it.size[0], it.size[1],
                        it.uv[0], it.uv[1], it.uv[2], it.uv[3], it.param, it.colors[0]
                    );
                }
                Some(ItemKind::ClipShape) => {
                    let _ = writeln!(
                        out,
                        "clip-shape node={} m=[{} {} {} {} {} {}] size={}x{} radii=[{} {} {} {}]",
                        it.node, t[0], t[1], t[2], t[3], t[4], t[5], it.size[0], it.size[1],
                        it.uv[0], it.uv[1], it.uv[2], it.uv[3]
                    );
                }
                Some(ItemKind::Gradient) => {
                    let _ = writeln!(
                        out,
                        "gradient node={} type={} geom=[{} {} {} {}] stops={:08x}@{},{:08x}@{},{:08x}@{},{:08x}@{}",
                        it.node, it.texture, t[0], t[1], t[2], t[3], it.colors[0], it.uv[0], it.colors[1], it.uv[1],
                        it.colors[2], it.uv[2], it.colors[3], it.uv[3]
                    );
                }
                Some(ItemKind::Shape) => {
                    let _ = writeln!(
                        out,
                        "shape node={} radii=[{} {} {} {}] border={} color={:08x}",
                        it.node, it.uv[0], it.uv[1], it.uv[2], it.uv[3], it.param, it.colors[0]
                    );
                }
                None => {
                    let _ = writeln!(out, "unknown kind={}", it.kind);
                }
            }
        }
        out
    }
}
