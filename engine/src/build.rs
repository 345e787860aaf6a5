//! Building the display list from the scene: transforms, alpha and clips
//! composed down the tree, z-order among siblings, off-screen culling.
//!
//! This is the one walk over the tree per frame that produces pixels'
//! worth of output; it runs only when something drawn changed (otherwise
//! the previous list is reused). It uses an explicit stack (deep trees
//! cannot overflow the Wasm stack) and scratch vectors that keep their
//! capacity, so a steady-state frame allocates nothing.

use glam::{Affine2, Mat2, Vec2};

use crate::finite::finite;
use crate::display_list::{
    DisplayItem, DisplayListHeader, ItemKind, DISPLAY_LIST_MAGIC, DISPLAY_LIST_VERSION,
};
use crate::layout::scene_size;
use crate::protocol::props::key;
use crate::protocol::NodeKind;
use crate::resources::Resources;
use crate::scene::{DisplayMode, Effects, Node, Scene, Slot, ROOT_SLOT};

/// Screen-space axis-aligned rectangle `[x0, y0, x1, y1]`.
type Aabb = [f32; 4];

#[derive(Clone, Copy, Debug)]
struct Visit {
    slot: Slot,
    world: Affine2,
    alpha: f32,
    clip: Aabb,
    parent_size: (f32, f32),
    parent_flex: bool,
    pop_clip: bool,
    /// False inside a subtree that is clipped away entirely: geometry is
    /// still recorded (focus can move there and scroll it in), nothing drawn.
    emit: bool,
}

/// Reusable state for [`build`].
#[derive(Debug, Default)]
pub struct Builder {
    stack: Vec<Visit>,
    order: Vec<(i32, u32, Slot)>,
    clips: Vec<Aabb>,
    gen: u32,
    /// Header + items, as words (so the bytes are 4-aligned for hosts).
    words: Vec<u32>,
    /// The engine's text system, lent to the builder for the duration of a
    /// build (see `Engine::frame`): glyph quads and atlas updates.
    pub text: crate::text::TextSystem,
    /// Image nodes the last build reached (drawn or culled).
    images: Vec<Slot>,
}

/// What a build produced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BuildStats {
    /// Items emitted.
    pub items: u32,
    /// Nodes skipped because they were entirely off-screen or clipped away.
    pub culled: u32,
}

const HEADER_WORDS: usize = core::mem::size_of::<DisplayListHeader>() / 4;

impl Builder {
    /// An empty builder holding an empty list.
    pub fn new(width: u32, height: u32) -> Self {
        let mut b = Self::default();
        b.reset(0, width, height);
        b
    }

    fn reset(&mut self, frame: u32, width: u32, height: u32) {
        self.words.clear();
        let h = DisplayListHeader {
            magic: DISPLAY_LIST_MAGIC,
            version: DISPLAY_LIST_VERSION,
            item_count: 0,
            frame,
            viewport_w: width as f32,
            viewport_h: height as f32,
            _reserved: [0; 2],
        };
        self.words.extend_from_slice(bytemuck::cast_slice(core::slice::from_ref(&h)));
    }

    /// The list's bytes: header then items.
    pub fn bytes(&self) -> &[u8] {
        bytemuck::cast_slice(&self.words)
    }

    /// The list's items.
    pub fn items(&self) -> &[DisplayItem] {
        bytemuck::cast_slice(&self.words[HEADER_WORDS..])
    }

    /// The list's header.
    pub fn header(&self) -> DisplayListHeader {
        bytemuck::pod_read_unaligned(bytemuck::cast_slice(&self.words[..HEADER_WORDS]))
    }

    /// Stamps a new frame number on a reused list.
    pub fn set_frame(&mut self, frame: u32) {
        self.words[3] = frame;
    }

    fn push(&mut self, item: DisplayItem) {
        self.words.extend_from_slice(bytemuck::cast_slice(core::slice::from_ref(&item)));
        self.words[2] += 1;
    }

