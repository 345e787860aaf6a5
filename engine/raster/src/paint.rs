//! The painter: display list in, [`RgbaImage`] out. See the module docs of
//! the [crate docs](crate) for the painting model.

use std::collections::HashMap;

use tiny_skia::{
    BlendMode, Color, FillRule, FilterQuality, Mask, Paint, PathBuilder, Pattern, Pixmap,
    PremultipliedColorU8, Rect, SpreadMode, Transform,
};

use crate::{RasterError, RgbaImage, MAX_DIMENSION};
use reel_wire::display_list::{
    DisplayItem, DisplayListError, DisplayListRef, ItemKind, OwnedDisplayList,
};

/// A texture an [`ItemKind::Image`] item can sample, kept premultiplied in
/// floating point for filtering.
#[derive(Clone)]
pub struct Texture {
    width: u32,
    height: u32,
    premul: Vec<[f32; 4]>,
}

impl core::fmt::Debug for Texture {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Texture({}x{})", self.width, self.height)
    }
}

impl Texture {
    /// Builds a texture from straight RGBA8 pixels.
    pub fn from_image(img: &RgbaImage) -> Result<Self, RasterError> {
        let expected = img.width as usize * img.height as usize * 4;
        if img.pixels.len() != expected
            || img.width == 0
            || img.height == 0
            || img.width > MAX_DIMENSION
            || img.height > MAX_DIMENSION
        {
            return Err(RasterError::BadTexture {
                id: 0,
                expected,
                got: img.pixels.len(),
            });
        }
        let premul = img
            .pixels
            .chunks_exact(4)
            .map(|p| {
                let a = f32::from(p[3]) / 255.0;
                [
                    f32::from(p[0]) / 255.0 * a,
                    f32::from(p[1]) / 255.0 * a,
                    f32::from(p[2]) / 255.0 * a,
                    a,
                ]
            })
            .collect();
        Ok(Self {
            width: img.width,
            height: img.height,
            premul,
        })
    }

    /// Width in texels.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Height in texels.
    pub fn height(&self) -> u32 {
        self.height
    }

    fn texel(&self, x: i64, y: i64) -> [f32; 4] {
        let x = x.clamp(0, i64::from(self.width) - 1) as usize;
        let y = y.clamp(0, i64::from(self.height) - 1) as usize;
        self.premul[y * self.width as usize + x]
    }

    /// Bilinear sample at normalized `(u, v)`, clamp to edge, premultiplied.
    pub(crate) fn sample(&self, u: f64, v: f64) -> [f32; 4] {
        let fx = u * f64::from(self.width) - 0.5;
        let fy = v * f64::from(self.height) - 0.5;
        let x0 = fx.floor();
        let y0 = fy.floor();
        let tx = (fx - x0) as f32;
        let ty = (fy - y0) as f32;
        let (x0, y0) = (x0 as i64, y0 as i64);
        let c00 = self.texel(x0, y0);
        let c10 = self.texel(x0 + 1, y0);
        let c01 = self.texel(x0, y0 + 1);
        let c11 = self.texel(x0 + 1, y0 + 1);
        let mut out = [0.0; 4];
        for i in 0..4 {
            let top = c00[i] + (c10[i] - c00[i]) * tx;
            let bottom = c01[i] + (c11[i] - c01[i]) * tx;
            out[i] = top + (bottom - top) * ty;
        }
        out
    }
}

/// Textures by the id that image items carry in [`DisplayItem::texture`].
#[derive(Clone, Debug, Default)]
pub struct TextureStore {
    map: HashMap<u32, Texture>,
}

