//! The egui debug overlay (feature `overlay`; built into
//! `target/engine-debug.wasm` by `tools/build-wasm-debug.sh`, never into the
//! production `engine.wasm`).
//!
//! The engine draws the overlay itself, on every host: egui runs inside the
//! engine, its tessellated meshes are appended to the frame's display list
//! as [`ItemKind::Mesh`] items (mesh section layout in
//! [`crate::display_list`]) wrapped in `ClipPush`/`ClipPop`, and egui's
//! textures (its font atlas) reach painters as ordinary texture deltas
//! ([`crate::texture`]; ids from [`OVERLAY_TEXTURE_BASE`]), merged into
//! the engine's delta buffer: `SET`s before drawing, `FREE`s after.
//!
//! Panels: the scene-tree inspector (the selected node's bounds are
//! highlighted on screen with [`HIGHLIGHT_FILL`]/[`HIGHLIGHT_EDGE`] `Rect`
//! items carrying the node's id; its properties, computed layout, screen
//! bounds and focus state are listed), the frame timeline (engine ms per
//! frame from the host, else frame intervals; p50/p95/p99; dropped frames;
//! a graph), memory (Wasm linear memory, texture budget, glyph atlas, egui
//! textures, nodes, JS heap when the host reports it), the message channel
//! (batches, commands and bytes per frame, queue delay) and focus (path and
//! the last keys).
//!
//! Input: [`Overlay::key`] takes DOM key codes. The blue colour key (406)
//! and F12 (123) toggle the overlay. While it is open the arrows, Enter and
//! Back/Escape are consumed: they move through the tree inspector (up/down:
//! previous/next row; right: expand, then first child; left: collapse, then
//! parent; Enter: expand/collapse; Back/Escape: close) and are also given to
//! egui as key events. `NAVIGATE` commands are routed here instead of to
//! focus navigation while the overlay is open. Pointer input (the browser's
//! mouse) goes to egui with [`Overlay::pointer`]; clicking a row selects it.
//!
//! **Cost when closed: zero egui work and no items** — [`Overlay::run`] is
//! not called, the display list is the builder's own bytes, and the only
//! per-frame work is pushing one sample into a ring buffer.

use std::collections::HashSet;


use crate::display_list::{DisplayItem, DisplayListHeader, ItemKind, MeshVertex};
use crate::protocol::events::FrameStats;
use crate::protocol::{NodeKind, NONE};
use crate::scene::{Scene, Slot, NO_SLOT, ROOT_SLOT};
use crate::texture::{DELTAS_MAGIC, DELTAS_VERSION, ENGINE_TEXTURE_BASE, FORMAT_RGBA8, TAG_FREE, TAG_SET};

/// egui's managed texture `n` is engine texture `OVERLAY_TEXTURE_BASE + n`.
pub const OVERLAY_TEXTURE_BASE: u32 = ENGINE_TEXTURE_BASE + 0x100;
/// Node id carried by the overlay's clip and mesh items.
pub const OVERLAY_NODE: u32 = 0xFFFF_FFFE;
/// Fill colour of the selected node's highlight (0xRRGGBBAA).
pub const HIGHLIGHT_FILL: u32 = 0x3CFF_6450;
/// Edge colour of the selected node's highlight.
pub const HIGHLIGHT_EDGE: u32 = 0x3CFF_64FF;

/// DOM key codes the overlay understands.
pub mod keys {
    /// Arrow left.
    pub const LEFT: u32 = 37;
    /// Arrow up.
    pub const UP: u32 = 38;
    /// Arrow right.
    pub const RIGHT: u32 = 39;
    /// Arrow down.
    pub const DOWN: u32 = 40;
    /// Enter / OK.
    pub const ENTER: u32 = 13;
    /// Backspace (Back on many remotes).
    pub const BACKSPACE: u32 = 8;
    /// Escape.
    pub const ESCAPE: u32 = 27;
    /// Back on webOS/Tizen remotes.
    pub const BACK: u32 = 461;
    /// The blue colour key: toggles the overlay.
    pub const BLUE: u32 = 406;
    /// F12: toggles the overlay.
    pub const F12: u32 = 123;
}

/// Figures only the host knows (`reel_overlay_host_stats`): defined outside
/// this feature-gated module so hosts share the one wire form.
pub use crate::host_stats::HostStats;