    /// Generation of the last build: nodes whose `geom_gen` equals it were
    /// reached by that build (their `geom` is current).
    pub fn generation(&self) -> u32 {
        self.gen
    }

    /// The topmost drawn node under viewport point `(x, y)`, honouring clips
    /// and rotated quads; `None` over the background.
    pub fn hit_test(&mut self, x: f32, y: f32) -> Option<u32> {
        let p = Vec2::new(x, y);
        let mut hit = None;
        self.clips.clear();
        let n = self.header().item_count as usize;
        for i in 0..n {
            let it = self.items()[i];
            match it.item_kind() {
                Some(ItemKind::ClipPush) => {
                    let c = [it.transform[4], it.transform[5], it.transform[4] + it.size[0], it.transform[5] + it.size[1]];
                    self.clips.push(c);
                }
                Some(ItemKind::ClipPop) => {
                    self.clips.pop();
                }
                Some(ItemKind::Rect) | Some(ItemKind::Image) | Some(ItemKind::Video) => {
                    let clipped = self.clips.last().is_some_and(|c| x < c[0] || y < c[1] || x >= c[2] || y >= c[3]);
                    if clipped {
                        continue;
                    }
                    let t = it.transform;
                    let m = Affine2::from_cols_array(&t);
                    if m.matrix2.determinant() == 0.0 {
                        continue;
                    }
                    let local = m.inverse().transform_point2(p);
                    if local.x >= 0.0 && local.y >= 0.0 && local.x < it.size[0] && local.y < it.size[1] {
                        hit = Some(it.node);
                    }
                }
                Some(ItemKind::Mesh) | Some(ItemKind::Shadow) | Some(ItemKind::Shape) | Some(ItemKind::ClipShape) | None => {}
            }
        }
        hit
    }

    /// Rebuilds the list from the scene, and records every reachable
    /// node's layout box in screen space (`Node::geom`).
    pub fn build(&mut self, scene: &mut Scene, frame: u32) -> BuildStats {
        self.build_with(scene, frame, None)
    }

    /// Image nodes the last build reached (drawn or culled): what the
    /// resource manager binds to textures.
    pub fn images(&self) -> &[Slot] {
        &self.images
    }

    /// [`Builder::build`], drawing image nodes whose texture is resident in
    /// `res` as `Image` items (placed per `fit`), others as placeholders.
    pub fn build_with(&mut self, scene: &mut Scene, frame: u32, res: Option<&Resources>) -> BuildStats {
        let (vw, vh) = scene.viewport;
        self.reset(frame, vw, vh);
        self.text.begin_frame();
        self.images.clear();
        self.gen = self.gen.wrapping_add(1).max(1);
        let mut stats = BuildStats::default();
        self.stack.clear();
        self.stack.push(Visit {
            slot: ROOT_SLOT,
            world: Affine2::IDENTITY,
            alpha: 1.0,
            clip: [0.0, 0.0, vw as f32, vh as f32],
            parent_size: (vw as f32, vh as f32),
            parent_flex: false,
            pop_clip: false,
            emit: true,
        });
        while let Some(v) = self.stack.pop() {
            if v.pop_clip {
                self.push(DisplayItem { kind: ItemKind::ClipPop as u32, node: scene.node(v.slot).id, ..Default::default() });
                stats.items += 1;
                continue;
            }
            self.visit(scene, v, &mut stats, res);
        }
        self.finish_text();
        stats
    }

