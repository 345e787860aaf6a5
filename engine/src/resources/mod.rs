//! The resource manager: which images are loaded, under a device texture
//! budget.
//!
//! # Decoding lives in hosts, policy lives here
//! The engine never touches files, the network or pixels. It decides
//! *what* should be resident and tells the host with events; the host
//! loads and decodes (a loader thread natively, `fetch` +
//! `createImageBitmap` in the browser Worker), keeps the pixels in its
//! painter under the engine's texture id, and answers with a command:
//!
//! ```text
//! engine ── 0x87 IMAGE_REQUEST {texture, src} ──▶ host (decode)
//! engine ◀── op 16 IMAGE_LOADED {texture, w, h, byte_size} ── host
//!        ◀── op 17 IMAGE_FAILED {texture, reason, message} ──
//! engine ── 0x88 IMAGE_RELEASE {texture} ──▶ host (free the pixels)
//! engine ── 0x89 IMAGE_STATE {node, loaded|failed|released, reason} ──▶ app
//! ```
//!
//! # Policy
//! * **Sharing.** One texture per distinct `src`, shared by every image
//!   node showing it (a reference count of bound nodes). When no node
//!   refers to a `src` any more its texture is released at once.
//! * **Range.** After every display-list build, an image node is *on
//!   screen* when its layout box meets the viewport, and *wanted* when it
//!   meets the viewport grown by its `preload` margin (default: half the
//!   viewport's larger side). Wanted textures that are not resident are
//!   requested — on-screen ones first, then by distance to the viewport.
//! * **Throttle.** At most [`Limits::requests_per_frame`] requests go out
//!   per frame, and only [`Limits::requests_per_frame_animating`] while
//!   animations run (decoding and uploading compete with the animation for
//!   the device), with at most [`Limits::max_in_flight`] outstanding.
//! * **Budget.** Every resident texture's `byte_size` (plus the glyph
//!   atlas, [`Resources::set_atlas_bytes`]) is charged to the budget
//!   ([`Resources::set_budget`]; 0 = unlimited). A request is only issued
//!   when its expected size (the texture's size if it was loaded before,
//!   else the mean of resident images) fits next to what is resident and
//!   in flight. To make room, textures that are not on screen are released
//!   **least recently wanted first**: textures beyond every margin before
//!   wanted ones, and wanted-but-off-screen ones only to make room for an
//!   on-screen image. When nothing can be freed the request waits (it is
//!   retried every frame). An answer that no longer fits is released again
//!   at once (`IMAGE_RELEASE`) and re-requested when there is room; an
//!   image larger than the whole budget fails with
//!   [`reason::OVER_BUDGET`]. So the resident total never exceeds the
//!   budget at the end of any frame.
//! * **Stale answers.** An `IMAGE_LOADED` for a texture the engine no
//!   longer wants (released meanwhile, or from before a host recovery) is
//!   answered with `IMAGE_RELEASE` so the host frees the pixels; never an
//!   error.
//!
//! Image texture ids are `1..0x8000_0000`; ids from `0x8000_0000` up are
//! engine-owned textures (the glyph atlas, [`crate::display_list`]).
//!
//! The build ([`crate::build`]) asks [`Resources::resident`] for each
//! image node's `src`: a resident texture becomes an `Image` item placed
//! per `fit`, anything else the placeholder rectangle.

use rustc_hash::FxHashMap as HashMap;

use crate::protocol::events::EventWriter;
use crate::scene::{Scene, Slot};

pub use reel_wire::resources::{reason, state};

/// First engine-owned texture id; image ids stay below it.
pub const ENGINE_TEXTURE_BASE: u32 = 0x8000_0000;

