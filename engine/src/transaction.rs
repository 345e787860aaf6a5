//! Applying a batch as a transaction.
//!
//! A batch arrives as a [`Checked`] batch (it passed
//! [`crate::protocol::Batch::validate_with`]: everything checkable without
//! the scene, once). Then each command is checked against the scene (ids, cycles,
//! anchors) and applied, and every mutation records how to undo itself in a
//! [`Journal`]. If any command fails, the journal is replayed backwards and
//! the scene is exactly what it was; destroyed subtrees keep their slots
//! until commit so they can come back. The journal's vectors are reused
//! from batch to batch, so steady-state batches do not allocate for it.

use crate::anim::{self, StartRequest, MAX_TRACKS};
use crate::focus::Dir;
use crate::protocol::error::{BatchError, ErrorKind};
use crate::protocol::props::PropValue;
use crate::protocol::{op, props, Checked, Command, NodeKind, NONE};
use crate::scene::apply_prop;
use crate::scene::{DepthCheck, SavedProps, Scene, Slot, NO_SLOT};

/// One undoable mutation.
#[derive(Debug)]
enum Undo {
    /// Nodes created in slots `first..first + count` (consecutive creates
    /// into consecutive slots share one entry: a 20k-node page journals
    /// one, not 20k).
    Created {
        first: Slot,
        count: u32,
    },
    Destroyed {
        slot: Slot,
        parent: Slot,
        index: usize,
    },
    Moved {
        slot: Slot,
        parent: Slot,
        index: usize,
    },
    Props {
        slot: Slot,
        saved: usize,
    },
    Text {
        slot: Slot,
        old: String,
    },
    Src {
        slot: Slot,
        old: String,
    },
    /// `fontFamily` / `overflowSuffix` of a text node.
    TextStr {
        slot: Slot,
        key: u16,
        old: Option<String>,
    },
    /// `label` / `description`.
    A11y {
        slot: Slot,
        old: Option<Box<crate::a11y::A11yText>>,
    },
}

/// Work a committed batch hands to the engine, in command order:
/// frames to run, and animation/focus/input requests for the next frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Deferred {
    /// Run a frame at this host time.
    Frame(f64),
    /// A plain write to a property a running animation drives: the write
    /// takes over and that animation stops driving it.
    StopTrack {
        /// Node id.
        node: u32,
        /// Single (expanded) property key.
        key: u16,
    },
    /// Start an animation (also produced by writes to transitioned props).
    Animate(StartRequest),
    /// Control an animation.
    AnimCtrl {
        /// Sender's id.
        anim_id: u32,
        /// Action.
        action: u32,
    },
    /// Spatial navigation.
    Navigate(Dir),
    /// Explicit focus (NONE blurs).
    Focus(u32),
    /// Pointer input.
    Pointer {
        /// x.
        x: f32,
        /// y.
        y: f32,
        /// 0 move, 1 click.
        action: u32,
    },
    /// A host's answer to an image request: loaded (`reason` 0, with the
    /// size) or failed (`reason` non-zero).
    Image {
        /// Texture id.
        texture: u32,
        /// Width (loaded).
        width: u32,
        /// Height (loaded).
        height: u32,
        /// Bytes (loaded).
        byte_size: u32,
        /// 0 loaded, else the failure's reason code.
        reason: u32,
    },
}

/// What a committed batch changed, for the frame scheduler.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Applied {
    /// Commands applied.
    pub commands: u32,
    /// Something layout depends on changed.
    pub layout_changed: bool,
    /// Something drawn changed.
    pub paint_changed: bool,
}

/// If `key` has a transition on the node and `value` can be animated to,
/// the animation that replaces the plain write.
fn transitioned(scene: &Scene, slot: Slot, id: u32, key: u16, value: PropValue) -> Option<StartRequest> {
    let tr = scene.node(slot).props.visual.transitions.as_deref()?;
    let (_, timing) = tr.iter().flatten().find(|(k, _)| *k == key)?;
    let colour = props::is_color_key(key);
    let ok = match value {
        PropValue::F32(_) => !colour,
        PropValue::U32(_) => colour,
        _ => false,
    };
    if !ok {
        return None;
    }
    let mut targets = [(0, PropValue::Reset); MAX_TRACKS];
    targets[0] = (key, value);
    Some(StartRequest { id: 0, node: id, timing: *timing, targets, len: 1 })
}