    fn visit(&mut self, scene: &mut Scene, v: Visit, stats: &mut BuildStats, res: Option<&Resources>) {
        let node = scene.node(v.slot);
        let vis = &node.props.visual;
        if !vis.visible || vis.display == DisplayMode::None || vis.alpha <= 0.0 {
            return;
        }
        let alpha = v.alpha * vis.alpha;
        let (pos, size) = placement(node, v.parent_size, v.parent_flex);
        // Huge finite values overflow f32 when composed: positions, sizes
        // and transforms are kept finite (see `crate::finite`).
        let (pos, size) = ((finite(pos.0), finite(pos.1)), (finite(size.0), finite(size.1)));
        let (local, origin) = local_transform(node, pos, size);
        let composed = v.world * local;
        let world = crate::finite::affine(composed);
        let aabb = bounds(&world, size);
        // The layout box: the node's box before its scale and rotation.
        // Without those (most nodes) it is the same product as `world`, so
        // its bounds are `aabb`'s, unless `world` had to be saturated.
        let unscaled = Affine2::from_translation(origin);
        let geom = if local == unscaled && world == composed { aabb } else { bounds(&(v.world * unscaled), size) };
        let visible = v.emit && intersects(&aabb, &v.clip);

        if node.kind == NodeKind::Image {
            self.images.push(v.slot);
        }
        if visible && node.kind == NodeKind::Image && size.0 > 0.0 && size.1 > 0.0 {
            let resident = if node.src.is_empty() { None } else { res.and_then(|r| r.resident(&node.src)) };
            stats.items += self.image(node, &world, size, alpha, resident);
        } else if visible && node.kind == NodeKind::Video && size.0 > 0.0 && size.1 > 0.0 {
            self.push(DisplayItem {
                kind: ItemKind::Video as u32,
                node: node.id,
                transform: affine_to_array(&world),
                size: [size.0, size.1],
                colors: [with_alpha(0xFFFF_FFFF, alpha); 4],
                uv: v.clip,
                ..Default::default()
            });
            stats.items += 1;
        } else if visible && node.kind != NodeKind::Text && size.0 > 0.0 && size.1 > 0.0 {
            let colors = vis.colors.map(|c| with_alpha(c, alpha));
            let mut fill = colors.iter().any(|c| c & 0xFF != 0);
            let fx = &vis.effects;
            stats.items += self.shadow(node.id, fx, &world, size, alpha);
            if self.shape(node.id, fx, fx.radius(), size, alpha, fill, true) {
                stats.items += 1;
                fill = true;
            }
            if fill {
                self.push(DisplayItem {
                    kind: ItemKind::Rect as u32,
                    node: node.id,
                    transform: affine_to_array(&world),
                    size: [size.0, size.1],
                    colors,
                    ..Default::default()
                });
                stats.items += 1;
            }
        } else if !visible {
            stats.culled += 1;
        }
        if visible && node.kind == NodeKind::Text && size.0 > 0.0 && size.1 > 0.0 && !node.text.is_empty() {
            stats.items += self.text_items(v.slot, node, &world, size, alpha, &v.clip);
        }
        let scroll = vis.scroll;
        let clipping = vis.clipping;
        let is_flex = node.is_flex();
        let has_children = !node.children.is_empty();
        let n = scene.node_mut(v.slot);
        n.geom = geom;
        n.geom_gen = self.gen;
        if !has_children {
            return;
        }
        let node = scene.node(v.slot);

        let mut clip = v.clip;
        let mut emit = v.emit;
        if clipping && emit {
            clip = intersect(&v.clip, &aabb);
            if clip[2] <= clip[0] || clip[3] <= clip[1] {
                emit = false;
            }
        }
        if clipping && emit {
            self.push(DisplayItem {
                kind: ItemKind::ClipPush as u32,
                node: node.id,
                transform: [1.0, 0.0, 0.0, 1.0, clip[0], clip[1]],
                size: [clip[2] - clip[0], clip[3] - clip[1]],
                ..Default::default()
            });
            stats.items += 1;
            let radius = node.props.visual.effects.radius();
            if radius != [0.0; 4] {
                // A rounded clip: its shape after the bounding rectangle.
                self.push_fx(ItemKind::ClipShape, node.id, 0.0, 0, clamp_radii(radius, size), affine_to_array(&world), [size.0, size.1]);
                stats.items += 1;
            }
            self.stack.push(Visit { pop_clip: true, ..v });
        }

        // Children in paint order: by zIndex, then insertion order. The
        // (z, index) key makes an unstable sort stable without allocating.
        let start = self.order.len();
        let mut any_z = false;
        for (i, &c) in node.children.iter().enumerate() {
            let z = scene.node(c).props.visual.z_index;
            any_z |= z != 0;
            self.order.push((z, i as u32, c));
        }
        if any_z {
            self.order[start..].sort_unstable_by_key(|&(z, i, _)| (z, i));
        }
        let child_world = if scroll == [0.0, 0.0] {
            world
        } else {
            crate::finite::affine(world * Affine2::from_translation(Vec2::new(-scroll[0], -scroll[1])))
        };
        for k in (start..self.order.len()).rev() {
            let c = self.order[k].2;
            self.stack.push(Visit {
                slot: c,
                world: child_world,
                alpha,
                clip,
                parent_size: size,
                parent_flex: is_flex,
                pop_clip: false,
                emit,
            });
        }
        self.order.truncate(start);
    }
}

