//! Checking a big batch against the scene before it allocates.
//!
//! A batch is applied as a transaction ([`crate::transaction`]): on an
//! error it is rolled back and the scene is as it was. But what applying it
//! allocated stays: 40,000 `CREATE`s followed by one bad `INSERT` grew the
//! node arena by ~27 MiB before the insert failed, and Wasm linear memory
//! never shrinks, so a device lost that memory to a batch that changed
//! nothing. So a batch that creates more nodes than one arena chunk holds
//! ([`CHECK_ABOVE_CREATES`]) is first walked here, without touching the
//! scene: the ids it creates are tracked in a small side map (id → kind,
//! alive, parent, child count; ~20 bytes per created id, freed afterwards,
//! against ~700 bytes per node), and every scene-dependent check the
//! transaction makes (`UnknownNode`, `IdInUse`, `NotText`, `Cycle`,
//! `AnchorNotChild`) is answered exactly, so the batch is rejected with the
//! very error the transaction would give, before anything is allocated.
//!
//! It is not a second scene tree: it follows the batch only while the
//! answers are exact without one, and gives no verdict (the transaction
//! decides, as before) from the first command that would need the scene's
//! structure to change — destroying or moving an existing node, destroying
//! a new node that has children, a `TRANSITION` (its per-node limit), or a
//! cycle check longer than [`MAX_WALK`] steps. Checks made after the last
//! command (the depth limits, [`crate::scene::depth`]) are not predicted.
//! Small batches skip it: they cost at most one chunk if rejected. So do
//! batches whose creates (but [`CHECK_ABOVE_CREATES`]) fit in the scene's
//! free slots: a rejected one leaves no new arena behind, and the walk's
//! side map would be the biggest allocation of the batch.

use rustc_hash::FxHashMap;

use crate::protocol::error::{BatchError, ErrorKind};
use crate::protocol::{op, Checked, Command, NodeKind, NONE};
use crate::scene::Scene;

/// Batches with more `CREATE`s than this are checked first (one arena
/// chunk: a smaller rejected batch costs at most that).
pub const CHECK_ABOVE_CREATES: usize = 256;

/// Longest walk up the batch's own new nodes for one cycle check.
pub const MAX_WALK: u32 = 4096;

/// A node the batch created.
#[derive(Clone, Copy, Debug)]
struct Made {
    kind: NodeKind,
    alive: bool,
    /// Parent id (`NONE`: detached).
    parent: u32,
    /// Children among the batch's new nodes.
    kids: u32,
}

/// Where an id points during the walk.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Live {
    /// Not a live node.
    Dead,
    /// An existing node (the scene's, unchanged so far).
    Scene,
    /// A node this batch created.
    New,
}

/// The walk's state: the batch's new nodes (id → index into `made`: the
/// same map type as the scene's id map, so engine.wasm carries one copy).
struct Walk<'s> {
    scene: &'s Scene,
    index: FxHashMap<u32, u32>,
    made: Vec<Made>,
}

/// Why the walk stopped without a verdict.
struct NoVerdict;