const HISTORY: usize = 240;

#[derive(Clone, Copy, Debug, Default)]
struct Sample {
    interval_ms: f32,
    engine_ms: f32,
    batches: u32,
    commands: u32,
    bytes: u32,
}

#[derive(Debug, Default)]
struct TexInfo {
    id: u64,
    size: [u32; 2],
}

/// The overlay's state (one per engine).
pub struct Overlay {
    ctx: egui::Context,
    open: bool,
    events: Vec<egui::Event>,
    navs: Vec<u32>,
    selected: u32,
    expanded: HashSet<u32>,
    scroll_to_selected: bool,
    rows: Vec<(u32, u32)>,
    history: Vec<Sample>,
    head: usize,
    last_time: Option<f64>,
    pending_bytes: u32,
    host: HostStats,
    host_reported: bool,
    keys: Vec<(u32, bool)>,
    words: Vec<u32>,
    deltas: Vec<u32>,
    merged: Vec<u32>,
    textures: Vec<TexInfo>,
    tex_bytes: u64,
    last_meshes: u32,
    last_vertices: u32,
    warm: bool,
}

impl core::fmt::Debug for Overlay {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Overlay").field("open", &self.open).field("selected", &self.selected).finish()
    }
}

impl Default for Overlay {
    fn default() -> Self {
        Self::new()
    }
}

mod view;
pub use view::View;

fn key_name(k: u32) -> &'static str {
    match k {
        keys::LEFT => "Left",
        keys::UP => "Up",
        keys::RIGHT => "Right",
        keys::DOWN => "Down",
        keys::ENTER => "Enter",
        keys::BACKSPACE | keys::BACK => "Back",
        keys::ESCAPE => "Escape",
        keys::BLUE => "Blue",
        keys::F12 => "F12",
        1000..=1003 => "NAVIGATE",
        _ => "key",
    }
}

impl Overlay {
    /// A closed overlay.
    pub fn new() -> Self {
        let ctx = egui::Context::default();
        ctx.set_visuals(egui::Visuals::dark());
        ctx.style_mut(|s| {
            s.animation_time = 0.0;
            s.interaction.tooltip_delay = 1.0e9;
        });
        Self {
            ctx,
            open: false,
            events: Vec::new(),
            navs: Vec::new(),
            selected: NONE,
            expanded: HashSet::new(),
            scroll_to_selected: false,
            rows: Vec::new(),
            history: vec![Sample::default(); HISTORY],
            head: 0,
            last_time: None,
            pending_bytes: 0,
            host: HostStats::default(),
            host_reported: false,
            keys: Vec::new(),
            words: Vec::new(),
            deltas: Vec::new(),
            merged: Vec::new(),
            textures: Vec::new(),
            tex_bytes: 0,
            last_meshes: 0,
            last_vertices: 0,
            warm: false,
        }
    }

    /// Whether the overlay is shown.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Shows or hides it.
    pub fn set_open(&mut self, open: bool) {
        self.open = open;
        self.scroll_to_selected = open;
    }

    /// The node selected in the tree inspector (`NONE` before the first
    /// open frame).
    pub fn selected(&self) -> u32 {
        self.selected
    }

    /// Mesh items and vertices of the last overlay frame.
    pub fn last_mesh_stats(&self) -> (u32, u32) {
        (self.last_meshes, self.last_vertices)
    }

    fn note_key(&mut self, code: u32, consumed: bool) {
        if self.keys.len() == 8 {
            self.keys.remove(0);
        }
        self.keys.push((code, consumed));
    }

    /// A key press (DOM key code). Returns true when the overlay consumed
    /// it (the host must not give it to the app).
    pub fn key(&mut self, code: u32) -> bool {
        let consumed = match code {
            keys::BLUE | keys::F12 => {
                let o = !self.open;
                self.set_open(o);
                true
            }
            _ if !self.open => false,
            keys::LEFT | keys::UP | keys::RIGHT | keys::DOWN | keys::ENTER => {
                let (key, nav) = match code {
                    keys::LEFT => (egui::Key::ArrowLeft, 0),
                    keys::RIGHT => (egui::Key::ArrowRight, 1),
                    keys::UP => (egui::Key::ArrowUp, 2),
                    keys::DOWN => (egui::Key::ArrowDown, 3),
                    _ => (egui::Key::Enter, 4),
                };
                self.navs.push(nav);
                for pressed in [true, false] {
                    self.events.push(egui::Event::Key {
                        key,
                        physical_key: None,
                        pressed,
                        repeat: false,
                        modifiers: egui::Modifiers::NONE,
                    });
                }
                true
            }
            keys::BACKSPACE | keys::ESCAPE | keys::BACK => {
                self.set_open(false);
                true
            }
            _ => false,
        };
        self.note_key(code, consumed);
        consumed
    }