impl Builder {
    /// Emits an image node: its texture placed per `fit` when resident,
    /// else its placeholder. Returns the number of items pushed.
    fn image(&mut self, node: &Node, world: &Affine2, size: (f32, f32), alpha: f32, resident: Option<(u32, u32, u32)>) -> u32 {
        let vis = &node.props.visual;
        let fx = &vis.effects;
        // A rect of the node's box (placeholder, letterbox), rounded and
        // bordered (`border`) per the node's effects.
        let rect = |b: &mut Self, colors: [u32; 4], border: bool| -> u32 {
            let colors = colors.map(|c| with_alpha(c, alpha));
            let mut fill = colors.iter().any(|c| c & 0xFF != 0);
            let mut n = 0;
            if b.shape(node.id, fx, fx.radius(), size, alpha, fill, border) {
                n += 1;
                fill = true;
            }
            if !fill {
                return n;
            }
            b.push(DisplayItem {
                kind: ItemKind::Rect as u32,
                node: node.id,
                transform: affine_to_array(world),
                size: [size.0, size.1],
                colors,
                ..Default::default()
            });
            n + 1
        };
        let mut n = self.shadow(node.id, fx, world, size, alpha);
        let Some((tex, iw, ih)) = resident.filter(|r| r.1 > 0 && r.2 > 0) else {
            let colors = vis.placeholder.map_or(vis.colors, |c| [c; 4]);
            return n + rect(self, colors, true);
        };
        // The part of the image drawn (`srcX/Y/W/H`, clamped to the image;
        // the whole image while `srcW` or `srcH` is 0): it stands for the
        // image in `fit`, and the uvs below are mapped into it.
        let (tw, th) = (iw as f32, ih as f32);
        let s = |k| fx.num(k);
        let (sx, sy) = (s(key::SRC_X).min(tw), s(key::SRC_Y).min(th));
        let (iw, ih) = (s(key::SRC_W).min(tw - sx), s(key::SRC_H).min(th - sy));
        let part = iw > 0.0 && ih > 0.0;
        let (iw, ih) = if part { (iw, ih) } else { (tw, th) };
        let tint = with_alpha(0xFFFF_FFFF, alpha);
        // How far the image quad sits inside the node's box (contain).
        let mut inset = 0.0;
        let (xf, qsize, uv) = match vis.fit {
            // contain: the whole image, letterboxed in the node's colours.
            1 => {
                let s = (size.0 / iw).min(size.1 / ih);
                let (dw, dh) = (iw * s, ih * s);
                n += rect(self, vis.colors, false);
                let off = Vec2::new((size.0 - dw) * 0.5, (size.1 - dh) * 0.5);
                inset = off.x.max(off.y);
                (*world * Affine2::from_translation(off), (dw, dh), [0.0, 0.0, 1.0, 1.0])
            }
            // cover: fill the box, crop the image's overflow through uv.
            2 => {
                let s = (size.0 / iw).max(size.1 / ih);
                let (uw, vh) = (size.0 / (iw * s), size.1 / (ih * s));
                (*world, size, [(1.0 - uw) * 0.5, (1.0 - vh) * 0.5, (1.0 + uw) * 0.5, (1.0 + vh) * 0.5])
            }
            // fill: stretched to the box.
            _ => (*world, size, [0.0, 0.0, 1.0, 1.0]),
        };
        // The image's corners follow the box's (a contained image's corners
        // sit `inset` inside it); the border is drawn over the image, on the box.
        let r = fx.radius().map(|r| (r - inset).max(0.0));
        n += u32::from(self.shape(node.id, fx, r, qsize, alpha, true, inset == 0.0));
        let uv = if part { [(sx + uv[0] * iw) / tw, (sy + uv[1] * ih) / th, (sx + uv[2] * iw) / tw, (sy + uv[3] * ih) / th] } else { uv };
        self.push(DisplayItem {
            kind: ItemKind::Image as u32,
            node: node.id,
            texture: tex,
            transform: affine_to_array(&xf),
            size: [qsize.0, qsize.1],
            colors: [tint; 4],
            uv,
            ..Default::default()
        });
        n += 1;
        if inset != 0.0 {
            // contain: the border over the letterboxed image.
            n += rect(self, [0; 4], true);
        }
        n
    }