impl TextureStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers (or replaces) texture `id` from straight RGBA8 pixels.
    pub fn insert(&mut self, id: u32, img: &RgbaImage) -> Result<(), RasterError> {
        let tex = Texture::from_image(img).map_err(|e| match e {
            RasterError::BadTexture { expected, got, .. } => {
                RasterError::BadTexture { id, expected, got }
            }
            other => other,
        })?;
        self.map.insert(id, tex);
        Ok(())
    }

    /// Applies the `SET` records of an engine texture-delta buffer
    /// ([`reel_wire::texture`]): creates or resizes each texture to its full
    /// size (keeping the texels that fit) and writes the rectangle. Call it
    /// before rendering the frame; [`TextureStore::apply_delta_frees`]
    /// after. Returns the number of records applied.
    pub fn apply_deltas(&mut self, bytes: &[u8]) -> Result<u32, reel_wire::texture::DeltaError> {
        use reel_wire::texture::{decode_deltas, DeltaError, TextureDelta};
        let mut n = 0;
        for d in decode_deltas(bytes)? {
            let TextureDelta::Set { id, x, y, w, h, full_w, full_h, pixels, .. } = d else { continue };
            if full_w == 0 || full_h == 0 || full_w > MAX_DIMENSION || full_h > MAX_DIMENSION {
                return Err(DeltaError("texture size out of range"));
            }
            let tex = self.map.entry(id).or_insert_with(|| Texture { width: 0, height: 0, premul: Vec::new() });
            if tex.width != full_w || tex.height != full_h {
                let mut premul = vec![[0.0f32; 4]; (full_w * full_h) as usize];
                for row in 0..tex.height.min(full_h) {
                    for col in 0..tex.width.min(full_w) {
                        premul[(row * full_w + col) as usize] = tex.premul[(row * tex.width + col) as usize];
                    }
                }
                *tex = Texture { width: full_w, height: full_h, premul };
            }
            for row in 0..h {
                for col in 0..w {
                    let p = &pixels[((row * w + col) * 4) as usize..][..4];
                    let a = f32::from(p[3]) / 255.0;
                    tex.premul[((y + row) * full_w + x + col) as usize] =
                        [f32::from(p[0]) / 255.0 * a, f32::from(p[1]) / 255.0 * a, f32::from(p[2]) / 255.0 * a, a];
                }
            }
            n += 1;
        }
        Ok(n)
    }

    /// Applies the `FREE` records of a texture-delta buffer (after the
    /// frame was rendered). Returns the number of textures removed.
    pub fn apply_delta_frees(&mut self, bytes: &[u8]) -> Result<u32, reel_wire::texture::DeltaError> {
        let mut n = 0;
        for d in reel_wire::texture::decode_deltas(bytes)? {
            if let reel_wire::texture::TextureDelta::Free { id } = d {
                n += u32::from(self.map.remove(&id).is_some());
            }
        }
        Ok(n)
    }

    /// Removes texture `id`; true if it was there.
    pub fn remove(&mut self, id: u32) -> bool {
        self.map.remove(&id).is_some()
    }

    /// The texture registered as `id`.
    pub fn get(&self, id: u32) -> Option<&Texture> {
        self.map.get(&id)
    }

    /// Number of textures.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when no texture is registered.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// What a render did, for tests and tools.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RenderStats {
    /// Rect items painted (including ones entirely clipped away).
    pub rects: u32,
    /// Image items painted (including placeholders).
    pub images: u32,
    /// Clip pushes.
    pub clips: u32,
    /// Image items whose texture was not in the store (drawn as their tint).
    pub missing_textures: u32,
    /// Quads that covered no pixel: zero size, zero-area transform, fully
    /// transparent, or outside the viewport/clip.
    pub empty: u32,
    /// Mesh items painted (the debug overlay; see [`ItemKind::Mesh`]).
    pub meshes: u32,
    /// Shadow items painted.
    pub shadows: u32,
    /// Rects and images drawn with a [`ItemKind::Shape`] (rounded, bordered).
    pub shapes: u32,
    /// Video surfaces punched through (see [`ItemKind::Video`]).
    pub videos: u32,
}

/// A frame and the stats of the render that made it.
#[derive(Clone, Debug)]
pub struct Rendered {
    /// The frame.
    pub image: RgbaImage,
    /// What was drawn.
    pub stats: RenderStats,
}

/// Renders a display list into a frame of the header's viewport size.
pub fn render(
    list: &DisplayListRef<'_>,
    textures: &TextureStore,
) -> Result<RgbaImage, RasterError> {
    render_with_stats(list, textures).map(|r| r.image)
}

/// Reads a display list from raw bytes (any alignment) and renders it.
pub fn render_bytes(bytes: &[u8], textures: &TextureStore) -> Result<Rendered, RasterError> {
    let list = OwnedDisplayList::from_bytes(bytes)?;
    let meshes = reel_wire::display_list::MeshSection::from_bytes(bytes)?;
    render_with_meshes(&list.as_ref(), &meshes, textures)
}

