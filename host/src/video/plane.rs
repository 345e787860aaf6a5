//! The emulated video pipeline: one player per video surface, decoders,
//! timing on the emulated clock, the states sent back to the engine.
//!
//! # Per host frame
//! [`VideoPlane::present`] runs once for every display list the engine
//! produced (every host frame), at that frame's emulated time:
//!
//! 1. Players follow the list's `VIDEO` items: a surface without a player
//!    gets one; a player whose surface is gone (node destroyed, moved out of
//!    its clip, hidden) is released with its decoder and textures — as the
//!    browser's plane drops its `<video>` element.
//! 2. A new player (or a new `src`) loads its file through the host's loader
//!    rules ([`crate::images::resolve`]: the bundle's files only) and opens
//!    it ([`super::clip::Clip`]): `loadedmetadata` (duration, size), or
//!    `error` with `not-found` (missing or forbidden), `decode` (corrupt) or
//!    `unsupported` (not an animated WebP). Its `poster` (an image) is shown
//!    until the first frame.
//! 3. A player the app wants playing (`paused: false`, or `autoplay` with
//!    `paused` unset) takes a decoder if one of the profile's
//!    `video.max_decoders` is free; otherwise it stays paused and gets
//!    `error` `decoder-limit`, once per play request — never silently.
//!    Pausing, ending, failing or losing the surface frees the decoder.
//! 4. The decoder's first frame is presented one host frame after the play
//!    request (the pipeline's one frame of latency): that is the time to
//!    first frame, `playing` is sent then, and the media clock runs from it
//!    with the emulated clock. Each later host frame shows the frame at the
//!    media position (frames are dropped when the device refreshes slower
//!    than the clip, repeated when faster); `timeupdate` every 0.25 s of
//!    media time, `ended` at the end (or back to 0 with `loop`). A seek
//!    (`currentTime`) moves the position; past the end it ends.
//!
//! The states are queued and go to the engine as one `VIDEO_STATE` batch
//! ([`VideoPlane::take_batch`]), which the engine forwards to the app as
//! `'video'` events. Only nodes with a surface in the list just presented
//! get states, so the engine never sees a state for a node that is gone.
//!
//! # Memory
//! A player holding a picture (its current frame, or its poster) holds one
//! RGBA8 texture of that picture's size: [`VideoPlane::texture_bytes`],
//! which the run adds to the engine's texture bytes of the same frame and
//! gates against the profile's texture budget.

use std::collections::BTreeMap;
use std::path::PathBuf;

use reel_wire::display_list::{DisplayItem, ItemKind, OwnedDisplayList};
use reel_wire::protocol::BatchBuilder;
use reel_raster::RgbaImage;
use reel_wire::video::{reason, state};
use serde::Serialize;

use super::clip::{reason_name, Clip, ClipError};
use super::composite::{self, Surface};
use super::props::Mirror;

/// `timeupdate` is sent when the position moved this far (s).
const UPDATE_STEP_S: f64 = 0.25;

#[derive(Debug, PartialEq)]
enum Phase {
    /// Not playing (never started, paused, refused).
    Idle,
    /// A decoder is starting: the first frame is presented at the first
    /// host frame after `requested_ms`.
    Starting { requested_ms: f64 },
    /// Presenting: media position = `media_ms + (t - host_ms)`.
    Playing { host_ms: f64, media_ms: f64 },
    /// Reached the end (no loop); a seek or a new play request restarts.
    Ended,
    /// Failed to load or decode.
    Failed,
}

#[derive(Debug)]
struct Player {
    src_gen: u32,
    clip: Option<Clip>,
    poster: Option<RgbaImage>,
    poster_src: String,
    phase: Phase,
    /// Position, ms (while not playing; while playing see [`Phase::Playing`]).
    position_ms: f64,
    decoder: bool,
    /// The play request (`play_gen`) last refused for decoder-limit.
    refused: Option<u32>,
    /// The play request that ended (a new one restarts from 0).
    ended_gen: Option<u32>,
    /// A frame has been presented (the poster no longer shows).
    presented: bool,
    last_index: Option<u32>,
    last_update_s: f64,
}