    /// Pushes a node's drop shadow (a [`ItemKind::Shadow`] item) when its
    /// colour is visible. Returns the number of items pushed.
    fn shadow(&mut self, id: u32, fx: &Effects, world: &Affine2, size: (f32, f32), alpha: f32) -> u32 {
        let color = with_alpha(fx.word(key::SHADOW_COLOR), alpha);
        if color & 0xFF == 0 {
            return 0;
        }
        let s = fx.num(key::SHADOW_SPREAD);
        let grown = (finite(size.0 + 2.0 * s), finite(size.1 + 2.0 * s));
        if grown.0 <= 0.0 || grown.1 <= 0.0 {
            return 0;
        }
        // CSS: the spread grows the (used) corner radii of rounded corners.
        let r = clamp_radii(fx.radius(), size).map(|r| if r > 0.0 { (r + s).max(0.0) } else { 0.0 });
        let off = Vec2::new(fx.num(key::SHADOW_OFFSET_X) - s, fx.num(key::SHADOW_OFFSET_Y) - s);
        let transform = affine_to_array(&(*world * Affine2::from_translation(off)));
        self.push_fx(ItemKind::Shadow, id, fx.num(key::SHADOW_BLUR), color, clamp_radii(r, grown), transform, [grown.0, grown.1]);
        1
    }

    /// Pushes a [`ItemKind::Shadow`] or [`ItemKind::Shape`] item (one body
    /// for both: engine.wasm's size).
    #[allow(clippy::too_many_arguments)]
    fn push_fx(&mut self, kind: ItemKind, node: u32, param: f32, color: u32, uv: [f32; 4], transform: [f32; 6], size: [f32; 2]) {
        self.push(DisplayItem { kind: kind as u32, node, param, transform, size, colors: [color, 0, 0, 0], uv, ..Default::default() });
    }

    /// Pushes the [`ItemKind::Shape`] prefix of a quad of `size` when it
    /// has rounded corners `radius` (and a visible `fill`) or a visible
    /// border (when `border`). True when pushed: the caller must push the
    /// quad next.
    #[allow(clippy::too_many_arguments)]
    fn shape(&mut self, id: u32, fx: &Effects, radius: [f32; 4], size: (f32, f32), alpha: f32, fill: bool, border: bool) -> bool {
        // Cheap tests first: most nodes have neither a border nor a radius.
        let bordered = border && fx.num(key::BORDER_WIDTH) > 0.0 && fx.word(key::BORDER_COLOR) & 0xFF != 0;
        if !(bordered || fill && radius != [0.0; 4]) {
            return false;
        }
        let r = clamp_radii(radius, size);
        let color = with_alpha(fx.word(key::BORDER_COLOR), alpha);
        let bw = fx.num(key::BORDER_WIDTH).min(size.0 * 0.5).min(size.1 * 0.5);
        let bordered = bordered && color & 0xFF != 0;
        if !(bordered || fill && r != [0.0; 4]) {
            return false;
        }
        let (bw, color) = if bordered { (bw, color) } else { (0.0, 0) };
        self.push_fx(ItemKind::Shape, id, bw, color, r, [0.0; 6], [0.0; 2]);
        true
    }
}