/// What reshaped a node, packed in a u32 (so the log takes 8 bytes per
/// insert, not 12: a 20k-node page's log is a transient buffer on top of
/// everything else the batch grows, issue 14): the command's index, with
/// this bit set for a `SET_PROPS` of `display`, clear for an `INSERT`. A
/// batch has far fewer than 2^31 commands (its length is a u32 of bytes).
const RESHAPED_BY_SET_PROPS: u32 = 1 << 31;

/// In a [`Journal::reshaped`] entry: the slot is the parent of a run of
/// inserts, the index that of the run's last (see [`BY_PARENT_INSERTS`]).
/// Commands are 4 bytes or more, so an index never reaches this bit.
const RESHAPED_RUN: u32 = 1 << 30;

/// A batch with more inserts than this logs consecutive inserts into one
/// parent once, as that parent: checking the parent walks its subtree,
/// which holds every child the run inserted. A 20k-node page logs one
/// entry instead of 20k (a 160 KB transient on top of its input buffer;
/// issue 14). Smaller batches log each child: checking only it costs
/// nothing per sibling it already had. Either way a pass walks a node at
/// most once, so a big batch's check stays within the nodes in the scene.
const BY_PARENT_INSERTS: usize = 4096;

/// The undo log and scratch space, reused across batches.
#[derive(Debug, Default)]
pub struct Journal {
    undo: Vec<Undo>,
    saved: Vec<SavedProps>,
    destroyed: Vec<Slot>,
    stack: Vec<Slot>,
    generation: u32,
    /// Nodes whose depth or flex nesting the batch may have changed
    /// (inserted children, `display` writes), with the command's index and
    /// opcode ([`RESHAPED_BY_SET_PROPS`]): checked against the depth limits before commit.
    reshaped: Vec<(Slot, u32)>,
    /// Index of the command being applied.
    current: u32,
    /// This batch logs runs of inserts by their parent ([`BY_PARENT_INSERTS`]).
    by_parent: bool,
    /// The next [`Journal::apply`]'s batch went through
    /// [`crate::precheck::reject_early`] already (cleared by that apply).
    pub prechecked: bool,
    depth: DepthCheck,
    /// Fonts registered by the last committed batch, in order: the engine
    /// takes them after commit (a rejected batch registers nothing).
    pub fonts: Vec<(String, Vec<u8>)>,
    /// The batch being applied has a `REGISTER_FONT` (copied after commit).
    font_seen: bool,
    /// The last committed batch created a video node (see [`crate::video`]).
    pub video_seen: bool,
    /// The batch set a `gradient` (kept by `crate::gradient::after_commit`).
    pub gradient_seen: bool,
    /// Announcements of the last committed batch: `ANNOUNCE` commands
    /// (node `NONE`, politeness, text) and live regions whose text changed
    /// (their id, politeness, no text: composed at the frame), at most
    /// [`crate::a11y::MAX_QUEUE`], the newest kept.
    pub says: Vec<(u32, u8, String)>,
    /// Tests of [`crate::precheck`]: apply without it, to compare.
    #[cfg(test)]
    pub(crate) skip_precheck: bool,
}