impl Walk<'_> {
    fn get(&self, id: u32) -> Option<&Made> {
        self.index.get(&id).and_then(|&i| self.made.get(i as usize))
    }

    fn get_mut(&mut self, id: u32) -> Option<&mut Made> {
        self.index.get(&id).and_then(|&i| self.made.get_mut(i as usize))
    }

    fn live(&self, id: u32) -> Live {
        match self.get(id) {
            Some(m) if m.alive => Live::New,
            Some(_) => Live::Dead,
            None if self.scene.slot(id).is_some() => Live::Scene,
            None => Live::Dead,
        }
    }

    fn must_live(&self, id: u32) -> Result<Live, ErrorKind> {
        match self.live(id) {
            Live::Dead => Err(ErrorKind::UnknownNode(id)),
            l => Ok(l),
        }
    }

    fn kind(&self, id: u32) -> Option<NodeKind> {
        self.get(id).map(|m| m.kind).or_else(|| self.scene.get(id).map(|n| n.kind))
    }

    /// The parent of `id` as an id (`NONE`: detached or the root).
    fn parent(&self, id: u32) -> u32 {
        if let Some(m) = self.get(id) {
            return m.parent;
        }
        match self.scene.slot(id).map(|s| self.scene.node(s).parent) {
            Some(p) if p != crate::scene::NO_SLOT => self.scene.node(p).id,
            _ => NONE,
        }
    }

    /// Whether inserting new node `child` under `parent` makes a cycle
    /// (`child` is `parent` or one of its ancestors). New nodes only sit
    /// under new nodes or existing ones (existing nodes have not moved), so
    /// the walk up from `parent` ends at the first existing node.
    fn cycle(&self, parent: u32, child: u32) -> Result<bool, NoVerdict> {
        if parent == child {
            return Ok(true);
        }
        if self.get(child).is_some_and(|m| m.kids == 0) {
            return Ok(false);
        }
        let mut cur = parent;
        for _ in 0..MAX_WALK {
            match self.get(cur) {
                Some(m) if m.alive => {
                    if cur == child {
                        return Ok(true);
                    }
                    cur = m.parent;
                }
                _ => return Ok(false),
            }
        }
        Err(NoVerdict)
    }

    fn set_parent(&mut self, child: u32, parent: u32) {
        let old = self.get(child).map_or(NONE, |m| m.parent);
        if let Some(m) = self.get_mut(old) {
            m.kids -= 1;
        }
        if let Some(m) = self.get_mut(parent) {
            m.kids += 1;
        }
        if let Some(m) = self.get_mut(child) {
            m.parent = parent;
        }
    }

    /// One command: `Ok(Ok(()))` it would apply, `Ok(Err(..))` the
    /// transaction would reject it with that error.
    fn step(&mut self, cmd: Command<'_>) -> Result<Result<(), (u16, ErrorKind)>, NoVerdict> {
        let at = |opc: u16| move |k: ErrorKind| (opc, k);
        Ok(match cmd {
            Command::Create { id, kind } => {
                if self.live(id) != Live::Dead {
                    return Ok(Err((op::CREATE, ErrorKind::IdInUse(id))));
                }
                let m = Made { kind, alive: true, parent: NONE, kids: 0 };
                match self.get_mut(id) {
                    // An id destroyed earlier in the batch, created again.
                    Some(old) => *old = m,
                    None => {
                        self.index.insert(id, self.made.len() as u32);
                        self.made.push(m);
                    }
                }
                Ok(())
            }
            Command::Destroy { id } => match self.must_live(id) {
                Err(k) => Err((op::DESTROY, k)),
                Ok(Live::New) if self.get(id).is_some_and(|m| m.kids == 0) => {
                    self.set_parent(id, NONE);
                    if let Some(m) = self.get_mut(id) {
                        m.alive = false;
                    }
                    Ok(())
                }
                // A subtree, or an existing node: the scene's shape changes.
                Ok(_) => return Err(NoVerdict),
            },
            Command::Remove { id } => match self.must_live(id) {
                Err(k) => Err((op::REMOVE, k)),
                Ok(Live::New) => {
                    self.set_parent(id, NONE);
                    Ok(())
                }
                Ok(_) => return Err(NoVerdict),
            },
            Command::Insert { parent, child, before } => {
                let e = at(op::INSERT);
                let p = self.must_live(parent).map_err(e);
                let c = p.and_then(|_| self.must_live(child).map_err(e));
                match c {
                    Err(err) => Err(err),
                    // Moving an existing node changes the scene's shape.
                    Ok(Live::Scene) => return Err(NoVerdict),
                    Ok(_) if self.cycle(parent, child)? => Err(e(ErrorKind::Cycle { parent, child })),
                    Ok(_) if before == NONE => {
                        self.set_parent(child, parent);
                        Ok(())
                    }
                    Ok(_) => match self.must_live(before) {
                        Err(k) => Err(e(k)),
                        Ok(_) if self.parent(before) != parent => {
                            Err(e(ErrorKind::AnchorNotChild { parent, anchor: before }))
                        }
                        Ok(_) => {
                            if before != child {
                                self.set_parent(child, parent);
                            }
                            Ok(())
                        }
                    },
                }
            }
            Command::SetProps { id, .. } => self.must_live(id).map(drop).map_err(at(op::SET_PROPS)),
            Command::SetStr { id, .. } => self.must_live(id).map(drop).map_err(at(op::SET_STR)),
            Command::Animate { id, .. } => self.must_live(id).map(drop).map_err(at(op::ANIMATE)),
            Command::SetText { id, .. } => match self.must_live(id) {
                Err(k) => Err((op::SET_TEXT, k)),
                Ok(_) if self.kind(id) != Some(NodeKind::Text) => Err((op::SET_TEXT, ErrorKind::NotText(id))),
                Ok(_) => Ok(()),
            },
            Command::Focus { id } if id != NONE => self.must_live(id).map(drop).map_err(at(op::FOCUS)),
            Command::VideoState { id, .. } => self.must_live(id).map(drop).map_err(at(op::VIDEO_STATE)),
            Command::Transition { id, .. } => match self.must_live(id) {
                Err(k) => Err((op::TRANSITION, k)),
                // At most 4 transitions per node: not tracked here.
                Ok(_) => return Err(NoVerdict),
            },
            Command::Focus { .. }
            | Command::Frame { .. }
            | Command::RegisterFont { .. }
            | Command::AnimCtrl { .. }
            | Command::Navigate { .. }
            | Command::Pointer { .. }
            | Command::ImageLoaded { .. }
            | Command::ImageFailed { .. }
            | Command::Announce { .. }
            | Command::Skipped => Ok(()),
        })
    }
}