impl Builder {
    /// Emits a text node's glyphs as `Image` items sampling the glyph atlas
    /// (uv in texels until [`Builder::finish_text`] normalises them), in the
    /// node's colour (the four corners sampled at each glyph), culled
    /// against the clip one by one. Returns the number of items pushed.
    #[allow(clippy::too_many_arguments)]
    fn text_items(&mut self, slot: Slot, node: &Node, world: &Affine2, size: (f32, f32), alpha: f32, clip: &Aabb) -> u32 {
        let colors = node.props.visual.colors.map(|c| with_alpha(c, alpha));
        if colors.iter().all(|c| c & 0xFF == 0) {
            return 0;
        }
        let uniform = colors.iter().all(|&c| c == colors[0]);
        let node_id = node.id;
        let mut text = core::mem::take(&mut self.text);
        let mut n = 0;
        // Pixel-snap glyphs when the node is only translated.
        let m = world.matrix2;
        let translate_only = m.x_axis.x == 1.0 && m.x_axis.y == 0.0 && m.y_axis.x == 0.0 && m.y_axis.y == 1.0;
        let snap = if translate_only {
            Vec2::new(libm::roundf(world.translation.x) - world.translation.x, libm::roundf(world.translation.y) - world.translation.y)
        } else {
            Vec2::ZERO
        };
        text.for_each_glyph(slot, node, size, |q| {
            let gw = *world * Affine2::from_translation(Vec2::new(q.x, q.y) + snap);
            if !intersects(&bounds(&gw, (q.w, q.h)), clip) {
                return;
            }
            let c = if uniform {
                [colors[0]; 4]
            } else {
                let s = |x: f32, y: f32| bilerp(&colors, x / size.0, y / size.1);
                [s(q.x, q.y), s(q.x + q.w, q.y), s(q.x, q.y + q.h), s(q.x + q.w, q.y + q.h)]
            };
            self.push(DisplayItem {
                kind: ItemKind::Image as u32,
                node: node_id,
                texture: crate::texture::ATLAS_TEXTURE_ID,
                transform: affine_to_array(&gw),
                size: [q.w, q.h],
                colors: c,
                uv: q.uv_texels,
                ..Default::default()
            });
            n += 1;
        });
        self.text = text;
        n
    }

    /// After a build: normalises glyph uvs by the final atlas size (the
    /// atlas may have grown during the build) and turns new atlas content
    /// into texture deltas.
    fn finish_text(&mut self) {
        self.text.end_frame();
        let (aw, ah) = self.text.atlas_size();
        let (aw, ah) = (aw as f32, ah as f32);
        let count = self.header().item_count as usize;
        let items: &mut [DisplayItem] = bytemuck::cast_slice_mut(&mut self.words[HEADER_WORDS..]);
        for it in items.iter_mut().take(count) {
            if it.kind == ItemKind::Image as u32 && it.texture == crate::texture::ATLAS_TEXTURE_ID {
                it.uv = [it.uv[0] / aw, it.uv[1] / ah, it.uv[2] / aw, it.uv[3] / ah];
            }
        }
    }
}

/// Bilinear colour at `(s, t)` in `0..1` of four corner colours
/// (0xRRGGBBAA; tl, tr, bl, br), per channel, rounded.
fn bilerp(c: &[u32; 4], s: f32, t: f32) -> u32 {
    let (s, t) = (s.clamp(0.0, 1.0), t.clamp(0.0, 1.0));
    let mut out = 0u32;
    for shift in [24u32, 16, 8, 0] {
        let ch = |v: u32| ((v >> shift) & 0xFF) as f32;
        let top = ch(c[0]) + (ch(c[1]) - ch(c[0])) * s;
        let bottom = ch(c[2]) + (ch(c[3]) - ch(c[2])) * s;
        let v = top + (bottom - top) * t;
        out |= ((v + 0.5) as u32).min(255) << shift;
    }
    out
}