impl Journal {
    /// An empty journal.
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies `batch` to `scene` atomically. `deferred` receives, in
    /// order, what the engine does after commit (frames, animations, focus
    /// and input); nothing is added to it if the batch is rejected.
    pub fn apply(
        &mut self,
        scene: &mut Scene,
        batch: &Checked<'_>,
        frames: &mut Vec<Deferred>,
        animating: &dyn Fn(u32, u16) -> bool,
    ) -> Result<Applied, BatchError> {
        // Size the arena for a big batch up front (exactly, not by doubling:
        // a TV's memory is tight and a 20k-node screen should not reserve 32k).
        let (creates, inserts) = (batch.creates as usize, batch.inserts as usize);
        // A big batch that would be rejected is rejected before it grows
        // the arena: Wasm memory never shrinks (see `crate::precheck`).
        #[cfg(test)]
        let creates_checked = if self.skip_precheck { 0 } else { creates };
        #[cfg(not(test))]
        let creates_checked = creates;
        // A batch the engine prechecked before growing its buffer (see
        // `Engine::submit_input`) is not walked twice.
        let creates_checked = if core::mem::take(&mut self.prechecked) { 0 } else { creates_checked };
        if let Some(e) = crate::precheck::reject_early(scene, batch, creates_checked) {
            return Err(e);
        }
        scene.reserve(creates);
        self.undo.clear();
        self.saved.clear();
        self.destroyed.clear();
        self.fonts.clear();
        self.font_seen = false;
        self.video_seen = false;
        self.gradient_seen = false;
        self.says.clear();
        self.reshaped.clear();
        self.by_parent = inserts > BY_PARENT_INSERTS;
        if inserts > 64 && !self.by_parent {
            // One entry per insert, exactly (not by doubling).
            self.reshaped.reserve_exact(inserts + 64);
        }
        self.generation = self.generation.wrapping_add(1).max(1);
        let frames_before = frames.len();
        let mut applied = Applied::default();
        for (index, cmd) in batch.commands().enumerate() {
            self.current = index as u32;
            let result = self.apply_one(scene, cmd, &mut applied, frames, animating).map_err(|(opc, kind)| BatchError {
                seq: batch.seq(),
                cmd_index: index as u32,
                op: opc,
                kind,
            });
            if let Err(e) = result {
                self.rollback(scene);
                frames.truncate(frames_before);
                self.fonts.clear();
                self.says.clear();
                return Err(e);
            }
            applied.commands += 1;
        }
        if let Err((cmd_index, op, kind)) = self.check_depth(scene, batch) {
            self.rollback(scene);
            frames.truncate(frames_before);
            self.fonts.clear();
            self.says.clear();
            return Err(BatchError { seq: batch.seq(), cmd_index, op, kind });
        }
        self.commit(scene);
        // Font bytes are copied only now: a rejected batch never held a
        // second copy of a (large) font.
        if core::mem::take(&mut self.font_seen) {
            for cmd in batch.commands() {
                if let Command::RegisterFont { family, data } = cmd {
                    self.fonts.push((family.to_owned(), data.to_vec()));
                }
            }
        }
        Ok(applied)
    }

    /// The depth limits ([`crate::scene::depth`]) over what the batch
    /// reshaped. The error is charged to the last command that moved (or
    /// set `display` on) the node found too deep or one of its ancestors:
    /// the command that made it too deep.
    fn check_depth(&mut self, scene: &Scene, batch: &Checked<'_>) -> Result<(), (u32, u16, ErrorKind)> {
        if self.reshaped.is_empty() {
            return Ok(());
        }
        self.depth.begin(scene);
        let mut found = None;
        for &(slot, _) in &self.reshaped {
            if let Err(e) = self.depth.check(scene, slot) {
                found = Some(e);
                break;
            }
        }
        let Some((bad, kind)) = found else {
            return Ok(());
        };
        scene.sorted_path(bad, &mut self.stack);
        for &(slot, r) in self.reshaped.iter().rev() {
            if self.stack.binary_search(&slot).is_err() {
                continue;
            }
            if r & RESHAPED_BY_SET_PROPS != 0 {
                return Err((r & !RESHAPED_BY_SET_PROPS, op::SET_PROPS, kind));
            }
            if r & RESHAPED_RUN == 0 {
                return Err((r, op::INSERT, kind));
            }
            // A run into `slot`: the culprit is the run's insert of the
            // path's child of `slot`, if the run moved it.
            if let Some(index) = Self::run_culprit(scene, batch, slot, bad, r & !RESHAPED_RUN) {
                return Err((index, op::INSERT, kind));
            }
        }
        Err((0, 0, kind))
    }

    /// The index of the last `INSERT` at or before `last` that put the
    /// child of `parent` on `bad`'s ancestor path there (`None`: the batch
    /// did not move it). Only on a rejected batch: a scan of its commands.
    fn run_culprit(scene: &Scene, batch: &Checked<'_>, parent: Slot, bad: Slot, last: u32) -> Option<u32> {
        let mut c = bad;
        while scene.node(c).parent != parent {
            c = scene.node(c).parent;
            if c == NO_SLOT {
                return None;
            }
        }
        let id = scene.node(c).id;
        let mut found = None;
        for (index, cmd) in batch.commands().enumerate().take(last as usize + 1) {
            if matches!(cmd, Command::Insert { child, .. } if child == id) {
                found = Some(index as u32);
            }
        }
        found
    }