/// Integer pixel rectangle `[x0, x1) x [y0, y1)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct IRect {
    pub(crate) x0: i64,
    pub(crate) y0: i64,
    pub(crate) x1: i64,
    pub(crate) y1: i64,
}

impl IRect {
    pub(crate) fn intersect(self, o: IRect) -> IRect {
        let r = IRect {
            x0: self.x0.max(o.x0),
            y0: self.y0.max(o.y0),
            x1: self.x1.min(o.x1),
            y1: self.y1.min(o.y1),
        };
        if r.x0 >= r.x1 || r.y0 >= r.y1 {
            IRect {
                x0: r.x0,
                y0: r.y0,
                x1: r.x0,
                y1: r.y0,
            }
        } else {
            r
        }
    }

    pub(crate) fn is_empty(self) -> bool {
        self.x0 >= self.x1 || self.y0 >= self.y1
    }
}

/// Pixel-centre rule: pixel `p` is inside `[lo, hi)` when `p + 0.5` is.
fn snap(lo: f64, hi: f64) -> (i64, i64) {
    let clampi = |v: f64| v.clamp(-1.0e9, 1.0e9) as i64;
    (clampi((lo - 0.5).ceil()), clampi((hi - 0.5).ceil()))
}

fn validate(list: &DisplayListRef<'_>) -> Result<(u32, u32), RasterError> {
    let h = &list.header;
    let bad = RasterError::BadViewport {
        width: h.viewport_w,
        height: h.viewport_h,
    };
    let dim = |v: f32| -> Option<u32> {
        if !v.is_finite() {
            return None;
        }
        let r = v.round();
        (r >= 1.0 && r <= MAX_DIMENSION as f32).then_some(r as u32)
    };
    let (Some(w), Some(ht)) = (dim(h.viewport_w), dim(h.viewport_h)) else {
        return Err(bad);
    };
    let mut depth = 0usize;
    for (index, it) in list.items.iter().enumerate() {
        let Some(kind) = it.item_kind() else {
            return Err(RasterError::BadList(DisplayListError::UnknownItemKind {
                index,
                kind: it.kind,
            }));
        };
        if !it
            .transform
            .iter()
            .chain(&it.size)
            .chain(&it.uv)
            .all(|v| v.is_finite())
        {
            return Err(RasterError::BadItem {
                index,
                reason: "non-finite transform, size or uv",
            });
        }
        if it.size[0] < 0.0 || it.size[1] < 0.0 {
            return Err(RasterError::BadItem {
                index,
                reason: "negative size",
            });
        }
        if matches!(kind, ItemKind::Shape | ItemKind::Shadow)
            && !(it.param >= 0.0 && it.param.is_finite() && it.uv.iter().all(|&r| r >= 0.0))
        {
            return Err(RasterError::BadItem {
                index,
                reason: "negative or non-finite radius, border width or blur",
            });
        }
        if kind == ItemKind::ClipShape
            && (index == 0 || list.items[index - 1].item_kind() != Some(ItemKind::ClipPush) || !it.uv.iter().all(|&r| r >= 0.0))
        {
            return Err(RasterError::BadItem {
                index,
                reason: "clip shape not right after a clip push, or a negative radius",
            });
        }
        if kind == ItemKind::Shape
            && !matches!(list.items.get(index + 1).and_then(|n| n.item_kind()), Some(ItemKind::Rect | ItemKind::Image))
        {
            return Err(RasterError::BadItem {
                index,
                reason: "shape item not followed by a rect or image",
            });
        }
        match kind {
            ItemKind::ClipPush => depth += 1,
            ItemKind::ClipPop => {
                depth = depth
                    .checked_sub(1)
                    .ok_or(RasterError::UnbalancedClip { index })?;
            }
            _ => {}
        }
    }
    if depth != 0 {
        return Err(RasterError::UnbalancedClip {
            index: list.items.len(),
        });
    }
    Ok((w, ht))
}

/// Renders a display list and reports what it drew.
pub fn render_with_stats(
    list: &DisplayListRef<'_>,
    textures: &TextureStore,
) -> Result<Rendered, RasterError> {
    render_with_meshes(list, &reel_wire::display_list::MeshSection::default(), textures)
}