/// `summary.json`'s `video` section.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct VideoSummary {
    /// The profile's decoders (`video.max_decoders`).
    pub max_decoders: u32,
    /// Players created (one per video surface and `src`).
    pub players: u32,
    /// Most decoders in use at once.
    pub decoders_peak: u32,
    /// Decoders in use after the last frame.
    pub decoders_in_use: u32,
    /// Distinct video frames shown on screen.
    pub frames_presented: u64,
    /// Frames due by the clips' own rate over the media time played (one
    /// per frame interval the position entered): frames presented fall
    /// short when the device refreshes slower than the clip.
    pub frames_expected: u64,
    /// Time from each play request to its first frame, emulated ms, in order.
    pub ttff_ms: Vec<f64>,
    /// The worst of `ttff_ms` (0 without any).
    pub ttff_max_ms: f64,
    /// Play requests refused because every decoder was busy.
    pub decoder_limit_errors: u32,
    /// Every `error` sent: `node N: src: message (reason)`.
    pub errors: Vec<String>,
    /// Texture bytes the players held after the last frame.
    pub texture_bytes: u64,
    /// Most texture bytes they held after any frame.
    pub peak_texture_bytes: u64,
}

/// The host's video plane; see the module docs.
#[derive(Debug)]
pub struct VideoPlane {
    base: PathBuf,
    /// What the app asked of its video nodes (feed it accepted batches).
    pub mirror: Mirror,
    players: BTreeMap<u32, Player>,
    /// The surfaces of the last list presented, in paint order.
    surfaces: Vec<DisplayItem>,
    queued: Vec<(u32, u32, u32, f32, u32)>,
    seq: u32,
    summary: VideoSummary,
    /// Frames due so far.
    expected: u64,
}

fn position_s(ms: f64) -> f32 {
    (ms / 1000.0) as f32
}

impl VideoPlane {
    /// A plane loading files under `base` with `max_decoders` decoders.
    pub fn new(base: PathBuf, max_decoders: u32) -> Self {
        Self {
            base,
            mirror: Mirror::default(),
            players: BTreeMap::new(),
            surfaces: Vec::new(),
            queued: Vec::new(),
            seq: 0x6000_0000,
            summary: VideoSummary { max_decoders, ..VideoSummary::default() },
            expected: 0,
        }
    }

    /// Decoders in use now.
    pub fn decoders_in_use(&self) -> u32 {
        self.players.values().filter(|p| p.decoder).count() as u32
    }

    /// Texture bytes the players hold now.
    pub fn texture_bytes(&self) -> u64 {
        self.players.values().map(Self::player_bytes).sum()
    }

    fn player_bytes(p: &Player) -> u64 {
        match (&p.clip, p.presented, &p.poster) {
            (Some(c), true, _) => c.frame_bytes(),
            (_, _, Some(img)) => crate::images::texture_bytes(img),
            _ => 0,
        }
    }

    /// The figures so far.
    pub fn summary(&self) -> VideoSummary {
        let mut s = self.summary.clone();
        s.decoders_in_use = self.decoders_in_use();
        s.texture_bytes = self.texture_bytes();
        s.frames_expected = self.expected;
        s.ttff_max_ms = (s.ttff_max_ms * 1000.0).round() / 1000.0;
        s
    }

    fn send(&mut self, node: u32, st: u32, why: u32, time: f32, size: u32) {
        self.queued.push((node, st, why, time, size));
    }

    fn fail(&mut self, node: u32, src: &str, e: &ClipError) {
        // Loader messages name the src already; decoder messages do not.
        let named = if e.message.starts_with(src) { String::new() } else { format!("{src}: ") };
        self.summary.errors.push(format!("node {node}: {named}{e}"));
        self.send(node, state::ERROR, e.reason, 0.0, 0);
    }

    /// Follows display list `dl`, presented at emulated `t_ms`; see the
    /// module docs.
    pub fn present(&mut self, t_ms: f64, dl: &OwnedDisplayList) {
        self.surfaces.clear();
        for it in dl.as_ref().items {
            if it.item_kind() == Some(ItemKind::Video) {
                self.surfaces.push(*it);
            }
        }
        if self.surfaces.is_empty() && self.players.is_empty() {
            return;
        }
        // Surfaces gone: release their players (decoder and textures).
        let live: Vec<u32> = self.surfaces.iter().map(|s| s.node).collect();
        self.players.retain(|id, _| live.contains(id));
        let mut ids = live;
        ids.dedup();
        for id in ids {
            self.step(id, t_ms);
        }
        self.summary.decoders_peak = self.summary.decoders_peak.max(self.decoders_in_use());
        self.summary.peak_texture_bytes = self.summary.peak_texture_bytes.max(self.texture_bytes());
    }