    fn live(scene: &Scene, id: u32) -> Result<Slot, ErrorKind> {
        scene.slot(id).ok_or(ErrorKind::UnknownNode(id))
    }

    fn apply_one(
        &mut self,
        scene: &mut Scene,
        cmd: Command<'_>,
        applied: &mut Applied,
        frames: &mut Vec<Deferred>,
        animating: &dyn Fn(u32, u16) -> bool,
    ) -> Result<(), (u16, ErrorKind)> {
        match cmd {
            Command::Create { id, kind } => {
                if scene.slot(id).is_some() {
                    return Err((op::CREATE, ErrorKind::IdInUse(id)));
                }
                let slot = scene.create(id, kind);
                self.video_seen |= kind == NodeKind::Video;
                // Undoing the create removes the node, so its properties
                // never need saving in this batch: mark them as saved.
                scene.node_mut(slot).journal_gen = self.generation;
                match self.undo.last_mut() {
                    Some(Undo::Created { first, count }) if *first + *count == slot => *count += 1,
                    _ => self.undo.push(Undo::Created { first: slot, count: 1 }),
                }
            }
            Command::Destroy { id } => {
                let slot = Self::live(scene, id).map_err(|k| (op::DESTROY, k))?;
                let (parent, index) = scene.detach(slot).unwrap_or((NO_SLOT, 0));
                if parent != NO_SLOT {
                    scene.invalidate_layout(parent);
                    applied.layout_changed = true;
                    applied.paint_changed = true;
                }
                scene.unregister_subtree(slot, &mut self.stack);
                self.undo.push(Undo::Destroyed { slot, parent, index });
                self.destroyed.push(slot);
            }
            Command::Insert { parent, child, before } => {
                let e = |k| (op::INSERT, k);
                let p = Self::live(scene, parent).map_err(e)?;
                let c = Self::live(scene, child).map_err(e)?;
                if scene.would_cycle(p, c, &mut self.stack) {
                    return Err(e(ErrorKind::Cycle { parent, child }));
                }
                let anchor = if before == NONE {
                    None
                } else {
                    let a = Self::live(scene, before).map_err(e)?;
                    if scene.node(a).parent != p {
                        return Err(e(ErrorKind::AnchorNotChild { parent, anchor: before }));
                    }
                    Some(a)
                };
                if anchor == Some(c) {
                    // Inserting a child before itself: it is already there.
                    return Ok(());
                }
                let (old_parent, old_index) = scene.detach(c).unwrap_or((NO_SLOT, 0));
                if old_parent != NO_SLOT {
                    scene.invalidate_layout(old_parent);
                }
                let index = match anchor {
                    Some(a) => scene.index_in_parent(a).unwrap_or(usize::MAX),
                    None => usize::MAX,
                };
                scene.attach(p, c, index);
                if scene.node(p).is_flex() {
                    // A flex item: taffy reads its whole style.
                    scene.node_mut(c).props.style_mut();
                }
                scene.invalidate_layout(p);
                if !self.by_parent {
                    self.reshaped.push((c, self.current));
                } else if let Some(last) = self.reshaped.last_mut().filter(|l| l.0 == p && l.1 & RESHAPED_RUN != 0) {
                    last.1 = self.current | RESHAPED_RUN;
                } else {
                    self.reshaped.push((p, self.current | RESHAPED_RUN));
                }
                // A node inserted right after its create needs no undo of
                // its own: undoing the create detaches it (so, with runs
                // of creates, a 20k-node page journals one entry, not 40k;
                // issue 14).
                if old_parent != NO_SLOT || !matches!(self.undo.last(), Some(&Undo::Created { first, count }) if first + count - 1 == c) {
                    self.undo.push(Undo::Moved { slot: c, parent: old_parent, index: old_index });
                }
                applied.layout_changed = true;
                applied.paint_changed = true;
            }
            Command::Remove { id } => {
                let slot = Self::live(scene, id).map_err(|k| (op::REMOVE, k))?;
                if let Some((parent, index)) = scene.detach(slot) {
                    scene.invalidate_layout(parent);
                    self.undo.push(Undo::Moved { slot, parent, index });
                    applied.layout_changed = true;
                    applied.paint_changed = true;
                }
            }
            Command::SetProps { id, props: entries } => {
                let slot = Self::live(scene, id).map_err(|k| (op::SET_PROPS, k))?;
                scene.touch(slot);
                let gen = self.generation;
                let node = scene.node_mut(slot);
                if node.journal_gen != gen {
                    node.journal_gen = gen;
                    self.saved.push(node.props.save());
                    self.undo.push(Undo::Props { slot, saved: self.saved.len() - 1 });
                }
                let parent_is_flex = {
                    let p = scene.node(slot).parent;
                    p != NO_SLOT && scene.node(p).is_flex()
                };
                let mut layout = false;
                // A text or image node's colours reset to the opaque white
                // it is created with (`Node::new`), not to transparent.
                let white = matches!(scene.node(slot).kind, NodeKind::Text | NodeKind::Image);
                for entry in entries {
                    let mut value = entry.value();
                    if white && value == PropValue::Reset && (props::key::COLOR..=props::key::COLOR_BR).contains(&entry.key) {
                        value = PropValue::U32(0xFFFF_FFFF);
                    }
                    if let Some(req) = transitioned(scene, slot, id, entry.key, value) {
                        frames.push(Deferred::Animate(req));
                        continue;
                    }
                    apply_prop::apply(&mut scene.node_mut(slot).props, entry.key, value);
                    let singles = props::expand(entry.key);
                    for &k in if singles.is_empty() { core::slice::from_ref(&entry.key) } else { singles } {
                        if animating(id, k) {
                            frames.push(Deferred::StopTrack { node: id, key: k });
                        }
                    }
                    if entry.key == props::key::DISPLAY {
                        self.reshaped.push((slot, self.current | RESHAPED_BY_SET_PROPS));
                        scene.give_flex_styles(slot);
                    }
                    let is_xy = entry.key == props::key::X || entry.key == props::key::Y;
                    let affects = props::spec(entry.key).is_some_and(|s| s.affects_layout);
                    layout |= affects && (!is_xy || parent_is_flex);
                }
                if layout {
                    scene.invalidate_layout(slot);
                    applied.layout_changed = true;
                }
                applied.paint_changed = true;
            }
            Command::SetText { id, text } => {
                let slot = Self::live(scene, id).map_err(|k| (op::SET_TEXT, k))?;
                if scene.node(slot).kind != NodeKind::Text {
                    return Err((op::SET_TEXT, ErrorKind::NotText(id)));
                }
                let old = core::mem::replace(&mut scene.node_mut(slot).strings_mut().text, text.to_owned());
                scene.touch(slot);
                self.undo.push(Undo::Text { slot, old });
                if let Some((live, p)) = crate::a11y::live_region(scene, slot) {
                    crate::a11y::queue(&mut self.says, live, p, String::new());
                }
                scene.invalidate_layout(slot);
                applied.layout_changed = true;
                applied.paint_changed = true;
            }
            Command::SetStr { id, key, value } if key == props::key::FONT_FAMILY || key == props::key::OVERFLOW_SUFFIX => {
                let slot = Self::live(scene, id).map_err(|k| (op::SET_STR, k))?;
                scene.touch(slot);
                let n = scene.node_mut(slot).strings_mut();
                let old = if key == props::key::FONT_FAMILY {
                    Some(core::mem::replace(&mut n.font_family, value.to_owned()))
                } else {
                    n.overflow_suffix.replace(value.to_owned())
                };
                self.undo.push(Undo::TextStr { slot, key, old });
                scene.invalidate_layout(slot);
                applied.layout_changed = true;
                applied.paint_changed = true;
            }
            Command::RegisterFont { .. } => {
                // Copied after commit (`Journal::apply`).
                self.font_seen = true;
                applied.layout_changed = true;
                applied.paint_changed = true;
            }
            Command::SetStr { id, key, value } if key == props::key::LABEL || key == props::key::DESCRIPTION => {
                let slot = Self::live(scene, id).map_err(|k| (op::SET_STR, k))?;
                let n = scene.node_mut(slot);
                let old = n.a11y.clone();
                let t = n.a11y.get_or_insert_with(Default::default);
                *(if key == props::key::LABEL { &mut t.label } else { &mut t.description }) = value.to_owned();
                if t.label.is_empty() && t.description.is_empty() {
                    n.a11y = None;
                }
                self.undo.push(Undo::A11y { slot, old });
            }
            Command::Announce { politeness, text } => {
                crate::a11y::queue(&mut self.says, NONE, politeness as u8, text.to_owned());
            }
            Command::Skipped => {}
            Command::VideoState { id, .. } => {
                // Forwarded as a `VIDEO` event by `crate::video::Videos` after commit.
                let slot = Self::live(scene, id).map_err(|k| (op::VIDEO_STATE, k))?;
                if scene.node(slot).kind != NodeKind::Video {
                    return Err((op::VIDEO_STATE, ErrorKind::NotVideo(id)));
                }
                self.video_seen = true;
            }
            Command::SetStr { id, key: props::key::GRADIENT, .. } => {
                // Parsed by the decoder, kept by `crate::gradient::after_commit`.
                let slot = Self::live(scene, id).map_err(|k| (op::SET_STR, k))?;
                scene.touch(slot);
                self.gradient_seen = true;
                applied.paint_changed = true;
            }
            Command::SetStr { id, key, .. } if key == props::key::POSTER => {
                // Kept by `crate::video::Videos` after commit.
                Self::live(scene, id).map_err(|k| (op::SET_STR, k))?;
            }
            Command::SetStr { id, key: _, value } => {
                let slot = Self::live(scene, id).map_err(|k| (op::SET_STR, k))?;
                let old = core::mem::replace(&mut scene.node_mut(slot).strings_mut().src, value.to_owned());
                scene.touch(slot);
                self.undo.push(Undo::Src { slot, old });
                applied.paint_changed = true;
            }
            Command::Frame { time_ms } => frames.push(Deferred::Frame(time_ms)),
            Command::Animate { id, anim_id, timing, targets } => {
                Self::live(scene, id).map_err(|k| (op::ANIMATE, k))?;
                let mut req = StartRequest { id: anim_id, node: id, timing, targets: [(0, PropValue::Reset); MAX_TRACKS], len: 0 };
                for t in targets.iter().take(MAX_TRACKS) {
                    req.targets[req.len as usize] = (t.key, t.value());
                    req.len += 1;
                }
                frames.push(Deferred::Animate(req));
            }
            Command::AnimCtrl { anim_id, action } => frames.push(Deferred::AnimCtrl { anim_id, action }),
            Command::Transition { id, key, timing } => {
                let slot = Self::live(scene, id).map_err(|k| (op::TRANSITION, k))?;
                let gen = self.generation;
                let node = scene.node_mut(slot);
                if node.journal_gen != gen {
                    node.journal_gen = gen;
                    self.saved.push(node.props.save());
                    self.undo.push(Undo::Props { slot, saved: self.saved.len() - 1 });
                }
                let slots = &mut scene.node_mut(slot).props.visual.transitions;
                let existing = slots.as_deref().and_then(|tr| tr.iter().position(|t| t.is_some_and(|(k, _)| k == key)));
                if timing.duration_ms == 0.0 && !matches!(timing.easing, anim::easing::Easing::Spring { .. }) {
                    if let (Some(i), Some(tr)) = (existing, slots.as_deref_mut()) {
                        tr[i] = None;
                        if tr.iter().all(Option::is_none) {
                            *slots = None;
                        }
                    }
                } else {
                    let tr = slots.get_or_insert_with(|| Box::new([None; crate::scene::node::MAX_TRANSITIONS]));
                    let i = existing
                        .or_else(|| tr.iter().position(|t| t.is_none()))
                        .ok_or((op::TRANSITION, ErrorKind::BadArgument("at most 4 transitions per node")))?;
                    tr[i] = Some((key, timing));
                }
            }
            Command::Navigate { dir } => frames.push(Deferred::Navigate(dir)),
            Command::Focus { id } => {
                if id != NONE {
                    Self::live(scene, id).map_err(|k| (op::FOCUS, k))?;
                }
                frames.push(Deferred::Focus(id));
            }
            Command::Pointer { x, y, action } => frames.push(Deferred::Pointer { x, y, action }),
            Command::ImageLoaded { texture, width, height, byte_size } => {
                frames.push(Deferred::Image { texture, width, height, byte_size, reason: 0 })
            }
            Command::ImageFailed { texture, reason, message: _ } => {
                frames.push(Deferred::Image { texture, width: 0, height: 0, byte_size: 0, reason: reason.max(1) })
            }
        }
        Ok(())
    }