    /// A `NAVIGATE` command while the overlay is open (`dir` 0 left,
    /// 1 right, 2 up, 3 down): moves through the tree inspector.
    pub fn navigate(&mut self, dir: u32) {
        let code = [keys::LEFT, keys::RIGHT, keys::UP, keys::DOWN][dir.min(3) as usize];
        self.key(code);
        if let Some(k) = self.keys.last_mut() {
            k.0 = 1000 + dir.min(3);
        }
    }

    /// Pointer input in viewport pixels: `action` 0 move, 1 press, 2 release.
    pub fn pointer(&mut self, x: f32, y: f32, action: u32, ppp: f32) {
        let pos = egui::pos2(x / ppp, y / ppp);
        self.events.push(egui::Event::PointerMoved(pos));
        if action == 1 || action == 2 {
            self.events.push(egui::Event::PointerButton {
                pos,
                button: egui::PointerButton::Primary,
                pressed: action == 1,
                modifiers: egui::Modifiers::NONE,
            });
        }
    }

    /// Host-reported figures for the panels.
    pub fn set_host_stats(&mut self, s: HostStats) {
        self.host = s;
        self.host_reported = true;
        let i = (self.head + HISTORY - 1) % HISTORY;
        self.history[i].engine_ms = s.engine_ms;
        if s.batch_bytes > 0 {
            self.history[i].bytes = s.batch_bytes;
        }
    }

    /// Bytes of a batch the engine applied (channel panel).
    pub fn note_batch(&mut self, bytes: usize) {
        self.pending_bytes = self.pending_bytes.saturating_add(bytes as u32);
    }

    /// Records one frame's figures (cheap; done whether open or not so the
    /// timeline has history when it opens).
    pub fn record(&mut self, stats: &FrameStats) {
        let interval = self.last_time.map_or(0.0, |t| (stats.time_ms - t) as f32);
        self.last_time = Some(stats.time_ms);
        self.history[self.head] = Sample {
            interval_ms: interval,
            engine_ms: 0.0,
            batches: stats.batches,
            commands: stats.commands,
            bytes: self.pending_bytes,
        };
        self.pending_bytes = 0;
        self.head = (self.head + 1) % HISTORY;
    }

    /// The composed display list (scene + overlay) of the last open frame.
    pub fn list_bytes(&self) -> &[u8] {
        bytemuck::cast_slice(&self.words)
    }

    /// Whether the overlay has texture deltas pending.
    pub fn has_deltas(&self) -> bool {
        !self.deltas.is_empty()
    }

    /// The engine's deltas (`text`) followed by the overlay's, as one buffer.
    pub fn merged_deltas(&self) -> &[u8] {
        bytemuck::cast_slice(&self.merged)
    }

    /// Recomputes the merged delta buffer.
    pub fn merge_deltas(&mut self, text: &[u8]) {
        self.merged.clear();
        if self.deltas.is_empty() {
            return;
        }
        let tw: &[u32] = &words_of(text);
        let (tcount, tbody) = if tw.len() >= 4 { (tw[2], &tw[4..]) } else { (0, &[][..]) };
        self.merged.extend_from_slice(&[DELTAS_MAGIC, DELTAS_VERSION, tcount + self.deltas[2], 0]);
        self.merged.extend_from_slice(tbody);
        self.merged.extend_from_slice(&self.deltas[4..]);
        self.merged[3] = (self.merged.len() * 4) as u32;
    }

    /// Drops the overlay's pending deltas (the host applied them).
    pub fn clear_deltas(&mut self) {
        self.deltas.clear();
        self.merged.clear();
    }