    fn step(&mut self, id: u32, t: f64) {
        let Some(props) = self.mirror.get(id).cloned() else { return };
        // Load (or reload on a new src).
        if self.players.get(&id).is_none_or(|p| p.src_gen != props.src_gen) {
            self.summary.players += 1;
            let mut p = Player {
                src_gen: props.src_gen,
                clip: None,
                poster: None,
                poster_src: String::new(),
                phase: Phase::Idle,
                position_ms: 0.0,
                decoder: false,
                refused: None,
                ended_gen: None,
                presented: false,
                last_index: None,
                last_update_s: -1.0,
            };
            if !props.src.is_empty() {
                match self.open(&props.src) {
                    Ok(c) => {
                        let size = (c.width.min(0xFFFF) << 16) | c.height.min(0xFFFF);
                        self.send(id, state::LOADEDMETADATA, 0, c.duration_s() as f32, size);
                        p.clip = Some(c);
                    }
                    Err(e) => {
                        p.phase = Phase::Failed;
                        self.fail(id, &props.src, &e);
                    }
                }
            }
            self.players.insert(id, p);
        }
        let max = self.summary.max_decoders;
        let busy = self.decoders_in_use();
        let Some(p) = self.players.get_mut(&id) else { return };
        if p.poster_src != props.poster {
            p.poster_src.clone_from(&props.poster);
            // The poster is an image: loaded like one; a failure shows none.
            p.poster = (!props.poster.is_empty()).then(|| crate::images::load(&self.base, &props.poster).ok()).flatten();
        }
        let Some(duration) = p.clip.as_ref().map(|c| c.duration_ms as f64) else { return };
        if p.phase == Phase::Failed {
            return;
        }
        let mut out: Vec<(u32, u32, f32)> = Vec::new();
        // A seek moves the position (past the end: it ends).
        if let Some(s) = self.mirror.take_seek(id) {
            let to = (f64::from(s) * 1000.0).clamp(0.0, duration);
            p.position_ms = to;
            p.last_update_s = -1.0;
            match p.phase {
                Phase::Playing { .. } => {
                    p.phase = Phase::Playing { host_ms: t, media_ms: to };
                    self.expected += 1;
                }
                Phase::Ended if to < duration => {
                    p.phase = Phase::Idle;
                    p.ended_gen = None;
                }
                _ => {}
            }
            if to >= duration && !props.looped && p.phase != Phase::Ended {
                p.phase = Phase::Ended;
                p.ended_gen = Some(props.play_gen);
                p.decoder = false;
                out.push((state::TIMEUPDATE, 0, position_s(duration)));
                out.push((state::ENDED, 0, position_s(duration)));
            }
        }
        // A new play request after the end starts again.
        if p.phase == Phase::Ended && p.ended_gen != Some(props.play_gen) {
            p.phase = Phase::Idle;
            p.position_ms = 0.0;
            p.ended_gen = None;
        }
        let wants = props.wants_play();
        if wants && !p.decoder && p.phase == Phase::Idle {
            if busy < max {
                p.decoder = true;
                p.refused = None;
                p.phase = Phase::Starting { requested_ms: t };
            } else if p.refused != Some(props.play_gen) {
                p.refused = Some(props.play_gen);
                self.summary.decoder_limit_errors += 1;
                self.summary.errors.push(format!(
                    "node {id}: {}: all {max} decoder(s) of the device are playing ({})",
                    props.src,
                    reason_name(reason::DECODER_LIMIT)
                ));
                out.push((state::ERROR, reason::DECODER_LIMIT, 0.0));
            }
        } else if !wants && p.decoder {
            // Paused: keep the position and the picture, free the decoder.
            if let Phase::Playing { host_ms, media_ms } = p.phase {
                p.position_ms = (media_ms + (t - host_ms)).min(duration);
            }
            p.decoder = false;
            p.phase = Phase::Idle;
        }
        // Present.
        let mut first = false;
        match p.phase {
            Phase::Starting { requested_ms } if t > requested_ms => {
                self.summary.ttff_ms.push(((t - requested_ms) * 1000.0).round() / 1000.0);
                self.summary.ttff_max_ms = self.summary.ttff_max_ms.max(t - requested_ms);
                p.phase = Phase::Playing { host_ms: t, media_ms: p.position_ms };
                first = true;
            }
            _ => {}
        }
        let mut ended = false;
        if let Phase::Playing { host_ms, media_ms } = p.phase {
            let before = p.position_ms;
            let mut pos = media_ms + (t - host_ms);
            if pos >= duration {
                if props.looped && duration > 0.0 {
                    pos %= duration;
                    p.phase = Phase::Playing { host_ms: t, media_ms: pos };
                } else {
                    pos = duration;
                    ended = true;
                }
            }
            p.position_ms = pos;
            // Frames due by the clip's own rate: one per frame interval the
            // media position entered (the first frame, each later one,
            // across a loop's wrap; none past the last frame). With no frame
            // dropped this equals the frames presented.
            if let Some(c) = p.clip.as_ref().filter(|c| c.frames > 0) {
                let per_frame = duration / f64::from(c.frames);
                let idx = |ms: f64| (ms.clamp(0.0, duration - 0.001) / per_frame).floor() as u64;
                self.expected += if first {
                    1
                } else if pos >= before {
                    idx(pos) - idx(before)
                } else {
                    idx(duration) - idx(before) + idx(pos) + 1
                };
            }
        }
        if first {
            out.push((state::PLAYING, 0, position_s(p.position_ms)));
        }
        if matches!(p.phase, Phase::Playing { .. }) {
            let pos = p.position_ms;
            let clip = p.clip.as_mut();
            if let Some(c) = clip {
                match c.frame_at(pos as u64) {
                    Ok(_) => {
                        let idx = c.index();
                        if idx != p.last_index {
                            self.summary.frames_presented += 1;
                            p.last_index = idx;
                        }
                        p.presented = true;
                    }
                    Err(e) => {
                        // A failed player holds nothing: no decoder, no frame.
                        p.phase = Phase::Failed;
                        p.decoder = false;
                        p.presented = false;
                        p.clip = None;
                        let src = props.src.clone();
                        for (s, r, tm) in out.drain(..) {
                            self.queued.push((id, s, r, tm, 0));
                        }
                        self.fail(id, &src, &e);
                        return;
                    }
                }
            }
            let now_s = f64::from(position_s(p.position_ms));
            if !first && !ended && (now_s < p.last_update_s || now_s >= p.last_update_s + UPDATE_STEP_S) {
                p.last_update_s = now_s;
                out.push((state::TIMEUPDATE, 0, position_s(p.position_ms)));
            } else if first {
                p.last_update_s = now_s;
            }
        }
        if ended {
            p.phase = Phase::Ended;
            p.ended_gen = Some(props.play_gen);
            p.decoder = false;
            out.push((state::TIMEUPDATE, 0, position_s(duration)));
            out.push((state::ENDED, 0, position_s(duration)));
        }
        for (s, r, tm) in out {
            self.queued.push((id, s, r, tm, 0));
        }
    }