    fn rollback(&mut self, scene: &mut Scene) {
        // (Deferred work is truncated by the caller.)
        while let Some(u) = self.undo.pop() {
            match u {
                Undo::Created { first, count } => {
                    // Last created first. Each may still be where it was
                    // inserted right after its create (see
                    // `Command::Insert`); its children then were created
                    // after it (undone already), any other child was
                    // moved there by a later, undone entry.
                    for slot in (first..first + count).rev() {
                        if let Some((p, _)) = scene.detach(slot) {
                            scene.invalidate_layout(p);
                        }
                        scene.uncreate(slot);
                    }
                }
                Undo::Destroyed { slot, parent, index } => {
                    scene.reregister_subtree(slot, &mut self.stack);
                    if parent != NO_SLOT {
                        scene.attach(parent, slot, index);
                        scene.invalidate_layout(parent);
                    }
                }
                Undo::Moved { slot, parent, index } => {
                    if let Some((p, _)) = scene.detach(slot) {
                        scene.invalidate_layout(p);
                    }
                    if parent != NO_SLOT {
                        scene.attach(parent, slot, index);
                        scene.invalidate_layout(parent);
                    }
                }
                Undo::Props { slot, saved } => {
                    let n = scene.node_mut(slot);
                    if let Some(saved) = self.saved.get_mut(saved) {
                        n.props.restore(saved);
                    }
                    n.journal_gen = 0;
                    scene.invalidate_layout(slot);
                }
                Undo::Text { slot, old } => scene.node_mut(slot).strings_mut().text = old,
                Undo::Src { slot, old } => scene.node_mut(slot).strings_mut().src = old,
                Undo::A11y { slot, old } => scene.node_mut(slot).a11y = old,
                Undo::TextStr { slot, key, old } => {
                    let n = scene.node_mut(slot).strings_mut();
                    if key == props::key::FONT_FAMILY {
                        n.font_family = old.unwrap_or_default();
                    } else {
                        n.overflow_suffix = old;
                    }
                }
            }
        }
        self.destroyed.clear();
        self.saved.clear();
        self.trim();
    }