/// Renders a display list whose [`ItemKind::Mesh`] items draw from `meshes`
/// (the section that follows its items; [`render_bytes`] reads it).
pub fn render_with_meshes(
    list: &DisplayListRef<'_>,
    meshes: &reel_wire::display_list::MeshSection,
    textures: &TextureStore,
) -> Result<Rendered, RasterError> {
    let (w, h) = validate(list)?;
    let bad_size = || RasterError::BadViewport {
        width: list.header.viewport_w,
        height: list.header.viewport_h,
    };
    let mut pixmap = Pixmap::new(w, h).ok_or_else(bad_size)?;
    pixmap.fill(Color::BLACK);
    let full = IRect {
        x0: 0,
        y0: 0,
        x1: i64::from(w),
        y1: i64::from(h),
    };
    let mut stats = RenderStats::default();
    // The clip stack; the top is the current clip and `mask` mirrors it
    // (`None` while nothing is pushed).
    let mut clips: Vec<IRect> = Vec::new();
    // Per clip level, its rounded shape (`ClipShape`), if any: the mask is
    // the rectangle times every level's shape coverage.
    let mut clip_shapes: Vec<Option<DisplayItem>> = Vec::new();
    let mut mask: Option<Mask> = None;
    // The `Shape` item waiting for the quad it modifies.
    let mut shape: Option<DisplayItem> = None;
    // The `Gradient` fill waiting for the rect it fills.
    let mut grad: Option<crate::gradient::Grad> = None;

    for item in list.items {
        // `validate` guarantees a known kind.
        let Some(kind) = item.item_kind() else {
            continue;
        };
        match kind {
            ItemKind::ClipPush => {
                stats.clips += 1;
                let [.., e, f] = item.transform;
                let (x0, x1) = snap(f64::from(e), f64::from(e) + f64::from(item.size[0]));
                let (y0, y1) = snap(f64::from(f), f64::from(f) + f64::from(item.size[1]));
                let parent = clips.last().copied().unwrap_or(full);
                let r = IRect { x0, y0, x1, y1 }.intersect(parent);
                clips.push(r);
                clip_shapes.push(None);
                mask = Some(build_clip_mask(w, h, r, &clip_shapes).ok_or_else(bad_size)?);
            }
            ItemKind::ClipShape => {
                if let (Some(&r), Some(top)) = (clips.last(), clip_shapes.last_mut()) {
                    *top = Some(*item);
                    mask = Some(build_clip_mask(w, h, r, &clip_shapes).ok_or_else(bad_size)?);
                }
            }
            ItemKind::ClipPop => {
                clips.pop();
                clip_shapes.pop();
                mask = match clips.last() {
                    Some(&r) => Some(build_clip_mask(w, h, r, &clip_shapes).ok_or_else(bad_size)?),
                    None => None,
                };
            }
            ItemKind::Shadow => {
                stats.shadows += 1;
                let clip = clips.last().copied().unwrap_or(full);
                if !crate::effects::draw_shadow(&mut pixmap, clip, mask.as_ref(), item) {
                    stats.empty += 1;
                }
            }
            ItemKind::Shape => shape = Some(*item),
            ItemKind::Gradient => grad = crate::gradient::Grad::read(grad, item),
            ItemKind::Rect | ItemKind::Image => {
                let clip = clips.last().copied().unwrap_or(full);
                let texture = if kind == ItemKind::Image {
                    stats.images += 1;
                    let t = textures.get(item.texture);
                    if t.is_none() {
                        stats.missing_textures += 1;
                    }
                    t
                } else {
                    stats.rects += 1;
                    None
                };
                let g = grad.take().filter(|_| kind == ItemKind::Rect);
                let drawn = match shape.take() {
                    Some(sh) => {
                        stats.shapes += 1;
                        crate::effects::draw_shaped(&mut pixmap, clip, mask.as_ref(), &sh, item, texture, g.as_ref())
                    }
                    None => draw_quad(&mut pixmap, mask.as_ref(), clip, item, texture, g.as_ref()),
                };
                if !drawn {
                    stats.empty += 1;
                }
            }
            ItemKind::Video => {
                // This painter cannot show video: it punches the hole (what
                // is under the video plane shows; transparent in a PNG), so
                // a golden frame shows where the surface is and that UI
                // drawn after it covers it.
                stats.videos += 1;
                if !punch_hole(&mut pixmap, mask.as_ref(), item) {
                    stats.empty += 1;
                }
            }
            ItemKind::Mesh => {
                stats.meshes += 1;
                let clip = clips.last().copied().unwrap_or(full);
                let texture = textures.get(item.texture);
                if texture.is_none() {
                    stats.missing_textures += 1;
                }
                let r = [clip.x0, clip.y0, clip.x1, clip.y1];
                if crate::mesh::draw_mesh(&mut pixmap, r, meshes, item, texture) == 0 {
                    stats.empty += 1;
                }
            }
        }
    }

    let mut pixels = Vec::with_capacity(w as usize * h as usize * 4);
    for p in pixmap.pixels() {
        let c = p.demultiply();
        pixels.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
    }
    Ok(Rendered {
        image: RgbaImage {
            width: w,
            height: h,
            pixels,
        },
        stats,
    })
}