/// Request throttles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Requests issued per frame when nothing animates.
    pub requests_per_frame: u32,
    /// Requests issued per frame while animations run.
    pub requests_per_frame_animating: u32,
    /// Requests outstanding at once.
    pub max_in_flight: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self { requests_per_frame: 8, requests_per_frame_animating: 2, max_in_flight: 16 }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Not resident, not requested.
    Idle,
    /// Requested; `estimate` bytes reserved.
    Requested,
    /// Resident.
    Loaded,
    /// Failed with a reason; not retried while bound.
    Failed(u32),
}

#[derive(Clone, Debug)]
struct Tex {
    src: String,
    state: State,
    width: u32,
    height: u32,
    /// Size of the last load (0: never loaded).
    bytes: u32,
    /// Bytes reserved while requested.
    estimate: u32,
    /// Bound nodes.
    refs: u32,
    /// Frame in which it was last wanted (LRU clock).
    last_used: u32,
    wanted: bool,
    on_screen: bool,
    /// Distance of the nearest bound node to the viewport (px).
    distance: f32,
}

/// What the manager holds, for stats, tests and hosts.
///
/// `repr(C)`, 72 bytes, little-endian on every target: hosts read it out of
/// linear memory through `reel_resource_stats_ptr` ([`crate::abi`]) — the
/// per-frame [`FrameStats`](crate::protocol::events::FrameStats) carries only
/// the total, this splits it (images vs glyph atlas) and adds the counters.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable)]
pub struct ResourceStats {
    /// Bytes charged to the budget: resident images plus the atlas.
    pub texture_bytes: u64,
    /// Resident image bytes.
    pub image_bytes: u64,
    /// Glyph atlas bytes.
    pub atlas_bytes: u64,
    /// The budget (0 = unlimited).
    pub budget: u64,
    /// Requests issued so far.
    pub requests: u64,
    /// Textures evicted to make room so far.
    pub evictions: u64,
    /// Highest `texture_bytes` at the end of any frame.
    pub peak_texture_bytes: u64,
    /// Resident image textures.
    pub resident: u32,
    /// Requests outstanding.
    pub in_flight: u32,
    /// Wanted textures neither resident nor requested (waiting for room
    /// or for the throttle).
    pub waiting: u32,
    /// Always 0 (keeps the size a multiple of 8).
    pub reserved: u32,
}

impl ResourceStats {
    /// Size in bytes of the ABI form.
    pub const SIZE: usize = 72;

    /// Reads the ABI form (as `reel_resource_stats_ptr` points at); `None`
    /// when `bytes` is shorter than [`Self::SIZE`].
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        bytes.get(..Self::SIZE).map(bytemuck::pod_read_unaligned)
    }
}

const _: () = assert!(core::mem::size_of::<ResourceStats>() == ResourceStats::SIZE);

/// `textures.get_mut(&id)`, not inlined: the cold paths (a host's answer,
/// a failure, an eviction, a node's last reference) share one copy of the
/// hash lookup; the per-frame ones (`after_build`, `frame`) keep theirs.
#[inline(never)]
fn tex_mut(textures: &mut HashMap<u32, Tex>, id: u32) -> Option<&mut Tex> {
    textures.get_mut(&id)
}