    fn begin_record(&mut self) {
        if self.deltas.is_empty() {
            self.deltas.extend_from_slice(&[DELTAS_MAGIC, DELTAS_VERSION, 0, 0]);
        }
        self.deltas[2] += 1;
    }

    fn apply_textures(&mut self, delta: egui::TexturesDelta) {
        for (id, d) in delta.set {
            let egui::ImageData::Color(img) = &d.image;
            let (w, h) = (img.size[0] as u32, img.size[1] as u32);
            let key = tex_key(id);
            let idx = match self.textures.iter().position(|t| t.id == key) {
                Some(i) => i,
                None => {
                    self.textures.push(TexInfo { id: key, size: [0, 0] });
                    self.textures.len() - 1
                }
            };
            let (x, y) = match d.pos {
                Some([x, y]) => (x as u32, y as u32),
                None => {
                    let old = self.textures[idx].size;
                    self.tex_bytes = self.tex_bytes - u64::from(old[0] * old[1] * 4) + u64::from(w * h * 4);
                    self.textures[idx].size = [w, h];
                    (0, 0)
                }
            };
            let [fw, fh] = self.textures[idx].size;
            if x + w > fw || y + h > fh {
                continue;
            }
            self.begin_record();
            self.deltas.extend_from_slice(&[TAG_SET, engine_tex(id), x, y, w, h, fw, fh, FORMAT_RGBA8]);
            self.deltas.reserve(img.pixels.len());
            for p in &img.pixels {
                self.deltas.push(u32::from_le_bytes(p.to_srgba_unmultiplied()));
            }
            self.deltas[3] = (self.deltas.len() * 4) as u32;
        }
        for id in delta.free {
            self.begin_record();
            self.deltas.extend_from_slice(&[TAG_FREE, engine_tex(id)]);
            self.deltas[3] = (self.deltas.len() * 4) as u32;
            let key = tex_key(id);
            if let Some(i) = self.textures.iter().position(|t| t.id == key) {
                let s = self.textures[i].size;
                self.tex_bytes -= u64::from(s[0] * s[1] * 4);
                self.textures.swap_remove(i);
            }
        }
    }

    fn flatten(&mut self, scene: &Scene) {
        self.rows.clear();
        let mut stack: Vec<(Slot, u32)> = vec![(ROOT_SLOT, 0)];
        while let Some((s, depth)) = stack.pop() {
            let n = scene.node(s);
            self.rows.push((n.id, depth));
            if self.expanded.contains(&n.id) {
                for &c in n.children.iter().rev() {
                    stack.push((c, depth + 1));
                }
            }
        }
    }

    fn expand_to(&mut self, scene: &Scene, id: u32) {
        let Some(mut s) = scene.slot(id) else { return };
        loop {
            let p = scene.node(s).parent;
            if p == NO_SLOT {
                break;
            }
            self.expanded.insert(scene.node(p).id);
            s = p;
        }
    }

    fn process_navs(&mut self, scene: &Scene, focused: u32) {
        if scene.slot(self.selected).is_none() {
            self.selected = if scene.slot(focused).is_some() { focused } else { 0 };
            self.expanded.insert(0);
            self.expand_to(scene, self.selected);
        }
        let navs = core::mem::take(&mut self.navs);
        for &nav in &navs {
            self.flatten(scene);
            let idx = self.rows.iter().position(|r| r.0 == self.selected).unwrap_or(0);
            let Some(slot) = scene.slot(self.selected) else { continue };
            let node = scene.node(slot);
            let has_children = !node.children.is_empty();
            let expanded = self.expanded.contains(&self.selected);
            match nav {
                2 => self.selected = self.rows[idx.saturating_sub(1)].0,
                3 => self.selected = self.rows[(idx + 1).min(self.rows.len() - 1)].0,
                1 if has_children && !expanded => {
                    self.expanded.insert(self.selected);
                }
                1 if has_children => self.selected = scene.node(node.children[0]).id,
                0 if has_children && expanded => {
                    self.expanded.remove(&self.selected);
                }
                0 if node.parent != NO_SLOT => self.selected = scene.node(node.parent).id,
                4 if has_children => {
                    if !self.expanded.remove(&self.selected) {
                        self.expanded.insert(self.selected);
                    }
                }
                _ => {}
            }
            self.scroll_to_selected = true;
        }
        self.navs = navs;
        self.navs.clear();
        self.flatten(scene);
    }

