//! What the app asked of each video node, read from the app's own batches.
//!
//! # Why a mirror on the host
//! The engine keeps the same table (`reel_wire::video`), but it lives in
//! the engine's instance (wasmtime or the JS fallback, on the engine thread)
//! and the C ABI has no export for it; the browser's video plane reads the
//! shim's node mirror instead. The native host sees every batch the app
//! sends on its way to the engine thread, so it decodes them with the
//! engine's own wire reader ([`Batch`]) and keeps what a player needs:
//! `src`, `poster`, `autoplay`/`muted`/`loop`, `paused` as the app wrote it
//! (unset, true or false: unset with autoplay plays, as in the browser) and
//! seeks. Only batches the engine accepted are applied ([`Mirror::apply`] is
//! called after the reply), so a rejected batch changes nothing here either.
//! Destroyed subtrees are not tracked: a node that is gone has no `VIDEO`
//! display item, and the plane drops players whose surface went.

use std::collections::HashMap;

use reel_wire::protocol::decode::as_words;
use reel_wire::protocol::props::{key, PropValue};
use reel_wire::protocol::{Batch, Command, NodeKind};

/// One video node's requested state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VideoProps {
    /// `src` ("" = none).
    pub src: String,
    /// `poster` ("" = none).
    pub poster: String,
    /// Start playing once loaded (unless `paused` is true).
    pub autoplay: bool,
    /// No sound (the host plays none anyway; kept for completeness).
    pub muted: bool,
    /// Start again at the end.
    pub looped: bool,
    /// `paused` as written: `None` never set (or reset).
    pub paused: Option<bool>,
    /// A seek not yet taken by the player (seconds).
    pub seek: Option<f32>,
    /// Bumped on every `src` write (a new value, or the same one again:
    /// the browser reloads on any `src` assignment too).
    pub src_gen: u32,
    /// Bumped when `paused` goes to false (a new play request: a
    /// decoder-limit refusal is reported once per request).
    pub play_gen: u32,
}

impl VideoProps {
    /// Whether the app wants it playing (`paused: false`, or autoplay with
    /// `paused` unset).
    pub fn wants_play(&self) -> bool {
        match self.paused {
            Some(p) => !p,
            None => self.autoplay,
        }
    }
}

/// The video nodes the app created, by id.
#[derive(Debug, Default)]
pub struct Mirror {
    nodes: HashMap<u32, VideoProps>,
    scratch: Vec<u32>,
}

impl Mirror {
    /// The requested state of video node `id`.
    pub fn get(&self, id: u32) -> Option<&VideoProps> {
        self.nodes.get(&id)
    }

    /// Takes node `id`'s pending seek.
    pub fn take_seek(&mut self, id: u32) -> Option<f32> {
        self.nodes.get_mut(&id).and_then(|v| v.seek.take())
    }

    /// Video nodes known (created and not destroyed by id).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// No video nodes.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Applies a batch the engine accepted. A batch that does not parse is
    /// ignored (the engine rejected it, so it is never passed here).
    pub fn apply(&mut self, bytes: &[u8]) {
        let mut scratch = std::mem::take(&mut self.scratch);
        if let Ok(words) = as_words(bytes, &mut scratch) {
            if let Ok(batch) = Batch::parse(words) {
                for cmd in batch.commands().flatten() {
                    self.command(cmd);
                }
            }
        }
        self.scratch = scratch;
    }

    fn command(&mut self, cmd: Command<'_>) {
        match cmd {
            Command::Create { id, kind } => {
                if kind == NodeKind::Video {
                    self.nodes.insert(id, VideoProps::default());
                } else {
                    self.nodes.remove(&id);
                }
            }
            Command::Destroy { id } => {
                self.nodes.remove(&id);
            }
            Command::SetProps { id, props } => {
                let Some(v) = self.nodes.get_mut(&id) else { return };
                for e in props {
                    let value = e.decode().unwrap_or(PropValue::Reset);
                    let on = matches!(value, PropValue::U32(1));
                    match e.key {
                        key::AUTOPLAY => v.autoplay = on,
                        key::MUTED => v.muted = on,
                        key::LOOP => v.looped = on,
                        key::PAUSED => {
                            let was_playing = v.paused == Some(false);
                            v.paused = match value {
                                PropValue::U32(b) => Some(b == 1),
                                _ => None,
                            };
                            if v.paused == Some(false) && !was_playing {
                                v.play_gen = v.play_gen.wrapping_add(1);
                            }
                        }
                        key::CURRENT_TIME => {
                            v.seek = Some(match value {
                                PropValue::F32(t) => t,
                                _ => 0.0,
                            });
                        }
                        _ => {}
                    }
                }
            }
            Command::SetStr { id, key: k, value } => {
                let Some(v) = self.nodes.get_mut(&id) else { return };
                if k == key::SRC {
                    value.clone_into(&mut v.src);
                    v.src_gen = v.src_gen.wrapping_add(1);
                } else if k == key::POSTER {
                    value.clone_into(&mut v.poster);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reel_wire::protocol::BatchBuilder;

    #[test]
    fn follows_creates_props_and_destroys() {
        let mut m = Mirror::default();
        let mut b = BatchBuilder::new(1);
        b.create(5, NodeKind::Video).create(6, NodeKind::View);
        b.set_str(5, key::SRC, "a.webp").set_str(5, key::POSTER, "p.png");
        b.set_props(5, &[(key::AUTOPLAY, PropValue::U32(1)), (key::CURRENT_TIME, PropValue::F32(1.5))]);
        m.apply(&b.finish());
        let v = m.get(5).cloned().unwrap_or_default();
        assert_eq!((v.src.as_str(), v.poster.as_str(), v.autoplay, v.paused, v.src_gen), ("a.webp", "p.png", true, None, 1));
        assert!(v.wants_play());
        assert_eq!(m.take_seek(5), Some(1.5));
        assert_eq!(m.take_seek(5), None);
        assert!(m.get(6).is_none(), "only video nodes");
        let mut b = BatchBuilder::new(2);
        b.set_props(5, &[(key::PAUSED, PropValue::U32(1))]);
        m.apply(&b.finish());
        assert!(!m.get(5).is_some_and(VideoProps::wants_play));
        let mut b = BatchBuilder::new(3);
        b.set_props(5, &[(key::PAUSED, PropValue::U32(0))]);
        m.apply(&b.finish());
        assert_eq!(m.get(5).map(|v| (v.wants_play(), v.play_gen)), Some((true, 1)));
        let mut b = BatchBuilder::new(4);
        b.destroy(5);
        m.apply(&b.finish());
        assert!(m.is_empty());
    }
}