/// Where a node sits in its parent and how big it is.
pub fn placement(node: &Node, parent_size: (f32, f32), parent_flex: bool) -> ((f32, f32), (f32, f32)) {
    let l = &node.layout;
    if parent_flex {
        ((l.location.x, l.location.y), (l.size.width, l.size.height))
    } else if node.is_flex() {
        ((node.props.visual.x, node.props.visual.y), (l.size.width, l.size.height))
    } else if node.kind == NodeKind::Text {
        // Scene-mode text: the size the layout pass measured.
        ((node.props.visual.x, node.props.visual.y), (l.size.width, l.size.height))
    } else {
        ((node.props.visual.x, node.props.visual.y), scene_size(node.props.size, parent_size))
    }
}

/// Node space → parent space: mount, then scale and rotation about the
/// pivot. Also returns the node's unscaled origin (for its layout box).
fn local_transform(node: &Node, pos: (f32, f32), size: (f32, f32)) -> (Affine2, Vec2) {
    let v = &node.props.visual;
    let origin = Vec2::new(pos.0 - v.mount[0] * size.0, pos.1 - v.mount[1] * size.1);
    if v.rotation == 0.0 && v.scale_x == 1.0 && v.scale_y == 1.0 {
        return (Affine2::from_translation(origin), origin);
    }
    let pivot = Vec2::new(v.pivot[0] * size.0, v.pivot[1] * size.1);
    // libm's sin/cos: the same bits natively and in Wasm.
    let (s, c) = if v.rotation == 0.0 { (0.0, 1.0) } else { libm::sincosf(v.rotation) };
    let m = Mat2::from_cols(Vec2::new(c * v.scale_x, s * v.scale_x), Vec2::new(-s * v.scale_y, c * v.scale_y));
    // x' = origin + pivot + M (x - pivot)
    let t = origin + pivot - m * pivot;
    (Affine2::from_mat2_translation(m, t), origin)
}

fn affine_to_array(a: &Affine2) -> [f32; 6] {
    crate::finite::affine(*a).to_cols_array()
}

fn bounds(world: &Affine2, size: (f32, f32)) -> Aabb {
    let pts = [
        world.transform_point2(Vec2::ZERO),
        world.transform_point2(Vec2::new(size.0, 0.0)),
        world.transform_point2(Vec2::new(0.0, size.1)),
        world.transform_point2(Vec2::new(size.0, size.1)),
    ];
    let mut b = [f32::INFINITY, f32::INFINITY, f32::NEG_INFINITY, f32::NEG_INFINITY];
    for p in pts {
        b[0] = b[0].min(p.x);
        b[1] = b[1].min(p.y);
        b[2] = b[2].max(p.x);
        b[3] = b[3].max(p.y);
    }
    crate::finite::aabb(b)
}

/// Corner radii `[tl, tr, br, bl]` scaled down together so adjacent ones
/// fit each side of a `size` box, as CSS does.
fn clamp_radii(r: [f32; 4], size: (f32, f32)) -> [f32; 4] {
    // Sides top, right, bottom, left: corners i and i + 1 share side i.
    let mut f = 1.0f32;
    for i in 0..4 {
        let (sum, side) = (r[i] + r[(i + 1) % 4], if i % 2 == 0 { size.0 } else { size.1 });
        if sum > side {
            f = f.min(side / sum);
        }
    }
    if f < 1.0 { r.map(|x| x * f) } else { r }
}

fn intersects(a: &Aabb, b: &Aabb) -> bool {
    a[0] < b[2] && a[2] > b[0] && a[1] < b[3] && a[3] > b[1]
}

fn intersect(a: &Aabb, b: &Aabb) -> Aabb {
    [a[0].max(b[0]), a[1].max(b[1]), a[2].min(b[2]), a[3].min(b[3])]
}

fn with_alpha(c: u32, alpha: f32) -> u32 {
    let a = (c & 0xFF) as f32 * alpha;
    let a = (a + 0.5).clamp(0.0, 255.0) as u32;
    (c & 0xFFFF_FF00) | a
}