/// [`Resources`]' key of an image source: its 32-bit FNV-1a hash, the same
/// on every target (`FxHasher` hashes in `usize`: 32 bits on wasm32, 64
/// natively, so its keys differed between engine.wasm and native).
fn src_key(src: &str) -> u32 {
    src.bytes().fold(0x811c_9dc5, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// The resource manager (one per engine).
#[derive(Debug)]
pub struct Resources {
    budget: u64,
    limits: Limits,
    textures: HashMap<u32, Tex>,
    /// [`src_key`] of a texture's `src` → texture id. Keyed by a 32-bit
    /// hash, not the string: the map's types are then the id map's, and
    /// engine.wasm carries no string-keyed hash map (~1 KB gzip). Each hit
    /// is checked against the texture's own `src` ([`Resources::find`]):
    /// two sources with one key cost the second one its own load (the
    /// first stays bound to its nodes), never a wrong picture.
    by_src: HashMap<u32, u32>,
    /// node id → texture id (the map's types are the scene's id map's, so
    /// engine.wasm carries one hash map instantiation for both)
    bindings: HashMap<u32, u32>,
    /// node id → generation of the last build that reached it bound (a
    /// second map of the same types rather than a tuple value: one hash map
    /// instantiation in engine.wasm)
    bound_gen: HashMap<u32, u32>,
    next_id: u32,
    used: u64,
    atlas: u64,
    inflight_bytes: u64,
    in_flight: u32,
    clock: u32,
    requests: u64,
    evictions: u64,
    peak: u64,
    candidates: Vec<(bool, f32, u32)>,
    nodes: Vec<u32>,
    /// Nodes whose texture became resident or was released: the engine
    /// touches them (their items change; `crate::build` copies untouched
    /// subtrees from the last list).
    pub touched: Vec<u32>,
}

impl Default for Resources {
    fn default() -> Self {
        Self::new()
    }
}

impl Resources {
    /// No textures, no budget.
    pub fn new() -> Self {
        Self {
            budget: 0,
            limits: Limits::default(),
            textures: HashMap::default(),
            by_src: HashMap::default(),
            bindings: HashMap::default(),
            bound_gen: HashMap::default(),
            next_id: 1,
            used: 0,
            atlas: 0,
            inflight_bytes: 0,
            in_flight: 0,
            clock: 0,
            requests: 0,
            evictions: 0,
            peak: 0,
            candidates: Vec::new(),
            nodes: Vec::new(),
            touched: Vec::new(),
        }
    }

    /// Sets the texture budget in bytes (0 = unlimited). Takes effect at
    /// the next frame: textures over it are evicted as usual.
    pub fn set_budget(&mut self, bytes: u64) {
        self.budget = bytes;
    }

    /// The budget (0 = unlimited).
    pub fn budget(&self) -> u64 {
        self.budget
    }

    /// Sets the request throttles.
    pub fn set_limits(&mut self, limits: Limits) {
        self.limits = limits;
    }

    /// Charges the glyph atlas's size to the budget.
    pub fn set_atlas_bytes(&mut self, bytes: u64) {
        self.atlas = bytes;
    }

    /// The figures.
    pub fn stats(&self) -> ResourceStats {
        let waiting = self.textures.values().filter(|t| t.wanted && t.state == State::Idle).count() as u32;
        ResourceStats {
            texture_bytes: self.used + self.atlas,
            image_bytes: self.used,
            atlas_bytes: self.atlas,
            budget: self.budget,
            resident: self.textures.values().filter(|t| t.state == State::Loaded).count() as u32,
            in_flight: self.in_flight,
            waiting,
            requests: self.requests,
            evictions: self.evictions,
            peak_texture_bytes: self.peak,
            reserved: 0,
        }
    }

    /// Bytes charged to the budget now.
    pub fn texture_bytes(&self) -> u64 {
        self.used + self.atlas
    }

    /// The resident texture for `src`: `(texture id, width, height)`.
    pub fn resident(&self, src: &str) -> Option<(u32, u32, u32)> {
        self.loaded(self.find(src)?)
    }

    /// The resident texture node `node` shows for `src`: its binding's
    /// (a texture it shares with no source under the same key, see
    /// `by_src`), else, before its first binding, the one `src` has.
    pub fn resident_for(&self, node: u32, src: &str) -> Option<(u32, u32, u32)> {
        let bound = self.bindings.get(&node).copied().filter(|id| self.textures.get(id).is_some_and(|t| t.src == src));
        self.loaded(bound.or_else(|| self.find(src))?)
    }

    fn loaded(&self, id: u32) -> Option<(u32, u32, u32)> {
        let t = self.textures.get(&id)?;
        (t.state == State::Loaded).then_some((id, t.width, t.height))
    }

    /// The texture id bound for `src`, whatever its state.
    pub fn texture_of(&self, src: &str) -> Option<u32> {
        self.find(src)
    }

    /// The texture of `src`, if one is known under its key and has it.
    fn find(&self, src: &str) -> Option<u32> {
        let id = *self.by_src.get(&src_key(src))?;
        self.textures.get(&id).is_some_and(|t| t.src == src).then_some(id)
    }

    fn fits(&self, extra: u64) -> bool {
        self.budget == 0 || self.used + self.atlas + self.inflight_bytes + extra <= self.budget
    }

    fn nodes_of(&mut self, tex: u32) {
        self.nodes.clear();
        for (&node, &t) in &self.bindings {
            if t == tex {
                self.nodes.push(node);
            }
        }
        // Deterministic event order.
        self.nodes.sort_unstable();
    }

    fn notify(&mut self, tex: u32, st: u32, why: u32, events: &mut EventWriter) {
        self.nodes_of(tex);
        for &n in &self.nodes {
            events.image_state(n, st, why);
            if st != state::FAILED {
                self.touched.push(n);
            }
        }
    }

    /// Drops one node's reference; frees the texture when it was the last.
    fn unref(&mut self, tex: u32, events: &mut EventWriter) {
        let Some(t) = tex_mut(&mut self.textures, tex) else {
            return;
        };
        t.refs = t.refs.saturating_sub(1);
        if t.refs > 0 {
            return;
        }
        let Some(t) = self.textures.remove(&tex) else {
            return;
        };
        let key = src_key(&t.src);
        if self.by_src.get(&key) == Some(&tex) {
            self.by_src.remove(&key);
        }
        match t.state {
            State::Loaded => {
                self.used -= u64::from(t.bytes);
                events.image_release(tex);
            }
            State::Requested => {
                self.inflight_bytes -= u64::from(t.estimate);
                self.in_flight -= 1;
                events.image_release(tex);
            }
            State::Idle | State::Failed(_) => {}
        }
    }

    /// Binds every drawn image node of the last build to its `src`'s
    /// texture and works out which textures are wanted and on screen.
    /// `images` are the image nodes the build reached; `viewport` its size.
    /// `gen` is the build's generation; `culled` says whether a node is in a subtree the build
    /// skipped (its image nodes stay bound: not reached, not gone).
    pub fn after_build(&mut self, scene: &Scene, images: &[Slot], gen: u32, culled: &dyn Fn(Slot) -> bool, events: &mut EventWriter) {
        self.clock = self.clock.wrapping_add(1);
        let (vw, vh) = (scene.viewport.0 as f32, scene.viewport.1 as f32);
        let default_margin = vw.max(vh) * 0.5;
        for t in self.textures.values_mut() {
            t.wanted = false;
            t.on_screen = false;
            t.distance = f32::INFINITY;
        }
        for &slot in images {
            let node = scene.node(slot);
            let id = node.id;
            let bound = self.bindings.get(&id).copied();
            if node.src().is_empty() {
                if let Some(tex) = bound {
                    self.bindings.remove(&id);
                    self.bound_gen.remove(&id);
                    self.unref(tex, events);
                }
                continue;
            }
            let tex = match bound {
                Some(tex) if self.textures.get(&tex).is_some_and(|t| t.src == node.src()) => tex,
                _ => {
                    if let Some(old) = bound {
                        self.bindings.remove(&id);
                        self.unref(old, events);
                    }
                    let tex = match self.find(node.src()) {
                        Some(t) => t,
                        None => {
                            let t = self.next_id;
                            self.next_id = if t + 1 >= ENGINE_TEXTURE_BASE { 1 } else { t + 1 };
                            self.by_src.insert(src_key(node.src()), t);
                            self.textures.insert(
                                t,
                                Tex {
                                    src: node.src().to_owned(),
                                    state: State::Idle,
                                    width: 0,
                                    height: 0,
                                    bytes: 0,
                                    estimate: 0,
                                    refs: 0,
                                    last_used: self.clock,
                                    wanted: false,
                                    on_screen: false,
                                    distance: f32::INFINITY,
                                },
                            );
                            t
                        }
                    };
                    self.bindings.insert(id, tex);
                    if let Some(t) = self.textures.get_mut(&tex) {
                        t.refs += 1;
                        match t.state {
                            State::Loaded => events.image_state(id, state::LOADED, 0),
                            State::Failed(r) => events.image_state(id, state::FAILED, r),
                            _ => {}
                        }
                    }
                    tex
                }
            };
            self.bound_gen.insert(id, gen);
            let g = node.geom;
            let margin = node.props.visual.preload.unwrap_or(default_margin);
            let dx = (0.0 - g[2]).max(g[0] - vw).max(0.0);
            let dy = (0.0 - g[3]).max(g[1] - vh).max(0.0);
            let distance = dx.max(dy);
            let on_screen = g[0] < vw && g[2] > 0.0 && g[1] < vh && g[3] > 0.0;
            let wanted = on_screen || distance < margin;
            if let Some(t) = self.textures.get_mut(&tex) {
                t.on_screen |= on_screen;
                t.wanted |= wanted;
                t.distance = t.distance.min(distance);
                if t.wanted {
                    t.last_used = self.clock;
                }
            }
        }
        // Nodes the build no longer reached (destroyed, removed, hidden).
        let mut stale = core::mem::take(&mut self.nodes);
        stale.clear();
        stale.extend(self.bound_gen.iter().filter(|(&n, &g)| g != gen && !scene.slot(n).is_some_and(|s| culled(s))).map(|(&n, _)| n));
        stale.sort_unstable();
        for &n in &stale {
            self.bound_gen.remove(&n);
            if let Some(tex) = self.bindings.remove(&n) {
                self.unref(tex, events);
            }
        }
        self.nodes = stale;
    }

    /// Releases resident textures that are not on screen, least recently
    /// wanted first (unwanted before wanted; wanted ones only when
    /// `allow_wanted`), until `extra` more bytes fit. True when they do.
    fn make_room(&mut self, extra: u64, allow_wanted: bool, events: &mut EventWriter) -> bool {
        while !self.fits(extra) {
            let victim = self
                .textures
                .iter()
                .filter(|(_, t)| t.state == State::Loaded && !t.on_screen && (allow_wanted || !t.wanted))
                .min_by_key(|(&id, t)| (t.wanted, t.last_used, id))
                .map(|(&id, _)| id);
            let Some(v) = victim else { return false };
            if let Some(t) = tex_mut(&mut self.textures, v) {
                t.state = State::Idle;
                self.used -= u64::from(t.bytes);
            }
            self.evictions += 1;
            events.image_release(v);
            self.notify(v, state::RELEASED, 0, events);
        }
        true
    }

    fn mean_resident(&self) -> Option<u32> {
        let (n, sum) = self.textures.values().filter(|t| t.bytes > 0).fold((0u64, 0u64), |(n, s), t| (n + 1, s + u64::from(t.bytes)));
        (n > 0).then(|| (sum / n) as u32)
    }

    /// Issues this frame's requests (throttled; `animating`: animations
    /// run) and enforces the budget. Returns true when something drawn
    /// changed (a texture was evicted).
    pub fn frame(&mut self, animating: bool, events: &mut EventWriter) -> bool {
        let mut changed = false;
        // A lowered budget: evict what no longer fits (never on-screen ones).
        if self.budget != 0 && self.used + self.atlas > self.budget {
            changed |= self.make_room(0, true, events);
        }
        let cap = if animating { self.limits.requests_per_frame_animating } else { self.limits.requests_per_frame };
        let mut cands = core::mem::take(&mut self.candidates);
        cands.clear();
        for (&id, t) in &self.textures {
            if t.wanted && t.state == State::Idle {
                cands.push((!t.on_screen, t.distance, id));
            }
        }
        if !cands.is_empty() {
            cands.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
            let mean = self.mean_resident();
            let mut issued = 0;
            for &(off_screen, _, id) in &cands {
                if issued >= cap || self.in_flight >= self.limits.max_in_flight {
                    break;
                }
                let known = self.textures.get(&id).map_or(0, |t| t.bytes);
                let estimate = if known > 0 { Some(known) } else { mean };
                let Some(est) = estimate else {
                    // Nothing known about sizes yet: one request at a time
                    // until the first answer tells us.
                    if self.in_flight > 0 {
                        break;
                    }
                    self.issue(id, 0, events);
                    issued += 1;
                    continue;
                };
                if self.budget != 0 && u64::from(est) > self.budget {
                    self.fail(id, reason::OVER_BUDGET, events);
                    continue;
                }
                if !self.fits(u64::from(est)) {
                    let before = self.evictions;
                    let ok = self.make_room(u64::from(est), !off_screen, events);
                    changed |= self.evictions != before;
                    if !ok {
                        // Nothing more can be freed: this one (and every
                        // later, lower-priority one) waits.
                        break;
                    }
                }
                self.issue(id, est, events);
                issued += 1;
            }
        }
        self.candidates = cands;
        self.peak = self.peak.max(self.used + self.atlas);
        changed
    }

    fn issue(&mut self, id: u32, estimate: u32, events: &mut EventWriter) {
        if let Some(t) = tex_mut(&mut self.textures, id) {
            t.state = State::Requested;
            t.estimate = estimate;
            self.inflight_bytes += u64::from(estimate);
            self.in_flight += 1;
            self.requests += 1;
            events.image_request(id, &t.src);
        }
    }

    fn fail(&mut self, id: u32, why: u32, events: &mut EventWriter) {
        if let Some(t) = tex_mut(&mut self.textures, id) {
            t.state = State::Failed(why);
        }
        self.notify(id, state::FAILED, why, events);
    }

    /// Applies a host's answer (`reason` 0: loaded). Returns true when
    /// something drawn changed.
    pub fn answer(&mut self, texture: u32, width: u32, height: u32, byte_size: u32, why: u32, events: &mut EventWriter) -> bool {
        let requested = tex_mut(&mut self.textures, texture).is_some_and(|t| t.state == State::Requested);
        if !requested {
            if why == 0 {
                // Stale: nobody wants it any more. Let the host free it.
                events.image_release(texture);
            }
            return false;
        }
        if let Some(t) = tex_mut(&mut self.textures, texture) {
            self.inflight_bytes -= u64::from(t.estimate);
            self.in_flight -= 1;
            t.estimate = 0;
            t.state = State::Idle;
        }
        if why != 0 {
            self.fail(texture, why, events);
            return false;
        }
        let bytes = u64::from(byte_size);
        if self.budget != 0 && bytes > self.budget {
            events.image_release(texture);
            self.fail(texture, reason::OVER_BUDGET, events);
            return false;
        }
        let on_screen = tex_mut(&mut self.textures, texture).is_some_and(|t| t.on_screen);
        if let Some(t) = tex_mut(&mut self.textures, texture) {
            t.width = width;
            t.height = height;
            t.bytes = byte_size;
        }
        // Resident bytes must fit; in-flight reservations are set aside
        // for this check (they are only estimates).
        let reserved = core::mem::take(&mut self.inflight_bytes);
        let before = self.evictions;
        let ok = self.make_room(bytes, on_screen, events);
        self.inflight_bytes = reserved;
        let evicted = self.evictions != before;
        if !ok {
            // No room now: give the pixels back; requested again when
            // there is room (it stays wanted and Idle).
            events.image_release(texture);
            return evicted;
        }
        if let Some(t) = tex_mut(&mut self.textures, texture) {
            t.state = State::Loaded;
        }
        self.used += bytes;
        self.notify(texture, state::LOADED, 0, events);
        true
    }
}

#[cfg(test)]
mod tests;