/// Walks a checked `batch` with `creates` `CREATE`s against `scene`;
/// returns the error the transaction would reject it with, when that is
/// certain before applying anything. `None`: no rejection found (or no
/// verdict): apply it.
pub fn reject_early(scene: &Scene, batch: &Checked<'_>, creates: usize) -> Option<BatchError> {
    // Creates that reuse free slots grow nothing: only the rest counts.
    // (After a big destroy, a screen rebuilt in its place would otherwise
    // pay this walk's side map, ~31 bytes per id, on top of the arena it
    // reuses: +640 KiB of Wasm high-water mark for 20k nodes.)
    if creates.saturating_sub(scene.free_slots()) <= CHECK_ABOVE_CREATES {
        return None;
    }
    let (mut index, mut made) = (FxHashMap::default(), Vec::new());
    if index.try_reserve(creates).is_err() || made.try_reserve_exact(creates).is_err() {
        return None;
    }
    let mut walk = Walk { scene, index, made };
    for (index, cmd) in batch.commands().enumerate() {
        match walk.step(cmd) {
            Ok(Ok(())) => {}
            Ok(Err((op, kind))) => return Some(BatchError { seq: batch.seq(), cmd_index: index as u32, op, kind }),
            Err(NoVerdict) => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::props::{key, PropValue};
    use crate::protocol::BatchBuilder;
    use crate::protocol::Batch;
    use crate::transaction::Journal;

    fn checked(words: &[u32]) -> Checked<'_> {
        Batch::parse(words).expect("header").validate().expect("well-formed")
    }

    /// Deterministic xorshift.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u32 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 >> 16) as u32
        }
        fn below(&mut self, n: u32) -> u32 {
            self.next() % n
        }
    }

    /// A scene of 60 existing nodes (a few text nodes) in a small tree.
    fn scene() -> (Scene, Journal) {
        let mut scene = Scene::new(640, 360);
        let mut j = Journal::new();
        let mut b = BatchBuilder::new(1);
        for id in 1..=60u32 {
            b.create(id, if id % 7 == 0 { NodeKind::Text } else { NodeKind::View });
            b.insert(if id <= 5 { 0 } else { id / 5 }, id, NONE);
        }
        let words = b.finish_words();
        let batch = checked(&words);
        j.apply(&mut scene, &batch, &mut Vec::new(), &|_, _| false).expect("setup applies");
        (scene, j)
    }

    /// A batch of 300..700 creates mixed with commands on existing, new,
    /// destroyed and unknown ids: most apply, many fail somewhere.
    fn random_batch(r: &mut Rng) -> Vec<u32> {
        let mut b = BatchBuilder::new(7);
        let n = 300 + r.below(400);
        let mut created: Vec<u32> = Vec::new();
        let id = |r: &mut Rng, created: &[u32]| match r.below(10) {
            0..=2 => 1 + r.below(60),
            3 => 5000 + r.below(50),
            _ if created.is_empty() => 1 + r.below(60),
            _ => created[r.below(created.len() as u32) as usize],
        };
        for i in 0..n {
            let new = if r.below(400) == 0 { id(r, &created) } else { 1000 + i };
            if r.below(4) != 0 {
                b.create(new, if r.below(5) == 0 { NodeKind::Text } else { NodeKind::View });
                created.push(new);
            }
            // Mostly good commands; a rare bad one.
            let rare = r.below(300) == 0;
            match r.below(12) {
                0..=4 if rare => {
                    let before = if r.below(2) == 0 { id(r, &created) } else { NONE };
                    b.insert(id(r, &created), id(r, &created), before);
                }
                0..=4 => {
                    let c = created.last().copied().unwrap_or(1);
                    let p = if created.len() > 1 && r.below(2) == 0 { created[created.len() - 2] } else { 0 };
                    b.insert(p, c, NONE);
                }
                5 | 6 => {
                    let t = if rare { id(r, &created) } else { created.last().copied().unwrap_or(1) };
                    b.set_props(t, &[(key::X, PropValue::F32(1.0))]);
                }
                7 if rare => {
                    b.set_text(id(r, &created), "hi");
                }
                8 if rare => {
                    b.destroy(id(r, &created));
                }
                9 if rare => {
                    b.remove(id(r, &created));
                }
                10 if rare => {
                    b.focus(id(r, &created));
                }
                _ => {
                    b.frame(0.0);
                }
            }
        }
        b.finish_words()
    }

    #[test]
    fn early_rejections_are_exactly_the_transactions_errors() {
        let mut r = Rng(0x9e37_79b9_7f4a_7c15);
        let (mut verdicts, mut rejected, mut no_verdict_rejected) = (0, 0, 0);
        for case in 0..400 {
            let words = random_batch(&mut r);
            let batch = checked(&words);
            let creates = batch.commands().filter(|c| matches!(c, Command::Create { .. })).count();
            assert_eq!(creates, batch.creates as usize, "the checked batch counts its creates");
            let (mut scene, mut j) = scene();
            let early = reject_early(&scene, &batch, creates);
            j.skip_precheck = true;
            let real = j.apply(&mut scene, &batch, &mut Vec::new(), &|_, _| false);
            match (&early, &real) {
                (Some(e), Err(r)) => {
                    assert_eq!(e, r, "case {case}");
                    verdicts += 1;
                }
                (Some(e), Ok(_)) => panic!("case {case}: rejected early ({e}) but the transaction applies it"),
                (None, Err(_)) => no_verdict_rejected += 1,
                (None, Ok(_)) => {}
            }
            rejected += usize::from(real.is_err());
        }
        println!("{rejected} of 400 rejected: {verdicts} early, {no_verdict_rejected} left to the transaction");
        // The walk answers for most of the rejected batches (the rest
        // destroy or move existing nodes before their error).
        assert!((100..300).contains(&rejected), "{rejected} of 400 rejected: the generator makes good and bad batches");
        assert!(verdicts * 2 > rejected, "{verdicts} early of {rejected} rejected ({no_verdict_rejected} without a verdict)");
    }

    #[test]
    fn the_issue_batch_is_rejected_before_it_allocates() {
        let (scene, _) = scene();
        let mut b = BatchBuilder::new(3);
        for id in 1000..41_000u32 {
            b.create(id, NodeKind::View).insert(0, id, NONE);
        }
        b.insert(0, 999_999, NONE);
        let words = b.finish_words();
        let batch = checked(&words);
        let e = reject_early(&scene, &batch, 40_000).expect("rejected early");
        assert_eq!((e.cmd_index, e.op, e.kind), (80_000, op::INSERT, ErrorKind::UnknownNode(999_999)));
        // A cycle among new nodes, and a new node anchored under the wrong parent.
        let mut b = BatchBuilder::new(4);
        for id in 1000..1300u32 {
            b.create(id, NodeKind::View).insert(if id == 1000 { 0 } else { id - 1 }, id, NONE);
        }
        b.insert(1299, 1000, NONE);
        let words = b.finish_words();
        let e = reject_early(&scene, &checked(&words), 300).expect("cycle");
        assert_eq!(e.kind, ErrorKind::Cycle { parent: 1299, child: 1000 });
    }
}