/// The mask of a clip level: its rectangle times the coverage of the
/// rounded shape of every level (`ClipShape`).
fn build_clip_mask(w: u32, h: u32, r: IRect, shapes: &[Option<DisplayItem>]) -> Option<Mask> {
    let mut m = build_mask(w, h, r)?;
    for sh in shapes.iter().flatten() {
        crate::effects::clip_to_shape(&mut m, r, sh);
    }
    Some(m)
}

fn build_mask(w: u32, h: u32, r: IRect) -> Option<Mask> {
    let mut m = Mask::new(w, h)?;
    if !r.is_empty() {
        let data = m.data_mut();
        for y in r.y0..r.y1 {
            let row = y as usize * w as usize;
            data[row + r.x0 as usize..row + r.x1 as usize].fill(255);
        }
    }
    Some(m)
}

/// Straight colour 0xRRGGBBAA to premultiplied floats.
pub(crate) fn premul(c: u32) -> [f32; 4] {
    let a = (c & 0xFF) as f32 / 255.0;
    let ch = |s: u32| ((c >> s) & 0xFF) as f32 / 255.0 * a;
    [ch(24), ch(16), ch(8), a]
}

fn to_u8(v: f32) -> u8 {
    (v.clamp(0.0, 1.0) * 255.0).round() as u8
}

