//! Video nodes' playback state, in a side table keyed by node id.
//!
//! The engine does not decode video: the host plays it (a `<video>` element
//! under the canvas in the browser). The engine keeps what the app asked for
//! (`autoplay`, `muted`, `loop`, `paused`, a pending seek, the `poster`) so
//! the host can read it, and where the surface is (the display list's
//! `VIDEO` item). `src` stays in the node's own `src` field, like an image's,
//! so snapshots and undo cover it for free.
//!
//! Why a side table and not node fields: few scenes have a video and most
//! have none, so a node pays nothing for it; and the table is filled after a
//! batch commits ([`Videos::after_commit`]), so a rejected batch never
//! touches it and the transaction journal needs no undo entries for it.

use crate::protocol::events::EventWriter;
use crate::protocol::props::{key, PropValue};
use crate::protocol::{Checked, Command, NodeKind};
use crate::scene::Scene;

pub use reel_wire::video::{check_state, reason, state};

/// `TIMEUPDATE` is forwarded when the position moved at least this far
/// (seconds of media time: 4 per second while playing at normal speed), or
/// went back (a seek, a loop).
pub const TIMEUPDATE_STEP: f32 = 0.25;

/// `flags` bits of a [`Video`].
pub mod flag {
    /// Start playing once loaded.
    pub const AUTOPLAY: u32 = 1;
    /// No sound.
    pub const MUTED: u32 = 2;
    /// Start again at the end.
    pub const LOOP: u32 = 4;
    /// The app paused it (`paused: true`).
    pub const PAUSED: u32 = 8;
}

/// One video node's requested state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Video {
    /// The node's id.
    pub id: u32,
    /// [`flag`] bits.
    pub flags: u32,
    /// A seek the app asked for (seconds), not yet taken by the host.
    pub seek: Option<f32>,
    /// Image shown until the first frame ("" = none).
    pub poster: String,
    /// Something changed since the host last read it.
    pub changed: bool,
    /// Position of the last `TIMEUPDATE` forwarded to the app (-1: none).
    pub last_update: f32,
}

/// The video nodes of a scene.
#[derive(Debug, Default)]
pub struct Videos {
    list: Vec<Video>,
}

impl Videos {
    /// No video nodes.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The video nodes, in creation order.
    pub fn iter(&self) -> impl Iterator<Item = &Video> {
        self.list.iter()
    }

    /// The state of video node `id`.
    pub fn get(&self, id: u32) -> Option<&Video> {
        self.list.iter().find(|v| v.id == id)
    }

    /// Takes video node `id`'s pending seek and clears its `changed` mark.
    pub fn take(&mut self, id: u32) -> Option<Option<f32>> {
        let v = self.list.iter_mut().find(|v| v.id == id)?;
        v.changed = false;
        Some(v.seek.take())
    }

    /// Records what a committed `batch` asked of video nodes, forwards the
    /// host's `VIDEO_STATE`s as `VIDEO` events (validated by the
    /// transaction: live video nodes), then drops the entries of nodes no
    /// longer alive (a destroyed subtree, a reused id).
    pub fn after_commit(&mut self, scene: &Scene, batch: &Checked<'_>, events: &mut EventWriter) {
        for cmd in batch.commands() {
            match cmd {
                Command::VideoState { id, state, reason, time, size } => {
                    let Some(v) = self.list.iter_mut().find(|v| v.id == id) else { continue };
                    if state == state::TIMEUPDATE {
                        if time >= v.last_update && time < v.last_update + TIMEUPDATE_STEP {
                            continue;
                        }
                        v.last_update = time;
                    }
                    events.video(id, state, reason, time, size);
                }
                Command::Create { id, kind: NodeKind::Video } => {
                    self.list.retain(|v| v.id != id);
                    self.list.push(Video { id, flags: 0, seek: None, poster: String::new(), changed: true, last_update: -1.0 });
                }
                Command::SetProps { id, props } => {
                    let Some(v) = self.list.iter_mut().find(|v| v.id == id) else { continue };
                    for e in props {
                        let value = e.value();
                        let on = matches!(value, PropValue::U32(1));
                        let bit = match e.key {
                            key::AUTOPLAY => flag::AUTOPLAY,
                            key::MUTED => flag::MUTED,
                            key::LOOP => flag::LOOP,
                            key::PAUSED => flag::PAUSED,
                            key::CURRENT_TIME => {
                                v.seek = match value {
                                    PropValue::F32(t) => Some(t),
                                    _ => Some(0.0),
                                };
                                v.changed = true;
                                continue;
                            }
                            _ => continue,
                        };
                        v.flags = if on { v.flags | bit } else { v.flags & !bit };
                        v.changed = true;
                    }
                }
                Command::SetStr { id, key: k, value } if k == key::POSTER || k == key::SRC => {
                    if let Some(v) = self.list.iter_mut().find(|v| v.id == id) {
                        if k == key::POSTER {
                            value.clone_into(&mut v.poster);
                        }
                        v.changed = true;
                    }
                }
                _ => {}
            }
        }
        self.list.retain(|v| scene.get(v.id).is_some_and(|n| n.alive && n.kind == NodeKind::Video));
    }
}