    /// Runs egui for one frame and composes the scene's list with the
    /// overlay's items. Only called while the overlay is open.
    pub fn run(&mut self, view: &View<'_>) {
        let hdr: DisplayListHeader = bytemuck::pod_read_unaligned(&view.base[..32]);
        let (vw, vh) = (hdr.viewport_w, hdr.viewport_h);
        let ppp = pixels_per_point(vh);
        self.process_navs(view.scene, view.stats.focused);

        let mut raw = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(vw / ppp, vh / ppp))),
            time: Some(view.stats.time_ms / 1000.0),
            focused: true,
            max_texture_side: Some(4096),
            events: core::mem::take(&mut self.events),
            ..Default::default()
        };
        raw.viewports.entry(egui::ViewportId::ROOT).or_default().native_pixels_per_point = Some(ppp);
        let ctx = self.ctx.clone();
        if !self.warm {
            // egui lays windows out invisibly on their first pass: run one
            // warm-up pass so the frame that opens the overlay shows it.
            let mut first = raw.clone();
            first.events.clear();
            let out = ctx.run(first, |ctx| self.ui(ctx, view));
            self.apply_textures(out.textures_delta);
            self.warm = true;
        }
        let out = ctx.run(raw, |ctx| self.ui(ctx, view));
        self.apply_textures(out.textures_delta);
        let prims = ctx.tessellate(out.shapes, out.pixels_per_point);

        // Compose: the scene's items, the highlight, then the meshes.
        let items_end = 8 + hdr.item_count as usize * 20;
        self.words.clear();
        self.words.extend_from_slice(&words_of(&view.base[..items_end * 4]));
        let mut items: Vec<DisplayItem> = Vec::new();
        if let Some(n) = view.scene.get(self.selected) {
            let [x0, y0, x1, y1] = n.geom;
            if x1 > x0 && y1 > y0 && x0.is_finite() && y1.is_finite() {
                let rect = |x: f32, y: f32, w: f32, h: f32, c: u32| DisplayItem {
                    kind: ItemKind::Rect as u32,
                    node: n.id,
                    transform: [1.0, 0.0, 0.0, 1.0, x, y],
                    size: [w.max(0.0), h.max(0.0)],
                    colors: [c; 4],
                    ..Default::default()
                };
                let (w, h) = (x1 - x0, y1 - y0);
                items.push(rect(x0, y0, w, h, HIGHLIGHT_FILL));
                items.push(rect(x0, y0, w, 2.0, HIGHLIGHT_EDGE));
                items.push(rect(x0, y1 - 2.0, w, 2.0, HIGHLIGHT_EDGE));
                items.push(rect(x0, y0, 2.0, h, HIGHLIGHT_EDGE));
                items.push(rect(x1 - 2.0, y0, 2.0, h, HIGHLIGHT_EDGE));
            }
        }
        let mut vertices: Vec<MeshVertex> = Vec::new();
        let mut indices: Vec<u32> = Vec::new();
        let mut meshes = 0;
        for p in prims {
            let egui::epaint::Primitive::Mesh(mesh) = p.primitive else { continue };
            if mesh.indices.is_empty() {
                continue;
            }
            let c = p.clip_rect;
            let cx0 = (c.min.x * ppp).clamp(0.0, vw);
            let cy0 = (c.min.y * ppp).clamp(0.0, vh);
            let cx1 = (c.max.x * ppp).clamp(cx0, vw);
            let cy1 = (c.max.y * ppp).clamp(cy0, vh);
            let base = vertices.len() as u32;
            let first = indices.len() as u32;
            vertices.extend(mesh.vertices.iter().map(|v| MeshVertex {
                pos: [v.pos.x * ppp, v.pos.y * ppp],
                uv: [v.uv.x, v.uv.y],
                color: v.color.to_array(),
            }));
            indices.extend(mesh.indices.iter().map(|i| i + base));
            items.push(DisplayItem {
                kind: ItemKind::ClipPush as u32,
                node: OVERLAY_NODE,
                transform: [1.0, 0.0, 0.0, 1.0, cx0, cy0],
                size: [cx1 - cx0, cy1 - cy0],
                ..Default::default()
            });
            items.push(DisplayItem {
                kind: ItemKind::Mesh as u32,
                node: OVERLAY_NODE,
                texture: engine_tex(mesh.texture_id),
                colors: [first, mesh.indices.len() as u32, 0, 0],
                ..Default::default()
            });
            items.push(DisplayItem { kind: ItemKind::ClipPop as u32, node: OVERLAY_NODE, ..Default::default() });
            meshes += 1;
        }
        self.last_meshes = meshes;
        self.last_vertices = vertices.len() as u32;
        self.words.extend_from_slice(bytemuck::cast_slice(&items));
        self.words.extend_from_slice(bytemuck::cast_slice(&vertices));
        self.words.extend_from_slice(&indices);
        self.words[2] = hdr.item_count + items.len() as u32;
        self.words[6] = vertices.len() as u32;
        self.words[7] = indices.len() as u32;
    }

    fn percentiles(&self) -> (bool, [f32; 3], f32, u32) {
        let use_engine = self.host_reported;
        let mut v: Vec<f32> = self
            .history
            .iter()
            .map(|s| if use_engine { s.engine_ms } else { s.interval_ms })
            .filter(|&x| x > 0.0)
            .collect();
        v.sort_by(f32::total_cmp);
        let pick = |q: f32| -> f32 {
            if v.is_empty() {
                0.0
            } else {
                v[((v.len() - 1) as f32 * q).round() as usize]
            }
        };
        let last = self.history[(self.head + HISTORY - 1) % HISTORY];
        let budget = 1000.0 / 60.0;
        let dropped_local = self.history.iter().filter(|s| s.interval_ms > budget * 1.5).count() as u32;
        let dropped = if self.host_reported { self.host.dropped_frames } else { dropped_local };
        (use_engine, [pick(0.5), pick(0.95), pick(0.99)], if use_engine { self.host.engine_ms } else { last.interval_ms }, dropped)
    }

    fn ui(&mut self, ctx: &egui::Context, view: &View<'_>) {
        let screen = ctx.screen_rect();
        let frame = egui::Frame::window(&ctx.style()).fill(egui::Color32::from_rgba_unmultiplied(20, 22, 28, 225));
        let scene = view.scene;
        let body_h = screen.height() - 60.0;

        egui::Window::new("Scene tree")
            .frame(frame)
            .fixed_pos(egui::pos2(8.0, 8.0))
            .fixed_size(egui::vec2(330.0, body_h))
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                let tree_h = (body_h * 0.55).max(80.0);
                egui::ScrollArea::vertical().id_salt("tree").max_height(tree_h).auto_shrink([false, false]).show(
                    ui,
                    |ui| {
                        // One line per row: long labels are cut with "…", not wrapped.
                        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                        let rows = core::mem::take(&mut self.rows);
                        for &(id, depth) in &rows {
                            let Some(n) = scene.get(id) else { continue };
                            let arrow = if n.children.is_empty() {
                                "  "
                            } else if self.expanded.contains(&id) {
                                "v "
                            } else {
                                "> "
                            };
                            let kind = kind_name(n.kind);
                            let mut label = format!("{}{}#{} {}", "   ".repeat(depth as usize), arrow, id, kind);
                            if n.kind == NodeKind::Text && !n.text().is_empty() {
                                let t: String = n.text().chars().take(18).collect();
                                label.push_str(&format!(" \"{t}\""));
                            }
                            if id == view.stats.focused {
                                label.push_str("  [focus]");
                            }
                            let r = ui.selectable_label(id == self.selected, egui::RichText::new(label).monospace());
                            if r.clicked() {
                                self.selected = id;
                            }
                            if id == self.selected && self.scroll_to_selected {
                                r.scroll_to_me(Some(egui::Align::Center));
                            }
                        }
                        self.rows = rows;
                    },
                );
                self.scroll_to_selected = false;
                ui.separator();
                self.node_panel(ui, view);
            });

        egui::Window::new("Engine")
            .frame(frame)
            .fixed_pos(egui::pos2(screen.width() - 8.0 - 330.0, 8.0))
            .fixed_size(egui::vec2(330.0, body_h))
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| self.stats_panel(ui, view));
    }

    fn node_panel(&self, ui: &mut egui::Ui, view: &View<'_>) {
        let scene = view.scene;
        let Some(slot) = scene.slot(self.selected) else {
            ui.label("no node selected");
            return;
        };
        let n = scene.node(slot);
        let v = &n.props.visual;
        let l = scene.placed(slot);
        let focused = view.stats.focused;
        let in_path = scene.slot(focused).is_some_and(|f| scene.is_ancestor_or_self(slot, f));
        ui.label(egui::RichText::new(format!("#{} {}", n.id, kind_name(n.kind))).strong());
        egui::Grid::new("props").num_columns(2).spacing([12.0, 2.0]).show(ui, |ui| {
            let mut row = |k: &str, val: String| {
                ui.label(k);
                ui.monospace(val);
                ui.end_row();
            };
            let parent = if n.parent == NO_SLOT { "-".to_string() } else { format!("#{}", scene.node(n.parent).id) };
            row("parent / children", format!("{} / {}", parent, n.children.len()));
            row("x, y", format!("{} , {}", n.props.x, n.props.y));
            let layout = if l.size.width == 0.0 && l.size.height == 0.0 && !n.is_flex() {
                "- (positioned)".to_string()
            } else {
                format!("{}x{} at {},{}", l.size.width, l.size.height, l.location.x, l.location.y)
            };
            row("flex layout", layout);
            let [x0, y0, x1, y1] = n.geom;
            row("screen", format!("{:.0},{:.0} {:.0}x{:.0}", x0, y0, x1 - x0, y1 - y0));
            row("alpha / z", format!("{} / {}", n.props.alpha, n.props.z_index));
            row("scale / rot", format!("{}x{} / {}", v.scale_x, v.scale_y, v.rotation));
            row("visible / clip", format!("{} / {}", n.props.visible, n.props.clipping));
            row("color", format!("{:08x}", n.props.colors[0]));
            let focus = if n.id == focused {
                "FOCUSED"
            } else if in_path {
                "in focus path"
            } else if v.focusable {
                "focusable"
            } else {
                "-"
            };
            row("focus", focus.to_string());
            if !n.src().is_empty() {
                row("src", n.src().chars().take(28).collect());
            }
        });
    }

    fn stats_panel(&self, ui: &mut egui::Ui, view: &View<'_>) {
        let st = view.stats;
        let (engine, [p50, p95, p99], last, dropped) = self.percentiles();
        let what = if engine { "engine ms" } else { "frame interval ms" };
        ui.label(egui::RichText::new(format!("Frame {}  ({what})", st.frame)).strong());
        ui.monospace(format!("last {last:.2}  p50 {p50:.2}  p95 {p95:.2}  p99 {p99:.2}"));
        ui.monospace(format!("dropped {dropped}  items {}  culled {}  layout {}", st.dl_items, st.culled, st.layout_nodes));
        // The graph: the last 120 frames, budget line at 16.7 ms.
        let (rect, _) = ui.allocate_exact_size(egui::vec2(310.0, 56.0), egui::Sense::hover());
        let p = ui.painter();
        p.rect_filled(rect, 2.0, egui::Color32::from_gray(30));
        let n = 120usize;
        let scale = 33.3f32;
        let bw = rect.width() / n as f32;
        for i in 0..n {
            let s = self.history[(self.head + HISTORY - n + i) % HISTORY];
            let ms = if engine { s.engine_ms } else { s.interval_ms };
            let h = (ms / scale).clamp(0.0, 1.0) * rect.height();
            let col = if ms > 16.7 { egui::Color32::from_rgb(230, 80, 60) } else { egui::Color32::from_rgb(90, 200, 120) };
            let x = rect.left() + i as f32 * bw;
            p.rect_filled(egui::Rect::from_min_max(egui::pos2(x, rect.bottom() - h), egui::pos2(x + bw, rect.bottom())), 0.0, col);
        }
        let y = rect.bottom() - 16.7 / scale * rect.height();
        p.hline(rect.x_range(), y, egui::Stroke::new(1.0, egui::Color32::YELLOW));
        ui.separator();

        ui.label(egui::RichText::new("Memory").strong());
        let r = view.resources.stats();
        let (aw, ah) = view.text.atlas_size();
        let mb = |b: u64| b as f64 / (1024.0 * 1024.0);
        egui::Grid::new("mem").num_columns(2).spacing([12.0, 2.0]).show(ui, |ui| {
            let mut row = |k: &str, val: String| {
                ui.label(k);
                ui.monospace(val);
                ui.end_row();
            };
            row("wasm memory", if st.memory_bytes == 0 { "native".into() } else { format!("{:.1} MB", mb(st.memory_bytes.into())) });
            let budget = if r.budget == 0 { "unlimited".to_string() } else { format!("{:.1} MB", mb(r.budget)) };
            row("textures", format!("{:.2} MB / {budget}", mb(r.texture_bytes)));
            row("images", format!("{} resident, {} loading", r.resident, r.in_flight));
            row("glyph atlas", format!("{aw}x{ah}, {} glyphs", view.text.atlas().len()));
            row("overlay tex", format!("{:.2} MB", mb(self.tex_bytes)));
            row("nodes", format!("{}", scene_len(view.scene)));
            let heap = if self.host.js_heap_bytes == 0 {
                "not reported".to_string()
            } else {
                format!("{:.1} / {:.0} MB", mb(self.host.js_heap_bytes.into()), mb(self.host.js_heap_limit.into()))
            };
            row("JS heap", heap);
            // The app's own thread: an app that hogs it shows here while
            // the engine's figures above stay low.
            if self.host.app_js_reported() {
                row("app JS", format!("{:.2} ms last frame", self.host.app_js_ms));
            }
        });
        ui.separator();

        ui.label(egui::RichText::new("Message channel").strong());
        let last = self.history[(self.head + HISTORY - 1) % HISTORY];
        let recent = self.history.iter().filter(|s| s.interval_ms > 0.0 || s.batches > 0).count().max(1);
        let avg_bytes = self.history.iter().map(|s| u64::from(s.bytes)).sum::<u64>() / recent as u64;
        ui.monospace(format!("batches {}  commands {}  bytes {}", last.batches, last.commands, last.bytes));
        ui.monospace(format!("avg bytes/frame {avg_bytes}  queue delay {:.2} ms", self.host.queue_delay_ms));
        ui.separator();

        ui.label(egui::RichText::new("Focus").strong());
        ui.monospace(focus_path(view.scene, st.focused));
        let mut keys = String::from("keys:");
        for &(k, consumed) in self.keys.iter().rev() {
            keys.push_str(&format!(" {}{}", key_name(k), if consumed { "*" } else { "" }));
        }
        ui.monospace(keys);
        ui.small("D-pad: tree  Enter: expand  Back: close  (* = overlay)");
    }
}