/// Paints one quad; false when it covered nothing.
fn draw_quad(
    pixmap: &mut Pixmap,
    mask: Option<&Mask>,
    clip: IRect,
    item: &DisplayItem,
    texture: Option<&Texture>,
    grad: Option<&crate::gradient::Grad>,
) -> bool {
    let [a, b, c, d, e, f] = item.transform;
    let [w, h] = item.size;
    if w <= 0.0 || h <= 0.0 {
        return false;
    }
    let det = f64::from(a) * f64::from(d) - f64::from(b) * f64::from(c);
    if det.abs() < 1e-12 {
        return false;
    }
    let is_image = item.item_kind() == Some(ItemKind::Image);
    let solid = !is_image && grad.is_none() && item.colors.iter().all(|&x| x == item.colors[0]);
    if !is_image && grad.is_none() && item.colors.iter().all(|&x| x & 0xFF == 0) {
        return false; // fully transparent
    }

    // Screen bounding box of the quad, intersected with the clip.
    let corners = item.corners();
    let (mut minx, mut miny, mut maxx, mut maxy) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for [x, y] in corners {
        minx = minx.min(f64::from(x));
        miny = miny.min(f64::from(y));
        maxx = maxx.max(f64::from(x));
        maxy = maxy.max(f64::from(y));
    }
    let clampi = |v: f64| v.clamp(-1.0e9, 1.0e9) as i64;
    let bbox = IRect {
        x0: clampi(minx.floor()),
        y0: clampi(miny.floor()),
        x1: clampi(maxx.ceil()),
        y1: clampi(maxy.ceil()),
    }
    .intersect(clip);
    if bbox.is_empty() {
        return false;
    }

    let ts = Transform::from_row(a, b, c, d, e, f);
    let mut paint = Paint {
        anti_alias: true,
        ..Paint::default()
    };

    if solid {
        let col = item.colors[0];
        paint.set_color_rgba8(
            (col >> 24) as u8,
            (col >> 16) as u8,
            (col >> 8) as u8,
            col as u8,
        );
        if item.is_axis_aligned() {
            // Fast path: an axis-aligned rectangle in screen space.
            let Some(r) = Rect::from_xywh(e, f, a * w, d * h) else {
                return false;
            };
            pixmap.fill_rect(r, &paint, Transform::identity(), mask);
        } else {
            return fill_quad(pixmap, w, h, ts, &paint, mask);
        }
        return true;
    }

    // Gradient and/or texture: shade every pixel centre of the bounding box
    // into a source image, then paint it through the quad's coverage.
    let bw = (bbox.x1 - bbox.x0) as u32;
    let bh = (bbox.y1 - bbox.y0) as u32;
    let Some(mut src) = Pixmap::new(bw, bh) else {
        return false;
    };
    let corners_pm = item.colors.map(premul);
    let (a64, b64, c64, d64, e64, f64_) = (
        f64::from(a),
        f64::from(b),
        f64::from(c),
        f64::from(d),
        f64::from(e),
        f64::from(f),
    );
    let (w64, h64) = (f64::from(w), f64::from(h));
    let [u0, v0, u1, v1] = item.uv.map(f64::from);
    let out = src.pixels_mut();
    for py in 0..bh {
        for px in 0..bw {
            let sx = (bbox.x0 + i64::from(px)) as f64 + 0.5 - e64;
            let sy = (bbox.y0 + i64::from(py)) as f64 + 0.5 - f64_;
            let x = (d64 * sx - c64 * sy) / det;
            let y = (-b64 * sx + a64 * sy) / det;
            let s = (x / w64).clamp(0.0, 1.0);
            let t = (y / h64).clamp(0.0, 1.0);
            let (sf, tf) = (s as f32, t as f32);
            let mut col = [0.0f32; 4];
            for (i, v) in col.iter_mut().enumerate() {
                let top = corners_pm[0][i] + (corners_pm[1][i] - corners_pm[0][i]) * sf;
                let bottom = corners_pm[2][i] + (corners_pm[3][i] - corners_pm[2][i]) * sf;
                *v = top + (bottom - top) * tf;
            }
            if let Some(g) = grad {
                col = g.eval(x, y);
            }
            if let Some(tex) = texture {
                let texel = tex.sample(u0 + s * (u1 - u0), v0 + t * (v1 - v0));
                for i in 0..4 {
                    col[i] *= texel[i];
                }
            }
            let al = to_u8(col[3]);
            let ch = |v: f32| to_u8(v).min(al);
            // r, g, b <= a by construction, so this cannot fail.
            out[(py * bw + px) as usize] =
                PremultipliedColorU8::from_rgba(ch(col[0]), ch(col[1]), ch(col[2]), al)
                    .unwrap_or(PremultipliedColorU8::TRANSPARENT);
        }
    }
    paint.shader = Pattern::new(
        src.as_ref(),
        SpreadMode::Pad,
        FilterQuality::Nearest,
        1.0,
        Transform::from_translate(bbox.x0 as f32, bbox.y0 as f32),
    );
    fill_quad(pixmap, w, h, ts, &paint, mask)
}

/// Makes a [`ItemKind::Video`] quad transparent, by its composed alpha
/// (`destination-out`): the pixels under it no longer hide the video plane.
fn punch_hole(pixmap: &mut Pixmap, mask: Option<&Mask>, item: &DisplayItem) -> bool {
    let [a, b, c, d, e, f] = item.transform;
    let mut paint = Paint { anti_alias: true, blend_mode: BlendMode::DestinationOut, ..Paint::default() };
    paint.set_color_rgba8(0, 0, 0, item.colors[0] as u8);
    // `mask` is the clip stack's (the viewport when it is empty).
    fill_quad(pixmap, item.size[0], item.size[1], Transform::from_row(a, b, c, d, e, f), &paint, mask)
}

/// Fills the quad `(0,0)-(w,h)` mapped to screen space by `ts` with
/// `paint`, through the clip `mask`; false for a degenerate quad.
fn fill_quad(pixmap: &mut Pixmap, w: f32, h: f32, ts: Transform, paint: &Paint, mask: Option<&Mask>) -> bool {
    let Some(path) = Rect::from_xywh(0.0, 0.0, w, h).and_then(|r| PathBuilder::from_rect(r).transform(ts)) else {
        return false;
    };
    pixmap.fill_path(&path, paint, FillRule::Winding, Transform::identity(), mask);
    true
}