    fn commit(&mut self, scene: &mut Scene) {
        for i in 0..self.destroyed.len() {
            let slot = self.destroyed[i];
            scene.free_subtree(slot, &mut self.stack);
        }
        self.destroyed.clear();
        self.undo.clear();
        self.saved.clear();
        self.trim();
    }

    /// Gives back what a big batch grew the journal's vectors to. They are
    /// reused from batch to batch (a steady-state batch allocates nothing
    /// for them), but a big batch can record tens of thousands of entries: kept,
    /// that capacity (~0.8 MB on Wasm) would sit unused below the frame's
    /// own buffers, and linear memory never shrinks (issue 14).
    fn trim(&mut self) {
        const KEEP: usize = 2048;
        if self.undo.capacity() > 4 * KEEP {
            self.undo.shrink_to(KEEP);
        }
        // A saved `Props` is ~500 bytes: keep fewer of them.
        if self.saved.capacity() > KEEP / 2 {
            self.saved.shrink_to(KEEP / 8);
        }
        // Read only until commit or rollback. Cleared first: `shrink_to`
        // keeps `len` entries, so a full log kept all of a big batch's
        // (160 KB for the 20k-node page).
        self.reshaped.clear();
        if self.reshaped.capacity() > 4 * KEEP {
            self.reshaped.shrink_to(KEEP);
        }
        if self.destroyed.capacity() > 4 * KEEP {
            self.destroyed.shrink_to(KEEP);
        }
        // The walk over a destroyed subtree: a 20k-node page's destroy
        // grew it to 80 KB.
        if self.stack.capacity() > 4 * KEEP {
            self.stack.shrink_to(KEEP);
        }
    }
}