fn scene_len(scene: &Scene) -> u32 {
    scene.len()
}

fn kind_name(k: NodeKind) -> &'static str {
    match k {
        NodeKind::View => "view",
        NodeKind::Image => "image",
        NodeKind::Text => "text",
        NodeKind::Video => "video",
    }
}

fn focus_path(scene: &Scene, focused: u32) -> String {
    let Some(mut s) = scene.slot(focused) else { return "focus: none".into() };
    let mut ids = Vec::new();
    loop {
        ids.push(scene.node(s).id);
        let p = scene.node(s).parent;
        if p == NO_SLOT {
            break;
        }
        s = p;
    }
    let path: Vec<String> = ids.iter().rev().map(|i| format!("#{i}")).collect();
    format!("focus: {}", path.join(" > "))
}

fn pixels_per_point(viewport_h: f32) -> f32 {
    (viewport_h / 720.0).max(1.0)
}

fn tex_key(id: egui::TextureId) -> u64 {
    match id {
        egui::TextureId::Managed(n) => n,
        egui::TextureId::User(n) => n | (1 << 63),
    }
}

fn engine_tex(id: egui::TextureId) -> u32 {
    match id {
        egui::TextureId::Managed(n) => OVERLAY_TEXTURE_BASE + (n as u32 & 0xFF),
        egui::TextureId::User(n) => OVERLAY_TEXTURE_BASE + 0x100 + (n as u32 & 0xFF),
    }
}

/// Pixels per point for a viewport height (720 px tall = 1).
pub fn ppp_for(viewport_h: f32) -> f32 {
    pixels_per_point(viewport_h)
}

fn words_of(bytes: &[u8]) -> Vec<u32> {
    bytes.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect()
}