    fn open(&self, src: &str) -> Result<Clip, ClipError> {
        let not_found = |m: String| ClipError { reason: reason::NOT_FOUND, message: m };
        let path = crate::images::resolve(&self.base, src).map_err(|e| not_found(e.message))?;
        let bytes = std::fs::read(&path).map_err(|e| not_found(format!("{src}: {e}")))?;
        Clip::open(bytes).map_err(|e| ClipError { reason: e.reason, message: format!("{src}: {}", e.message) })
    }

    /// The queued states as one `VIDEO_STATE` batch (no `FRAME`; the engine
    /// forwards them as `VIDEO` events when it applies it), or `None`.
    pub fn take_batch(&mut self) -> Option<Vec<u8>> {
        if self.queued.is_empty() {
            return None;
        }
        self.seq = self.seq.wrapping_add(1);
        let mut b = BatchBuilder::new(self.seq);
        for (id, st, why, time, size) in self.queued.drain(..) {
            b.video_state(id, st, why, time, size);
        }
        Some(b.finish())
    }

    /// Draws the current pictures under `ui`, the painted frame of the
    /// list last presented (see [`super::composite`]).
    pub fn composite(&mut self, ui: &mut RgbaImage) {
        let mut list = Vec::new();
        for it in &self.surfaces {
            let Some(p) = self.players.get_mut(&it.node) else { continue };
            let picture = match (p.presented, p.clip.as_mut(), p.poster.as_ref()) {
                (true, Some(c), _) => c.frame_at(p.position_ms as u64).ok().map(|i| i as &RgbaImage),
                (_, _, Some(poster)) => Some(poster),
                _ => None,
            };
            if let Some(pic) = picture {
                list.push((*it, pic.clone()));
            }
        }
        let surfaces: Vec<Surface<'_>> = list.iter().map(|(item, picture)| Surface { item: *item, picture }).collect();
        composite::under(ui, &surfaces);
    }
}
